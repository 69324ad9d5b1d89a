"""One mesh over several clusters: placement, mesh and edge routes, a canary across clusters,
and what adding a cluster does to a plan."""

from __future__ import annotations

import copy
from typing import Any

from components.engine import Plan, diff_plans, evaluate_policies, kubernetes_manifests
from tests.harness import (
    CONFIG_MAP_PATCH,
    DEPLOYMENT,
    DESTINATION_RULE,
    FIREWALL,
    ISTIO_GATEWAY_CR,
    NAMESPACE,
    REPO,
    VIRTUAL_SERVICE,
    platform_plan,
)
from tests.schemas import validate_manifest
from tests.spec.fixtures import dev_platform

POLICY_PACK = REPO / "policy"
SUBSETS = {"v1": {"version": "v1"}, "v2": {"version": "v2"}}
CLUSTERS = ("tokyo-1", "tokyo-2")


def with_mesh_route(raw: dict[str, Any] | None = None) -> dict[str, Any]:
    """Seed 004 step 5: the edge route of the dev spec, and v1 80 / v2 20 inside the mesh."""
    raw = raw if raw is not None else dev_platform()
    raw["routes"].append(
        {
            "name": "helloworld-mesh",
            "namespace": "sample",
            "service": {"host": "helloworld", "port": 5000},
            "subsets": copy.deepcopy(SUBSETS),
            "weights": {"v1": 80, "v2": 20},
        }
    )
    return raw


def three_clusters() -> dict[str, Any]:
    raw = dev_platform()
    raw["gcp"]["network"]["subnets"].append(
        {
            "name": "private-osaka",
            "region": "asia-northeast2",
            "cidr": "172.17.0.0/16",
            "pods": "10.8.0.0/14",
            "services": "10.12.0.0/20",
        }
    )
    third = copy.deepcopy(raw["clusters"][0])
    third.update(
        name="osaka-1", location="asia-northeast2", subnet="private-osaka", masterCidr="192.168.16.0/28"
    )
    raw["clusters"].append(third)
    return raw


def names_on(plan: Plan, type_: str, cluster: str) -> list[str]:
    return [
        r.name
        for r in plan.by_type(type_)
        if r.provider and r.provider.split("::")[-1] == f"mesh-{cluster}-k8s"
    ]


def test_gateway_placed_on_one_cluster_creates_nothing_of_it_on_the_others() -> None:
    raw = dev_platform()
    raw["gateways"][0]["clusters"] = ["tokyo-1"]
    raw["routes"][0]["clusters"] = ["tokyo-1"]
    plan = platform_plan(raw)

    assert names_on(plan, DEPLOYMENT, "tokyo-1") == ["mesh-tokyo-1/istio-ingressgateway-deployment"]
    assert names_on(plan, DEPLOYMENT, "tokyo-2") == []
    assert names_on(plan, VIRTUAL_SERVICE, "tokyo-2") == []


def test_namespaces_exist_only_on_clusters_that_need_them() -> None:
    raw = dev_platform()
    raw["gateways"][0]["clusters"] = ["tokyo-1"]
    raw["routes"][0]["clusters"] = ["tokyo-1"]
    plan = platform_plan(raw)

    assert names_on(plan, NAMESPACE, "tokyo-1") == ["mesh-tokyo-1-ns/istio-gateway", "mesh-tokyo-1-ns/sample"]
    assert names_on(plan, NAMESPACE, "tokyo-2") == []


def test_a_namespace_is_labelled_the_same_on_every_cluster() -> None:
    plan = platform_plan(with_mesh_route())
    sample = [plan.find(NAMESPACE, f"mesh-{c}-ns/sample").inputs["metadata"] for c in CLUSTERS]

    assert sample[0] == sample[1]


def test_mesh_route_and_edge_route_both_exist_on_every_cluster() -> None:
    plan = platform_plan(with_mesh_route())

    for cluster in CLUSTERS:
        assert names_on(plan, VIRTUAL_SERVICE, cluster) == [
            f"mesh-{cluster}/sample/helloworld-virtualservice",
            f"mesh-{cluster}/sample/helloworld-mesh-virtualservice",
        ]
        assert names_on(plan, ISTIO_GATEWAY_CR, cluster) == [f"mesh-{cluster}/sample/helloworld-gateway"]


def test_edge_and_mesh_route_kubernetes_names_differ() -> None:
    plan = platform_plan(with_mesh_route())
    services = [r.inputs["metadata"]["name"] for r in plan.by_type(VIRTUAL_SERVICE) if "tokyo-1" in r.name]

    assert services == ["helloworld", "helloworld-mesh"]


def test_one_destination_rule_per_host_and_cluster() -> None:
    plan = platform_plan(with_mesh_route())

    for cluster in CLUSTERS:
        assert names_on(plan, DESTINATION_RULE, cluster) == [
            f"mesh-{cluster}/sample/helloworld-destinationrule"
        ]


