"""Rules on gateway kinds, their Service exposure and their upgrades (spec/rules/gateways.py)."""

from __future__ import annotations

from typing import Any

from components.spec import parse_platform

from .fixtures import dev_platform, spec_message

ISTIOD = {"revisions": [{"name": "1-23-4", "version": "1.23.4"}, {"name": "1-24-2", "version": "1.24.2"}]}


def _with_gateway(mesh: dict[str, Any] | None = None, **fields: Any) -> dict[str, Any]:
    raw = dev_platform()
    raw["gateways"].append({"name": "edge", "namespace": "edge", **fields})
    raw["mesh"].update(mesh or {})
    return raw


def _in_cluster(**fields: Any) -> dict[str, Any]:
    raw = _with_gateway({"controlPlane": "in-cluster", "istiod": ISTIOD, "trustRoot": {}}, **fields)
    # Managed-only settings are refused without a managed cluster (rules/control_planes.py).
    for managed_only in ("channel", "implementation", "injection"):
        raw["mesh"].pop(managed_only, None)
    return raw


def test_load_balancer_ip_needs_a_load_balancer_service() -> None:
    assert spec_message(_with_gateway(serviceType="NodePort", loadBalancerIP="203.0.113.1")) == (
        "platform.gateways[1].loadBalancerIP: needs serviceType LoadBalancer; edge's Service is NodePort"
    )


def test_node_ports_need_a_node_port_service() -> None:
    assert spec_message(_with_gateway(nodePorts={"http2": 31380})) == (
        "platform.gateways[1].nodePorts: needs serviceType NodePort; edge's Service is LoadBalancer"
    )


def test_vip_needs_a_node_port_service() -> None:
    assert spec_message(_with_gateway(kind="egress", vip="10.0.0.9")).startswith(
        "platform.gateways[1].vip: is the address in front of nodePorts and needs serviceType NodePort;"
        " edge's Service is ClusterIP"
    )


def test_node_port_names_a_port_of_the_gateway_kind() -> None:
    raw = _with_gateway(kind="egress", serviceType="NodePort", nodePorts={"status-port": 31021})

    assert spec_message(raw) == (
        "platform.gateways[1].nodePorts.status-port: egress gateways expose no port status-port; "
        "their ports are http2, https"
    )


def test_node_port_pinned_twice_on_one_cluster_is_refused() -> None:
    raw = _with_gateway(serviceType="NodePort", nodePorts={"http2": 31380, "https": 31380})

    assert spec_message(raw) == (
        "platform.gateways[1].nodePorts.https: nodePort 31380 is already pinned by "
        "platform.gateways[1].nodePorts.http2 on tokyo-1"
    )


def test_same_node_port_on_different_clusters_is_accepted() -> None:
    raw = _with_gateway(serviceType="NodePort", nodePorts={"http2": 31380}, clusters=["tokyo-1"])
    raw["gateways"].append(
        {
            "name": "edge-2",
            "namespace": "edge",
            "serviceType": "NodePort",
            "nodePorts": {"http2": 31380},
            "clusters": ["tokyo-2"],
        }
    )

    assert parse_platform(raw).gateways[2].node_ports == {"http2": 31380}


def test_egress_hosts_only_on_egress_gateways() -> None:
    assert spec_message(_with_gateway(egressHosts=[{"host": "api.example.com"}])) == (
        "platform.gateways[1].egressHosts: only egress gateways have them; edge is ingress"
    )


def test_egress_host_listed_twice_is_refused() -> None:
    raw = _with_gateway(kind="egress", egressHosts=[{"host": "api.example.com"}, {"host": "api.example.com"}])

    assert spec_message(raw) == (
        "platform.gateways[1].egressHosts[1].host: 'api.example.com' already leaves through "
        "platform.gateways[1].egressHosts[0].host"
    )


def test_east_west_gateway_on_traffic_director_is_refused() -> None:
    assert spec_message(_with_gateway(kind="east-west")) == (
        "platform.gateways[1].kind: east-west gateways need istiod (AUTO_PASSTHROUGH), which the managed "
        "TRAFFIC_DIRECTOR implementation on tokyo-1 does not support (Google's \"Installing and upgrading"
        ' gateways with Istio APIs");'
        " set mesh.implementation: "
        "ISTIOD or mesh.controlPlane: in-cluster"
    )


def test_east_west_gateway_on_managed_istiod_is_accepted() -> None:
    spec = parse_platform(_with_gateway({"implementation": "ISTIOD"}, kind="east-west"))

    assert spec.gateways[1].kind == "east-west"


