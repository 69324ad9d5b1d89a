"""The mesh analysis on a two-cluster, two-network in-cluster mesh and variants that break it."""

from __future__ import annotations

import copy
import functools
from typing import Any

from components.engine import Plan
from components.engine.meshes import analyse, mesh_rows, route_rows
from components.engine.plan import PlannedResource
from tests.attached.test_attached_clusters import KUBECONFIGS, TWO, run
from tests.harness import platform_plan
from tests.spec.fixtures import aks_platform


@functools.cache
def two() -> dict[str, Any]:
    return analyse(run(TWO, KUBECONFIGS, list(KUBECONFIGS)))


def edited(plan: Plan, change: Any) -> dict[str, Any]:
    copied = Plan.from_json(plan.to_json())
    for resource in copied.resources:
        change(resource)
    return analyse(copied)


def test_two_attached_clusters_form_one_mesh_that_shares_discovery_and_a_root() -> None:
    (mesh,) = two()["meshes"]

    assert mesh["clusters"] == ["onprem-1", "onprem-2"]
    assert mesh["discovery"] == "shared"
    assert mesh["trust"] == {"roots": ["plug-in CA: mesh-root"], "shared": True}


def test_two_networks_route_through_their_east_west_gateways() -> None:
    (mesh,) = two()["meshes"]

    assert mesh["crossNetwork"] == "routes"
    assert {n: [g["cluster"] for g in e["eastWestGateways"]] for n, e in mesh["networks"].items()} == {
        "onprem-1": ["onprem-1"],
        "dc-2": ["onprem-2"],
    }


def test_without_cacerts_each_istiod_signs_with_a_root_of_its_own() -> None:
    plan = run(TWO, KUBECONFIGS, list(KUBECONFIGS))
    plan.resources = [r for r in plan.resources if not r.name.endswith("-cacerts")]
    (mesh,) = analyse(plan)["meshes"]

    assert mesh["trust"] == {
        "roots": ["self-signed by onprem-1's istiod", "self-signed by onprem-2's istiod"],
        "shared": False,
    }


def test_a_network_whose_gateway_service_lost_its_label_is_unreachable() -> None:
    plan = run(TWO, KUBECONFIGS, list(KUBECONFIGS))

    def unlabel(resource: Any) -> None:
        if resource.type == "kubernetes:core/v1:Service" and "onprem-2" in resource.name:
            resource.inputs["metadata"]["labels"].pop("topology.istio.io/network", None)

    (mesh,) = edited(plan, unlabel)["meshes"]

    assert mesh["crossNetwork"] == "no reachable east-west gateway on dc-2"


@functools.cache
def node_port_plan(node_selector: str | None = None) -> Plan:
    raw = copy.deepcopy(TWO)
    east_west = raw["gateways"][-1]
    del east_west["loadBalancerSourceRanges"]
    east_west["serviceType"] = "NodePort"
    if node_selector is not None:
        east_west["nodeSelector"] = {node_selector.split("=")[0]: node_selector.split("=")[1]}
    return run(raw, KUBECONFIGS, list(KUBECONFIGS))


def test_a_node_port_east_west_gateway_routes_through_every_nodes_external_ip() -> None:
    (mesh,) = analyse(node_port_plan())["meshes"]

    assert mesh["crossNetwork"] == "routes"
    assert mesh["networks"]["dc-2"]["eastWestGateways"] == [
        {
            "cluster": "onprem-2",
            "service": "istio-eastwest/istio-eastwestgateway",
            "address": "node ports (every node with an ExternalIP address)",
        }
    ]


def test_a_node_port_east_west_gateway_names_the_nodes_its_selector_announces() -> None:
    (mesh,) = analyse(node_port_plan("mesh.example.com/edge=true"))["meshes"]

    assert {g["address"] for n in mesh["networks"].values() for g in n["eastWestGateways"]} == {
        "node ports (nodes labelled mesh.example.com/edge=true with an ExternalIP address)"
    }


def test_a_node_port_east_west_gateway_without_the_node_selector_annotation_is_unreachable() -> None:
    # What istiod does with such a Service (a program written without meshfleet): no address.
    def strip(resource: Any) -> None:
        if resource.type == "kubernetes:core/v1:Service" and "onprem-2" in resource.name:
            resource.inputs["metadata"].get("annotations", {}).pop("traffic.istio.io/nodeSelector", None)

    (mesh,) = edited(node_port_plan(), strip)["meshes"]

    assert mesh["crossNetwork"] == "no reachable east-west gateway on dc-2"
    assert mesh["networks"]["dc-2"]["eastWestGateways"][0]["address"] == (
        "none (NodePort without traffic.istio.io/nodeSelector: istiod announces no address)"
    )


def test_the_table_has_one_row_per_mesh() -> None:
    assert list(mesh_rows(two())) == [
        (
            "onprem-1, onprem-2",
            "shared",
            "one root: plug-in CA: mesh-root",
            "routes (onprem-1: istio-eastwest/istio-eastwestgateway (load balancer for 10.0.0.0/8),"
            " dc-2: istio-eastwest/istio-eastwestgateway (load balancer for 10.0.0.0/8))",
        )
    ]


ROUTED = {
    **TWO,
    "routes": [
        {
            "name": "helloworld",
            "namespace": "sample",
            "service": {"host": "helloworld", "port": 5000},
            "gateway": "istio-ingressgateway",
        }
    ],
}


def routed() -> Plan:
    return run(ROUTED, KUBECONFIGS, list(KUBECONFIGS))


def route_of(facts: dict[str, Any], cluster: str) -> dict[str, Any]:
    (route,) = [r for r in facts["routes"] if r["cluster"] == cluster]
    return route


