"""Istio objects (Gateway, VirtualService, DestinationRule, ServiceEntry...) as Pulumi resources.

pulumi-kubernetes has no typed classes for Istio kinds, so each is a `CustomResource` made from
a rendered manifest; the engine, the manifests and the policies see each one (DESIGN.md: never
an opaque bundle)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pulumi
import pulumi_kubernetes as kubernetes


def istio_object(
    name: str, manifest: Mapping[str, Any], opts: pulumi.ResourceOptions
) -> kubernetes.apiextensions.CustomResource:
    """The Istio object `manifest` (apiVersion, kind, metadata, spec) as resource `name`."""
    return kubernetes.apiextensions.CustomResource(
        name,
        api_version=manifest["apiVersion"],
        kind=manifest["kind"],
        metadata=manifest["metadata"],
        spec=manifest["spec"],
        opts=opts,
    )
