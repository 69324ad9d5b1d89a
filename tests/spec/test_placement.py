"""Placement (`clusters` of gateways and routes), mesh routes and one DestinationRule per host."""

from __future__ import annotations

from typing import Any

from components.spec import parse_platform
from components.spec.placement import clusters_of, destination_rule_owners, placed_on
from tests.spec.fixtures import dev_platform, spec_message

SUBSETS = {"v1": {"version": "v1"}, "v2": {"version": "v2"}}


def mesh_route(**fields: Any) -> dict[str, Any]:
    return {
        "name": "helloworld-mesh",
        "namespace": "sample",
        "service": {"host": "helloworld", "port": 5000},
        "subsets": SUBSETS,
        "weights": {"v1": 80, "v2": 20},
    } | fields


def test_placement_defaults_to_every_cluster() -> None:
    spec = parse_platform(dev_platform())

    assert spec.gateways[0].clusters is None
    assert clusters_of(spec, spec.routes[0].clusters) == ["tokyo-1", "tokyo-2"]


def test_placed_on_is_true_only_for_named_clusters() -> None:
    assert (placed_on(["tokyo-1"], "tokyo-1"), placed_on(["tokyo-1"], "tokyo-2")) == (True, False)


def test_gateway_cluster_must_exist() -> None:
    raw = dev_platform()
    raw["gateways"][0]["clusters"] = ["osaka-1"]

    assert spec_message(raw) == (
        "platform.gateways[0].clusters[0]: 'osaka-1' is not a cluster in clusters (tokyo-1, tokyo-2)"
    )


def test_route_cluster_must_exist() -> None:
    raw = dev_platform()
    raw["routes"][0]["clusters"] = ["tokyo-1", "osaka-1"]

    assert spec_message(raw) == (
        "platform.routes[0].clusters[1]: 'osaka-1' is not a cluster in clusters (tokyo-1, tokyo-2)"
    )


def test_route_cluster_named_twice_is_refused() -> None:
    raw = dev_platform()
    raw["routes"][0]["clusters"] = ["tokyo-1", "tokyo-1"]

    assert spec_message(raw) == (
        "platform.routes[0].clusters[1]: cluster 'tokyo-1' is already used by platform.routes[0].clusters[0]"
    )


def test_empty_cluster_list_is_refused() -> None:
    raw = dev_platform()
    raw["gateways"][0]["clusters"] = []

    assert spec_message(raw).startswith("platform.gateways[0].clusters: ")


def test_route_goes_only_where_its_gateway_runs() -> None:
    raw = dev_platform()
    raw["gateways"][0]["clusters"] = ["tokyo-1"]
    raw["routes"][0]["clusters"] = ["tokyo-1", "tokyo-2"]

    assert spec_message(raw) == (
        "platform.routes[0].clusters[1]: 'tokyo-2' has no gateway 'istio-ingressgateway' (it runs on"
        " tokyo-1); a route goes only where its gateway runs"
    )


def test_route_on_every_cluster_needs_its_gateway_on_every_cluster() -> None:
    raw = dev_platform()
    raw["gateways"][0]["clusters"] = ["tokyo-1"]

    assert spec_message(raw) == (
        "platform.routes[0].gateway: 'istio-ingressgateway' runs on tokyo-1 only, but the route goes"
        " to every cluster (set routes[0].clusters)"
    )


def test_route_placed_with_its_gateway_is_valid() -> None:
    raw = dev_platform()
    raw["gateways"][0]["clusters"] = ["tokyo-2"]
    raw["routes"][0]["clusters"] = ["tokyo-2"]

    assert parse_platform(raw).routes[0].clusters == ["tokyo-2"]


def test_route_without_gateway_is_a_mesh_route() -> None:
    raw = dev_platform()
    raw["routes"].append(mesh_route())

    assert parse_platform(raw).routes[1].gateway is None


def test_mesh_route_refuses_tls() -> None:
    raw = dev_platform()
    raw["routes"].append(mesh_route(tls={"credentialName": "cert", "hosts": ["a.example.com"]}))

    assert spec_message(raw) == (
        "platform.routes[1].tls: a mesh route (no gateway) has no server to terminate TLS;"
        " set gateway for an edge route"
    )


def test_mesh_route_refuses_hosts() -> None:
    raw = dev_platform()
    raw["routes"].append(mesh_route(hosts=["*"]))

    assert spec_message(raw) == (
        "platform.routes[1].hosts: a mesh route (no gateway) routes requests for its service host;"
        " hosts are for edge routes"
    )


def test_two_routes_to_one_host_with_other_subsets_are_refused() -> None:
    raw = dev_platform()
    raw["routes"].append(mesh_route(subsets={"v1": {"version": "v1"}, "v2": {"version": "two"}}))

    assert spec_message(raw) == (
        "platform.routes[1].subsets: host 'helloworld' in namespace sample already has other subsets"
        " in routes[0].subsets; Istio applies one DestinationRule per host, so routes to one host"
        " define the same subsets"
    )


def test_routes_to_one_host_in_other_namespaces_may_define_other_subsets() -> None:
    raw = dev_platform()
    raw["routes"].append(mesh_route(namespace="other", subsets={"blue": {"version": "v1"}}, weights={}))

    assert parse_platform(raw).routes[1].subsets == {"blue": {"version": "v1"}}


def test_first_route_with_subsets_renders_the_destination_rule_on_each_cluster() -> None:
    raw = dev_platform()
    raw["routes"][0]["clusters"] = ["tokyo-1"]
    raw["routes"].append(mesh_route())
    spec = parse_platform(raw)

    assert destination_rule_owners(spec, "tokyo-1") == {("sample", "helloworld"): 0}
    assert destination_rule_owners(spec, "tokyo-2") == {("sample", "helloworld"): 1}
