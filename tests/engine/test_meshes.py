"""The mesh analysis on a two-cluster, two-network in-cluster mesh and variants that break it."""

from __future__ import annotations

import functools
from typing import Any

from components.engine import Plan
from components.engine.meshes import analyse, mesh_rows
from tests.attached.test_attached_clusters import KUBECONFIGS, TWO, run


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
