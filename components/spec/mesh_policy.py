"""Mesh-wide objects rendered from the mesh spec (pure functions, no Pulumi)."""

from __future__ import annotations

from typing import Any

from .labels import MANAGED_BY_LABELS
from .models import MeshSpec

# Istio's root namespace: a PeerAuthentication here applies to the whole mesh. Cloud Service
# Mesh keeps istio-system as the root namespace for its managed control plane.
ROOT_NAMESPACE = "istio-system"


def mesh_peer_authentication(mesh: MeshSpec) -> dict[str, Any]:
    """The mesh-wide mTLS mode: STRICT refuses plain-text traffic between workloads (seed 001)."""
    return {
        "apiVersion": "security.istio.io/v1",
        "kind": "PeerAuthentication",
        "metadata": {
            "name": "default",
            "namespace": ROOT_NAMESPACE,
            "labels": dict(MANAGED_BY_LABELS),
        },
        "spec": {"mtls": {"mode": mesh.mtls}},
    }