def test_a_route_enters_through_its_gateways_load_balancer_service() -> None:
    assert route_of(analyse(routed()), "onprem-1")["entry"] == [
        {
            "gateway": "sample/helloworld-gateway",
            "service": "istio-gateway/istio-ingressgateway",
            "type": "LoadBalancer",
            "address": "public load balancer",
            "multiClusterIngress": [],
        }
    ]


def test_a_route_on_a_two_network_mesh_reaches_both_clusters() -> None:
    route = route_of(analyse(routed()), "onprem-1")

    assert (route["reaches"], route["cutOff"]) == (["onprem-1", "onprem-2"], {})


def test_a_cluster_signing_with_another_root_is_cut_off_from_the_route() -> None:
    plan = routed()
    plan.resources = [r for r in plan.resources if r.name != "mesh-onprem-2-istiod-cacerts"]
    route = route_of(analyse(plan), "onprem-1")

    assert route["reaches"] == ["onprem-1"]
    assert route["cutOff"]["onprem-2"]["reason"] == "other trust root"


def test_a_network_without_a_labelled_east_west_gateway_is_cut_off_from_the_route() -> None:
    def unlabel(resource: Any) -> None:
        if resource.type == "kubernetes:core/v1:Service" and "onprem-2" in resource.name:
            resource.inputs["metadata"]["labels"].pop("topology.istio.io/network", None)

    route = route_of(edited(routed(), unlabel), "onprem-1")

    assert route["cutOff"] == {
        "onprem-2": {
            "reason": "no east-west path",
            "detail": "network dc-2 has no east-west gateway Service with topology.istio.io/network"
            " and port 15443 reachable from onprem-1",
        }
    }


def test_a_cluster_whose_remote_secret_is_missing_is_cut_off_only_from_the_reader() -> None:
    plan = routed()
    # onprem-1's istiod loses the remote secret it reads onprem-2 by; onprem-2 still reads onprem-1.
    plan.resources = [
        r
        for r in plan.resources
        if not (
            r.type == "kubernetes:core/v1:Secret"
            and r.inputs.get("metadata", {}).get("annotations", {}).get("networking.istio.io/cluster")
            == "onprem-2"
        )
    ]
    facts = analyse(plan)

    assert route_of(facts, "onprem-1")["cutOff"]["onprem-2"]["reason"] == "no shared discovery"
    assert route_of(facts, "onprem-2")["reaches"] == ["onprem-1", "onprem-2"]


def test_an_egress_virtual_service_is_not_a_route() -> None:
    # Its hosts are registered by a ServiceEntry: the egress section reports where they go.
    plan = routed()
    for resource in plan.resources:
        if resource.type.endswith("VirtualService"):
            resource.inputs["spec"]["hosts"] = ["api.example.com"]
    entry = {
        "type": "kubernetes:networking.istio.io/v1:ServiceEntry",
        "inputs": {
            "metadata": {"name": "api", "namespace": "sample"},
            "spec": {"hosts": ["api.example.com"]},
        },
    }
    extra = [
        PlannedResource(
            **{**vars(r), **entry, "name": f"{r.provider}-api", "urn": f"{r.urn}-api"}  # one per cluster
        )
        for r in plan.resources
        if r.type.endswith("VirtualService")
    ]
    plan.resources += extra

    assert analyse(plan)["routes"] == []


def test_the_routes_table_has_one_row_per_route() -> None:
    assert list(route_rows(analyse(routed()))) == [
        (
            f"{cluster}: sample/helloworld",
            "istio-gateway/istio-ingressgateway (public load balancer)",
            "onprem-1, onprem-2",
            "-",
        )
        for cluster in ("onprem-1", "onprem-2")
    ]


def test_a_gateway_deployment_labelled_inject_false_gets_no_revision() -> None:
    def opt_out(resource: Any) -> None:
        if resource.type == "kubernetes:apps/v1:Deployment" and resource.name.startswith("mesh-onprem-1/"):
            resource.inputs["spec"]["template"]["metadata"]["labels"]["sidecar.istio.io/inject"] = "false"

    injection = edited(run(TWO, KUBECONFIGS, list(KUBECONFIGS)), opt_out)["injection"]

    assert {
        i["deployment"]: i["revision"] for i in injection if "deployment" in i and i["cluster"] == "onprem-1"
    } == {
        "istio-gateway/istio-ingressgateway": None,
        "istio-eastwest/istio-eastwestgateway": None,
    }


VAULT = "/subscriptions/1/resourceGroups/pki/providers/Microsoft.KeyVault/vaults/mesh-ca"


def aks_root(plugin: dict[str, Any] | None) -> str:
    raw = aks_platform()
    if plugin is not None:
        raw["clusters"][0]["istio"]["pluginCa"] = plugin
    (cluster,) = analyse(platform_plan(raw))["clusters"].values()
    return cluster["trustRoot"]


def test_aks_with_the_plugin_ca_of_the_mesh_root_shares_the_in_cluster_root() -> None:
    in_cluster = two()["clusters"]["onprem-1"]["trustRoot"]

    assert aks_root({"keyVaultId": VAULT, "root": "mesh-root"}) == in_cluster


def test_aks_with_the_plugin_ca_of_another_root_does_not_share_it() -> None:
    assert aks_root({"keyVaultId": VAULT, "root": "corp-root"}) != two()["clusters"]["onprem-1"]["trustRoot"]


def test_aks_without_a_plugin_ca_signs_with_the_addons_own_root() -> None:
    assert aks_root(None).startswith("the add-on's self-signed CA of ")
