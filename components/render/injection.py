"""Namespace labels that turn on Istio proxy injection for a mesh.

Gateways and sidecars get their proxy from the injection webhook, which chooses a namespace
by its labels (Google's "Installing and upgrading gateways" guides). A namespace carries exactly one of
the two mechanisms:
`istio-injection=enabled` (the default revision, or a `default` tag) or
`istio.io/rev=<revision>` (a named revision such as `asm-managed-stable`). With both, the
webhook's choice is ambiguous, which is why Google's "Installing and upgrading gateways" removes one while
setting the other
(`kubectl label namespace NS istio-injection- istio.io/rev=REVISION --overwrite`).

A gateway namespace without a matching label is not a harmless omission: the gateway
Deployment's `image: auto` is only replaced by the webhook, so its pods never start
(Google's "Installing and upgrading gateways", troubleshooting: "auto" left in place means a wrong
namespace label).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from components.spec.models import MeshSpec

from .labels import MANAGED_BY_LABELS

DEFAULT_INJECTION_LABEL = "istio-injection"
REVISION_LABEL = "istio.io/rev"


def namespace_labels(mesh: MeshSpec) -> dict[str, str]:
    """The single injection label for a namespace whose pods join the managed mesh `mesh`."""
    if mesh.injection == "default":
        return {DEFAULT_INJECTION_LABEL: "enabled"}
    # Managed Cloud Service Mesh names its revisions after the channel (asm-managed,
    # asm-managed-rapid, asm-managed-stable); Google's "Set up a multi-cluster mesh on managed Cloud Service
    # Mesh" labels istio.io/rev=asm-managed-stable.
    return {REVISION_LABEL: mesh.revision}


def injected_namespace(name: str, injection_labels: Mapping[str, str]) -> dict[str, Any]:
    """A Namespace whose pods (gateways or applications) get the proxy of the control plane
    that injects namespaces labelled `injection_labels`."""
    return {
        "apiVersion": "v1",
        "kind": "Namespace",
        "metadata": {"name": name, "labels": {**MANAGED_BY_LABELS, **injection_labels}},
    }
