"""The mesh-wide mTLS mode as an Istio PeerAuthentication (pure function, no Pulumi)."""

from __future__ import annotations

from typing import Any

from components.spec.models import MeshSpec

from .labels import MANAGED_BY_LABELS

# Istio's root namespace: a PeerAuthentication here applies to the whole mesh. Cloud Service
# Mesh keeps istio-system as the root namespace for its managed control plane.
ROOT_NAMESPACE = "istio-system"


def mesh_peer_authentication(mesh: MeshSpec, root_namespace: str = ROOT_NAMESPACE) -> dict[str, Any]:
    """The mesh-wide mTLS mode: STRICT refuses plain-text traffic between workloads (Google's "Installing
    Anthos Service Mesh on GKE on VMware").

    `root_namespace` is the control plane's (`MeshCluster.control_plane.root_namespace`): the
    AKS add-on's is aks-istio-system.
    """
    return {
        "apiVersion": "security.istio.io/v1",
        "kind": "PeerAuthentication",
        "metadata": {
            "name": "default",
            "namespace": root_namespace,
            "labels": dict(MANAGED_BY_LABELS),
        },
        "spec": {"mtls": {"mode": mesh.mtls}},
    }
