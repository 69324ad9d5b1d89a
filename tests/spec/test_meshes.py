"""What one mesh over several clusters needs to carry traffic: one root, a way into every network."""

from __future__ import annotations

import copy
from typing import Any

from components.spec import parse_platform
from tests.attached.test_attached_clusters import EAST_WEST, TWO
from tests.spec.fixtures import dev_platform, spec_message


def two_networks(**changes: Any) -> dict[str, Any]:
    raw = copy.deepcopy(TWO)
    raw.update(changes)
    return raw


def test_two_in_cluster_planes_in_one_mesh_need_a_trust_root() -> None:
    raw = two_networks()
    del raw["mesh"]["trustRoot"]

    assert spec_message(raw) == (
        "platform.mesh.trustRoot: is required: onprem-1 and onprem-2 share a mesh with in-cluster"
        " control planes, and each istiod would sign with a root of its own, so mTLS between them"
        ' fails (Istio\'s multicluster guides, "Configure trust")'
    )


def test_clusters_outside_one_mesh_need_no_trust_root() -> None:
    raw = two_networks()
    del raw["mesh"]["trustRoot"]
    raw["mesh"]["multiCluster"] = False

    assert parse_platform(raw).mesh.trust_root is None


def test_a_trust_root_without_an_in_cluster_plane_is_refused() -> None:
    raw = dev_platform()
    raw["mesh"]["trustRoot"] = {}

    assert spec_message(raw) == (
        "platform.mesh.trustRoot: is set, but no cluster runs the in-cluster control plane; the"
        " managed mesh keeps Google's CA"
    )


def test_a_network_without_an_east_west_gateway_is_refused() -> None:
    raw = two_networks()
    raw["gateways"][1] = {**EAST_WEST, "clusters": ["onprem-1"]}

    assert spec_message(raw) == (
        "platform.gateways: network dc-2 (onprem-2) shares a mesh with other networks but no"
        " east-west gateway runs on it, so its endpoints are unreachable from them; add a gateway"
        ' of kind east-west placed on it (Istio\'s "Install Multi-Primary on different networks")'
    )


def test_clusters_on_one_network_need_no_east_west_gateway() -> None:
    raw = two_networks(gateways=TWO["gateways"][:1])
    raw["clusters"][1] = {**raw["clusters"][1], "network": "onprem-1"}

    assert parse_platform(raw).gateways[0].kind == "ingress"


def test_a_cluster_ip_east_west_gateway_of_a_multi_network_mesh_is_refused() -> None:
    raw = two_networks()
    raw["gateways"][1] = {k: v for k, v in EAST_WEST.items() if k != "loadBalancerSourceRanges"}
    raw["gateways"][1]["serviceType"] = "ClusterIP"

    assert spec_message(raw).startswith(
        "platform.gateways[1].serviceType: ClusterIP has no address other networks reach"
    )


def test_registry_only_is_the_default_with_an_egress_gateway() -> None:
    raw = two_networks()
    raw["gateways"].append({"name": "egress", "kind": "egress", "namespace": "istio-egress"})

    assert parse_platform(raw).outbound_traffic_policy == "REGISTRY_ONLY"


def test_allow_any_is_the_default_without_an_egress_gateway() -> None:
    assert parse_platform(two_networks()).outbound_traffic_policy == "ALLOW_ANY"


def test_the_spec_may_opt_out_of_registry_only() -> None:
    raw = two_networks()
    raw["gateways"].append({"name": "egress", "kind": "egress", "namespace": "istio-egress"})
    raw["mesh"]["outboundTrafficPolicy"] = "ALLOW_ANY"

    assert parse_platform(raw).outbound_traffic_policy == "ALLOW_ANY"
