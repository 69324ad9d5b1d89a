"""Rules on what one mesh over several clusters needs to carry traffic: one root of trust, and
a way into every network.

Istio's multicluster install guides ("Before you begin", "Configure trust"; "Install
Multi-Primary on different networks"): the clusters of one mesh trust one root, and on several
networks each network exposes its services to the others through an east-west gateway that
istiod finds by the `topology.istio.io/network` label of its Service.
"""

from __future__ import annotations

from ..errors import SpecError
from ..models import PlatformSpec
from ..placement import placed_on


def discovery_peers(spec: PlatformSpec) -> list[str]:
    """The clusters whose in-cluster istiods read each other's API servers (remote secrets):
    those with the in-cluster control plane, when the clusters form one mesh and are two or more."""
    in_cluster = [c.name for c in spec.clusters if spec.control_plane(c) == "in-cluster"]
    return in_cluster if spec.multi_cluster and len(in_cluster) >= 2 else []


def _names(names: list[str]) -> str:
    return ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else names[0]


def _trust_root(spec: PlatformSpec) -> None:
    peers = discovery_peers(spec)
    if peers and spec.mesh.trust_root is None:
        raise SpecError(
            ["mesh", "trustRoot"],
            f"is required: {_names(peers)} share a mesh with in-cluster control planes, and each"
            " istiod would sign with a root of its own, so mTLS between them fails (Istio's"
            ' multicluster guides, "Configure trust")',
        )
    if spec.mesh.trust_root is not None and not any(
        spec.control_plane(c) == "in-cluster" for c in spec.clusters
    ):
        raise SpecError(
            ["mesh", "trustRoot"],
            "is set, but no cluster runs the in-cluster control plane; the managed mesh keeps Google's CA",
        )


def _east_west_per_network(spec: PlatformSpec) -> None:
    peers = discovery_peers(spec)
    networks: dict[str, list[str]] = {}
    for cluster in spec.clusters:
        if cluster.name in peers:
            networks.setdefault(spec.mesh_network(cluster), []).append(cluster.name)
    if len(networks) < 2:
        return
    east_west = [g for g in spec.gateways if g.kind == "east-west"]
    for network, clusters in networks.items():
        if not any(placed_on(g.clusters, c) for g in east_west for c in clusters):
            raise SpecError(
                ["gateways"],
                f"network {network} ({_names(clusters)}) shares a mesh with other networks but no"
                " east-west gateway runs on it, so its endpoints are unreachable from them; add a"
                " gateway of kind east-west placed on it (Istio's \"Install Multi-Primary on"
                ' different networks")',
            )
    for i, gateway in enumerate(spec.gateways):
        if gateway.kind == "east-west" and gateway.service == "ClusterIP":
            raise SpecError(
                ["gateways", i, "serviceType"],
                "ClusterIP has no address other networks reach; an east-west gateway of a"
                " multi-network mesh is a LoadBalancer or NodePort Service",
            )


RULES = (_trust_root, _east_west_per_network)
"""Mesh rules, in the order a reader would fix them."""