def test_mesh_route_waits_for_the_destination_rule_the_edge_route_renders() -> None:
    plan = platform_plan(with_mesh_route())

    for cluster in CLUSTERS:
        rule = plan.find(DESTINATION_RULE, f"mesh-{cluster}/sample/helloworld-destinationrule")
        service = plan.find(VIRTUAL_SERVICE, f"mesh-{cluster}/sample/helloworld-mesh-virtualservice")
        assert rule.urn in service.dependencies


def test_mesh_route_binds_the_service_host_to_the_mesh() -> None:
    plan = platform_plan(with_mesh_route())
    spec = plan.find(VIRTUAL_SERVICE, "mesh-tokyo-1/sample/helloworld-mesh-virtualservice").inputs["spec"]

    assert (spec["hosts"], spec["gateways"]) == (["helloworld"], ["mesh"])


def test_canary_subsets_and_weights_are_the_same_on_every_cluster() -> None:
    # v1 may run in tokyo-1 and v2 in tokyo-2: with endpoint discovery across clusters, each
    # cluster's proxies see both subsets, so the split is only right if both render it alike.
    plan = platform_plan(with_mesh_route())

    for kind, name in (
        (VIRTUAL_SERVICE, "helloworld-mesh-virtualservice"),
        (VIRTUAL_SERVICE, "helloworld-virtualservice"),
        (DESTINATION_RULE, "helloworld-destinationrule"),
    ):
        specs = [plan.find(kind, f"mesh-{c}/sample/{name}").inputs["spec"] for c in CLUSTERS]
        assert specs[0] == specs[1], name


def test_three_cluster_spec_patches_asm_options_on_each() -> None:
    plan = platform_plan(three_clusters())

    assert [p.name for p in plan.by_type(CONFIG_MAP_PATCH)] == [
        "mesh-tokyo-1-asm-options",
        "mesh-tokyo-2-asm-options",
        "mesh-osaka-1-asm-options",
    ]


def test_three_cluster_firewall_covers_every_pod_range_and_node_tag() -> None:
    firewall = platform_plan(three_clusters()).find(FIREWALL, "mesh-multicluster-pods")

    assert firewall.inputs["sourceRanges"] == ["10.0.0.0/14", "10.8.0.0/14"]
    assert firewall.inputs["targetTags"] == ["tokyo-1-nodes", "tokyo-2-nodes", "osaka-1-nodes"]


def test_three_cluster_spec_runs_the_gateway_and_routes_on_each() -> None:
    plan = platform_plan(with_mesh_route(three_clusters()))

    for cluster in ("tokyo-1", "tokyo-2", "osaka-1"):
        assert len(names_on(plan, DEPLOYMENT, cluster)) == 1
        assert len(names_on(plan, VIRTUAL_SERVICE, cluster)) == 2


def test_every_rendered_object_of_a_three_cluster_plan_validates_strictly() -> None:
    manifests = kubernetes_manifests(platform_plan(with_mesh_route(three_clusters())), include_patches=True)

    assert len(manifests) == 3
    for objects in manifests.values():
        for obj in objects:
            validate_manifest(obj)


def test_adding_a_cluster_only_adds_resources_and_updates_the_pod_firewall() -> None:
    diff = diff_plans(platform_plan(with_mesh_route()), platform_plan(with_mesh_route(three_clusters())))

    assert diff.removed == []
    assert diff.replaced == []
    assert [c.name for c in diff.changed] == ["mesh-multicluster-pods"]
    assert {p.path for p in diff.changed[0].properties} <= {"sourceRanges", "targetTags"} | {
        f"{field}[{i}]" for field in ("sourceRanges", "targetTags") for i in range(3)
    }
    assert len(diff.added) > 0


def test_meshguard_passes_a_three_cluster_plan_with_mesh_routes_in_both_views() -> None:
    plan = platform_plan(with_mesh_route(three_clusters()))

    for view in ("inputs", "planned"):
        report = evaluate_policies(POLICY_PACK, plan, view=view)
        assert [
            (v.policy_name, v.message) for v in report.violations if v.policy_name != "protect-stateful"
        ] == [], view


def test_second_cluster_adds_the_multicluster_objects_and_changes_nothing_there() -> None:
    one = dev_platform()
    one["clusters"] = one["clusters"][:1]
    diff = diff_plans(platform_plan(with_mesh_route(one)), platform_plan(with_mesh_route()))

    assert (diff.removed, diff.replaced, diff.changed) == ([], [], [])
    added = {c.name for c in diff.added}
    assert {"mesh-multicluster-pods", "mesh-tokyo-1-asm-options", "mesh-tokyo-2-asm-options"} <= added
