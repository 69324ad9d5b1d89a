"""What every shipped stack's mesh will do (build/<stack>/mesh.json), pinned beside its baseline."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest

from components.engine import Plan, load_stack_config, run_program
from components.engine.meshes import analyse
from tests.harness import accepted_references

ROOT = Path(__file__).resolve().parents[2]
STACKS = sorted(
    p.name.removeprefix("Pulumi.").removesuffix(".yaml") for p in (ROOT / "stacks").glob("Pulumi.*.yaml")
)


@functools.cache
def stack_plan(stack: str) -> Plan:
    config = load_stack_config(ROOT / "stacks" / f"Pulumi.{stack}.yaml")
    # A layered stack reads the layers below from their accepted baselines.
    return run_program(
        ROOT / "stacks",
        project="meshfleet",
        stack=stack,
        config=config,
        stack_references=accepted_references(),
    )


@functools.cache
def facts(stack: str) -> dict[str, Any]:
    return analyse(stack_plan(stack))


@pytest.mark.parametrize("stack", STACKS)
def test_mesh_json_equals_the_accepted_one(stack: str) -> None:
    # Regenerate with `meshfleet baseline --stack <stack>`, which writes it beside the plan.
    accepted = json.loads((ROOT / "stacks" / "baselines" / f"{stack}.mesh.json").read_text())

    assert facts(stack) == accepted


@pytest.mark.parametrize("stack", STACKS)
def test_every_mesh_of_every_stack_trusts_one_root(stack: str) -> None:
    assert [m["trust"]["shared"] for m in facts(stack)["meshes"]] == [True] * len(facts(stack)["meshes"])


def test_onprem_trusts_its_named_plug_in_root() -> None:
    assert facts("onprem")["clusters"]["onprem-1"]["trustRoot"] == "plug-in CA: onprem-root"


def test_onprem_announces_its_network_through_its_east_west_gateway() -> None:
    (mesh,) = facts("onprem")["meshes"]

    assert mesh["networks"]["onprem-1"]["eastWestGateways"] == [
        {
            "address": "load balancer for 10.0.0.0/8",
            "cluster": "onprem-1",
            "service": "istio-eastwest/istio-eastwestgateway",
        }
    ]


def test_onprem_lets_out_only_its_egress_host_through_its_egress_gateway() -> None:
    assert facts("onprem")["egress"] == [
        {
            "cluster": "onprem-1",
            "outboundTrafficPolicy": "REGISTRY_ONLY",
            "hosts": [{"host": "api.example.com", "via": ["istio-gateway/istio-egressgateway"]}],
        }
    ]


def test_staging_clusters_share_discovery_under_googles_ca() -> None:
    (mesh,) = facts("staging")["meshes"]

    assert (mesh["discovery"], mesh["trust"]["roots"]) == ("shared", ["Google-managed CA (the fleet's)"])
    assert len(mesh["clusters"]) == 2


def test_prods_aks_cluster_is_a_mesh_of_its_own() -> None:
    # The AKS add-on supports no multi-cluster mesh (Microsoft's docs): the GKE pair is one mesh.
    assert [len(m["clusters"]) for m in facts("prod")["meshes"]] == [2, 1]


def routes(stack: str) -> dict[tuple[str, str], dict[str, Any]]:
    return {(r["cluster"], r["route"]): r for r in facts(stack)["routes"]}


def test_devs_route_enters_through_the_ingress_gateways_public_load_balancer() -> None:
    (route,) = routes("dev").values()

    assert [(e["service"], e["type"], e["address"]) for e in route["entry"]] == [
        ("istio-gateway/istio-ingressgateway", "LoadBalancer", "public load balancer")
    ]


@pytest.mark.parametrize("cluster", ["mesh-tokyo-1-k8s", "mesh-tokyo-2-k8s"])
def test_staging_edge_route_enters_through_multi_cluster_ingress_on_each_cluster(cluster: str) -> None:
    # The MCI and its MultiClusterService live in the config cluster (tokyo-1); GKE derives the
    # Service in both members, so each cluster's ClusterIP gateway is behind the one MCI.
    (entry,) = routes("staging")[(cluster, "sample/helloworld")]["entry"]

    assert (entry["type"], entry["multiClusterIngress"]) == (
        "ClusterIP",
        ["mesh-tokyo-1-k8s: istio-gateway/istio-ingressgateway"],
    )


def test_staging_routes_reach_both_clusters() -> None:
    assert {k: (r["reaches"], r["cutOff"]) for k, r in routes("staging").items()} == {
        k: (["mesh-tokyo-1-k8s", "mesh-tokyo-2-k8s"], {}) for k in routes("staging")
    }


def test_prods_aks_routes_enter_through_the_add_ons_gateways() -> None:
    entries = {
        k[1]: r["entry"][0]["address"] for k, r in routes("prod").items() if k[0] == "mesh-tokyo-aks-k8s"
    }

    assert entries == {
        "bookinfo/bookinfo": "public load balancer, the AKS add-on's",
        "bookinfo/bookinfo-internal": "internal load balancer, the AKS add-on's",
    }


def test_prods_gke_and_aks_routes_are_cut_off_from_each_other_by_discovery() -> None:
    cut = {k: sorted((c, v["reason"]) for c, v in r["cutOff"].items()) for k, r in routes("prod").items()}

    assert cut[("mesh-tokyo-1-k8s", "sample/helloworld")] == [("mesh-tokyo-aks-k8s", "no shared discovery")]
    assert cut[("mesh-tokyo-aks-k8s", "bookinfo/bookinfo")] == [
        ("mesh-tokyo-1-k8s", "no shared discovery"),
        ("mesh-tokyo-2-k8s", "no shared discovery"),
    ]


def test_onprems_only_virtual_service_is_its_egress_route_so_it_has_no_routes() -> None:
    assert facts("onprem")["routes"] == []


def test_onprems_gateway_deployments_get_the_revision_their_namespace_names() -> None:
    deployments = {i["deployment"]: i["revision"] for i in facts("onprem")["injection"] if "deployment" in i}

    assert deployments == {
        "istio-gateway/istio-ingressgateway": "asm-1285-9",
        "istio-gateway/istio-egressgateway": "asm-1285-9",
        "istio-eastwest/istio-eastwestgateway": "asm-1285-9",
    }


def test_prods_bookinfo_namespace_gets_the_add_ons_revision() -> None:
    (bookinfo,) = [i for i in facts("prod")["injection"] if i.get("namespace") == "bookinfo"]

    assert bookinfo["revision"] == "asm-1-24"
