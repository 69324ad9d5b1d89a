"""Every Kubernetes object the dev stack renders passes the strict upstream schemas."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pytest

from components.engine import kubernetes_manifests, load_stack_config, run_program
from tests.schemas import validate_manifest

ROOT = Path(__file__).resolve().parents[2]


@functools.cache
def dev_manifests() -> dict[str, list[dict[str, Any]]]:
    config = load_stack_config(ROOT / "stacks" / "Pulumi.dev.yaml")
    return kubernetes_manifests(run_program(ROOT / "stacks", project="meshfleet", stack="dev", config=config))


def _all() -> list[dict[str, Any]]:
    return [m for manifests in dev_manifests().values() for m in manifests]


def _id(manifest: dict[str, Any]) -> str:
    return f"{manifest['kind']}/{manifest['metadata'].get('namespace', '-')}/{manifest['metadata']['name']}"


@pytest.mark.parametrize("manifest", _all(), ids=_id)
def test_manifest_passes_strict_schema(manifest: dict[str, Any]) -> None:
    validate_manifest(manifest)


def test_dev_renders_mesh_gateway_and_route_kinds() -> None:
    kinds = sorted(m["kind"] for m in _all())
    assert kinds == sorted(
        [
            "Namespace",
            "Namespace",
            "ServiceAccount",
            "Role",
            "RoleBinding",
            "Deployment",
            "Service",
            "HorizontalPodAutoscaler",
            "PodDisruptionBudget",
            "Gateway",
            "VirtualService",
            "DestinationRule",
            "PeerAuthentication",
        ]
    )


def test_manifests_hold_no_unknown_values() -> None:
    # Everything Kubernetes-side comes from the spec; an unknown here would mean a manifest
    # that cannot be reviewed before `pulumi up`.
    assert "<unknown>" not in repr(_all())