def test_east_west_gateway_on_the_aks_addon_is_refused() -> None:
    from .test_clouds import AKS, AZURE

    raw = _with_gateway({"implementation": "ISTIOD"}, kind="east-west")
    raw["clusters"].append(dict(AKS))
    raw["azure"] = AZURE
    for placed in (raw["gateways"][0], *raw["routes"]):
        placed["clusters"] = ["tokyo-1", "tokyo-2"]
    raw["gateways"][1]["clusters"] = ["tokyo-1", "osaka-1"]

    assert spec_message(raw).startswith(
        "platform.gateways[1].kind: east-west gateways need istiod (managed ISTIOD or in-cluster); "
        "osaka-1 runs the AKS Istio add-on"
    )


def test_two_east_west_gateways_in_one_namespace_are_refused() -> None:
    raw = _with_gateway({"implementation": "ISTIOD"}, kind="east-west")
    raw["gateways"].append({"name": "edge-2", "namespace": "edge", "kind": "east-west"})

    assert spec_message(raw) == (
        "platform.gateways[2].namespace: edge already has east-west gateway edge; "
        "its cross-network-gateway is one per namespace"
    )


def test_gateway_revision_must_run_on_its_clusters() -> None:
    assert spec_message(_in_cluster(revision="1-25-0")) == (
        "platform.gateways[1].revision: '1-25-0' is not a revision tokyo-1 runs (1-23-4, 1-24-2)"
    )


def test_managed_gateway_may_pin_the_channel_revision() -> None:
    assert (
        parse_platform(_with_gateway(revision="asm-managed-stable")).gateways[1].revision
        == "asm-managed-stable"
    )


def test_canary_on_the_managed_plane_is_refused() -> None:
    raw = _with_gateway(revision="asm-managed-stable", canary={"revision": "asm-managed-rapid"})

    assert spec_message(raw) == (
        "platform.gateways[1].canary.revision: 'asm-managed-rapid' is not a revision tokyo-1 runs "
        "(asm-managed-stable); a managed control plane runs one channel per cluster "
        '(Google\'s "Installing and upgrading gateways with Istio APIs"), so '
        "canary upgrades need an in-cluster istiod"
    )


def test_canary_needs_the_gateway_revision() -> None:
    assert spec_message(_in_cluster(canary={"revision": "1-24-2"})).startswith(
        "platform.gateways[1].canary: needs the gateway's own revision"
    )


def test_canary_on_the_gateway_revision_is_refused() -> None:
    assert spec_message(_in_cluster(revision="1-24-2", canary={"revision": "1-24-2"})) == (
        "platform.gateways[1].canary.revision: is the gateway's own revision '1-24-2'; a canary runs another"
    )


def test_canary_on_another_istiod_revision_is_accepted() -> None:
    spec = parse_platform(_in_cluster(revision="1-23-4", canary={"revision": "1-24-2"}))

    assert spec.gateways[1].canary is not None


def test_restarted_at_must_be_a_timestamp() -> None:
    assert spec_message(_with_gateway(restartedAt="yesterday")) == (
        "platform.gateways[1].restartedAt: 'yesterday' must be an RFC 3339 time, as kubectl rollout "
        "restart writes it (e.g. 2026-12-01T16:00:00Z)"
    )


def test_pinned_and_unpinned_gateways_in_one_namespace_are_refused() -> None:
    raw = _with_gateway(revision="asm-managed-stable")
    raw["gateways"].append({"name": "edge-2", "namespace": "edge"})

    assert spec_message(raw).startswith(
        "platform.gateways[1].revision: edge pins a revision but edge-2 in the same namespace edge does not"
    )


def test_route_through_an_egress_gateway_is_refused() -> None:
    raw = _with_gateway(kind="egress")
    raw["routes"][0]["gateway"] = "edge"

    assert spec_message(raw) == (
        "platform.routes[0].gateway: 'edge' is an egress gateway; routes enter through an ingress gateway"
    )


def test_source_ranges_need_a_load_balancer_service() -> None:
    raw = _with_gateway(kind="egress", loadBalancerSourceRanges=["10.0.0.0/8"])

    assert spec_message(raw) == (
        "platform.gateways[1].loadBalancerSourceRanges: needs serviceType LoadBalancer;"
        " edge's Service is ClusterIP"
    )


def test_egress_host_is_a_fully_qualified_domain_without_wildcard() -> None:
    raw = _with_gateway(kind="egress", egressHosts=[{"host": "*.example.com"}])

    assert spec_message(raw) == (
        "platform.gateways[1].egressHosts[0].host: '*.example.com' must be a fully qualified domain"
        " without wildcard (e.g. shop.example.com)"
    )
