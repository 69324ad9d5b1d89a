"""The staging stack is seed 004, the field report, step by step: each step is a resource here.

Steps the platform cannot take (deploying helloworld v1 to cluster 1 and v2 to cluster 2)
are the application's; the README says so.
"""

from __future__ import annotations

import functools
from typing import Any

from components.engine import Plan, PlannedResource
from tests.harness import (
    CLUSTER,
    DEPLOYMENT,
    FEATURE,
    FEATURE_MEMBERSHIP,
    FIREWALL,
    K8S_SERVICE,
    NAMESPACE,
    NODE_POOL,
    ROUTER_NAT,
    STACKS_DIR,
    SUBNETWORK,
    VIRTUAL_SERVICE,
    load_stack_config,
    stack_plan,
)

CLUSTERS = ("tokyo-1", "tokyo-2")
CONFIG_MAP_PATCH = "kubernetes:core/v1:ConfigMapPatch"


@functools.cache
def plan() -> Plan:
    return stack_plan(load_stack_config(STACKS_DIR / "Pulumi.staging.yaml"), "staging")


def on_cluster(resource: PlannedResource) -> str:
    """The spec cluster a Kubernetes object goes to, from its provider's name."""
    provider = resource.provider or ""
    return provider.rpartition("::")[2].removeprefix("mesh-").removesuffix("-k8s")


def weights(virtual_service: PlannedResource) -> dict[str, Any]:
    (http,) = virtual_service.inputs["spec"]["http"]
    return {d["destination"]["subset"]: d["weight"] for d in http["route"]}


def test_step_1_a_private_subnet_with_nat_that_logs_everything() -> None:
    (subnet,) = plan().by_type(SUBNETWORK)
    (nat,) = plan().by_type(ROUTER_NAT)

    assert (subnet.inputs["region"], subnet.inputs["privateIpGoogleAccess"]) == ("asia-northeast1", True)
    assert nat.inputs["logConfig"] == {"enable": True, "filter": "ALL"}


def test_step_2_two_private_regional_clusters_with_the_seeds_master_ranges() -> None:
    clusters = plan().by_type(CLUSTER)

    assert [c.inputs["name"] for c in clusters] == ["staging-tokyo-1", "staging-tokyo-2"]
    assert [c.inputs["privateClusterConfig"]["masterIpv4CidrBlock"] for c in clusters] == [
        "192.168.0.0/28",
        "192.168.8.0/28",
    ]
    assert {c.inputs["location"] for c in clusters} == {"asia-northeast1"}
    assert {c.inputs["releaseChannel"]["channel"] for c in clusters} == {"STABLE"}


def test_step_2_nodes_are_e2_standard_4_autoscaling_1_to_3() -> None:
    for pool in plan().by_type(NODE_POOL):
        assert pool.inputs["nodeConfig"]["machineType"] == "e2-standard-4"
        assert pool.inputs["autoscaling"] == {"minNodeCount": 1, "maxNodeCount": 3}


def test_step_3_each_control_plane_reaches_the_injector_on_its_nodes() -> None:
    rules = {f.inputs["name"]: f.inputs for f in plan().by_type(FIREWALL)}

    for cluster, master in zip(CLUSTERS, ("192.168.0.0/28", "192.168.8.0/28"), strict=True):
        rule = rules[f"staging-{cluster}-master-webhooks"]
        assert rule["sourceRanges"] == [master]
        assert "15017" in rule["allows"][0]["ports"]


def test_step_4_pods_of_both_clusters_reach_each_other() -> None:
    rule = next(f for f in plan().by_type(FIREWALL) if f.name == "mesh-multicluster-pods")

    assert rule.inputs["name"] == "staging-mesh-vpc-istio-multicluster-pods"
    assert rule.inputs["targetTags"] == ["tokyo-1-nodes", "tokyo-2-nodes"]


def test_step_5_both_clusters_join_the_managed_mesh() -> None:
    assert [f.inputs["name"] for f in plan().by_type(FEATURE) if f.inputs["name"] == "servicemesh"] == [
        "servicemesh"
    ]
    assert [m.inputs["membership"] for m in plan().by_type(FEATURE_MEMBERSHIP)] == [
        "staging-tokyo-1",
        "staging-tokyo-2",
    ]


def test_step_6_both_control_planes_discover_the_other_clusters_endpoints() -> None:
    patches = plan().by_type(CONFIG_MAP_PATCH)

    assert sorted(on_cluster(p) for p in patches) == list(CLUSTERS)
    assert {p.inputs["data"]["multicluster_mode"] for p in patches} == {"connected"}


def test_step_7_the_sample_namespace_is_labelled_for_default_injection_on_both() -> None:
    # The field report labels it istio.io/rev=asm-managed-stable (managed istiod); under
    # TRAFFIC_DIRECTOR, Google's gateway guide labels namespaces istio-injection=enabled only.
    samples = [n for n in plan().by_type(NAMESPACE) if n.inputs["metadata"]["name"] == "sample"]

    assert sorted(on_cluster(n) for n in samples) == list(CLUSTERS)
    for labels in (n.inputs["metadata"]["labels"] for n in samples):
        assert labels["istio-injection"] == "enabled"
        assert "istio.io/rev" not in labels


def test_step_8_inside_the_mesh_80_20_across_both_clusters() -> None:
    mesh = [v for v in plan().by_type(VIRTUAL_SERVICE) if v.inputs["metadata"]["name"] == "helloworld-mesh"]

    assert sorted(on_cluster(v) for v in mesh) == list(CLUSTERS)
    assert all(v.inputs["spec"]["gateways"] == ["mesh"] and weights(v) == {"v1": 80, "v2": 20} for v in mesh)


def test_step_9_multi_cluster_ingress_with_tokyo_1_as_config_cluster() -> None:
    mci = next(f for f in plan().by_type(FEATURE) if f.inputs["name"] == "multiclusteringress")
    objects = [
        r
        for r in plan()
        if r.type.startswith(("kubernetes:networking.gke.io/", "kubernetes:cloud.google.com/"))
    ]

    assert mci.inputs["spec"]["multiclusteringress"]["configMembership"].endswith(
        "/memberships/staging-tokyo-1"
    )
    assert sorted(r.inputs["kind"] for r in objects) == [
        "BackendConfig",
        "MultiClusterIngress",
        "MultiClusterService",
    ]
    assert {on_cluster(r) for r in objects} == {"tokyo-1"}


def test_step_9_the_gateway_service_is_cluster_ip_on_both_clusters() -> None:
    services = [
        s for s in plan().by_type(K8S_SERVICE) if s.inputs["metadata"]["namespace"] == "istio-gateway"
    ]

    assert sorted(on_cluster(s) for s in services) == list(CLUSTERS)
    assert {s.inputs["spec"]["type"] for s in services} == {"ClusterIP"}
    assert len(plan().by_type(DEPLOYMENT)) == 2


def test_step_10_hello_through_the_ingress_is_split_20_80() -> None:
    edge = [v for v in plan().by_type(VIRTUAL_SERVICE) if v.inputs["metadata"]["name"] == "helloworld"]

    assert sorted(on_cluster(v) for v in edge) == list(CLUSTERS)
    for virtual_service in edge:
        assert virtual_service.inputs["spec"]["http"][0]["match"] == [{"uri": {"exact": "/hello"}}]
        assert weights(virtual_service) == {"v1": 20, "v2": 80}


def test_private_endpoints_are_stack_outputs_for_remote_secrets() -> None:
    assert set(plan().outputs["privateEndpoints"]) == set(CLUSTERS)
