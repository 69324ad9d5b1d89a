"""mesh-node-capacity: nodes of mesh clusters have at least 4 vCPU (seed 004 prerequisites)."""

from __future__ import annotations

from typing import Any

import pulumi_gcp as gcp
import pytest

from policy.meshguard.machines import azure_vcpus, gce_vcpus
from tests.policy.helpers import (
    NODE_POOL,
    assert_no_violation,
    assert_violation,
    plan_from,
    plan_of,
    platform_plan,
    resource,
    run_policy,
    violations,
)

POLICY = "mesh-node-capacity"


def mesh(*resources: Any) -> Any:
    """A plan with an Istio object in it: the program builds a mesh."""
    marker = resource(
        "kubernetes:security.istio.io/v1:PeerAuthentication", "mtls", {"spec": {"mtls": {"mode": "STRICT"}}}
    )
    return plan_from(marker, *resources)


def pool(machine_type: str | None) -> Any:
    node_config = {} if machine_type is None else {"machineType": machine_type}
    return resource(NODE_POOL, f"pool-{machine_type}", {"nodeConfig": node_config})


def test_our_mesh_passes() -> None:
    assert_no_violation(POLICY, platform_plan())


def test_a_pool_with_small_nodes_fails_once_it_is_in_a_mesh() -> None:
    # Hand-made: PrivateGkeCluster itself refuses such a pool (the spec's capacity rule).
    pool = {"name": "tokyo-1-pool", "cluster": "tokyo-1", "nodeConfig": {"machineType": "e2-standard-2"}}
    plan = plan_from(resource("gcp:container/nodePool:NodePool", "tokyo-1-pool", pool))

    assert_no_violation(POLICY, plan)  # no mesh in that program
    mesh_plan = plan_from(*plan.resources[1:], *mesh().resources[1:])
    violation = assert_violation(
        POLICY, mesh_plan, "tokyo-1-pool uses e2-standard-2 (2 vCPU)", "at least 4 vCPU"
    )
    assert not violation.mandatory


def test_plain_pool_without_machine_type_gets_gkes_small_default() -> None:
    def program() -> None:
        gcp.gkehub.Feature("servicemesh", name="servicemesh", location="global")
        gcp.container.NodePool("pool", cluster="tokyo-1", location="asia-northeast1")

    assert_violation(POLICY, plan_of(program), "e2-medium (1 vCPU)")


def test_default_pool_of_a_cluster_is_checked_unless_removed() -> None:
    kept = resource("gcp:container/cluster:Cluster", "c", {"nodeConfig": {"machineType": "n1-standard-2"}})
    removed = resource("gcp:container/cluster:Cluster", "c", {"removeDefaultNodePool": True})
    inline = resource(
        "gcp:container/cluster:Cluster",
        "c",
        {
            "nodePools": [
                {"name": "big", "nodeConfig": {"machineType": "n2-standard-8"}},
                {"name": "tiny", "nodeConfig": {"machineType": "e2-small"}},
            ]
        },
    )

    assert_violation(POLICY, mesh(kept), "default node pool of GKE cluster c uses n1-standard-2")
    assert_no_violation(POLICY, mesh(removed))
    assert_violation(POLICY, mesh(inline), "node pool tiny of cluster c uses e2-small (0.5 vCPU)")


def test_aks_pools_are_checked() -> None:
    aks = resource(
        "azure-native:containerservice:ManagedCluster",
        "aks",
        {
            "resourceName": "aks-1",
            "serviceMeshProfile": {"mode": "Istio"},
            "agentPoolProfiles": [
                {"name": "system", "vmSize": "Standard_D2s_v5"},
                {"name": "user", "vmSize": "Standard_D8s_v5"},
            ],
        },
    )
    pool_resource = resource(
        "azure-native:containerservice/v20240801:AgentPool",
        "extra",
        {"agentPoolName": "extra", "vmSize": "Standard_B2ms"},
    )

    found = violations(POLICY, plan_from(aks, pool_resource))

    assert [v.message.split(" uses ")[0] for v in found] == [
        "agent pool system of AKS cluster aks-1",
        "AKS agent pool extra",
    ]


def test_programs_without_a_mesh_are_not_checked() -> None:
    assert_no_violation(POLICY, plan_from(pool("e2-medium")))


def test_threshold_by_config() -> None:
    assert_no_violation(POLICY, mesh(pool("e2-standard-4")))
    assert_violation(POLICY, mesh(pool("e2-standard-4")), "at least 8 vCPU", minVcpus=8)


def test_unknown_machine_types_are_left_alone() -> None:
    assert_no_violation(POLICY, mesh(pool("<unknown>"), pool("a2-ultragpu-1g-nvme")))


def test_unknown_node_pools_of_a_cluster_are_not_checked_rather_than_crashing() -> None:
    cluster = resource("gcp:container/cluster:Cluster", "c", {"nodePools": "<unknown>"})

    report = run_policy(POLICY, mesh(cluster))

    assert report.violations == []
    assert [n.message for n in report.not_checked] == ["unknown until the resources exist: .nodePools of c"]


def test_unknown_agent_pools_of_an_aks_cluster_are_not_checked_rather_than_crashing() -> None:
    aks = resource(
        "azure-native:containerservice:ManagedCluster",
        "aks",
        {"serviceMeshProfile": {"mode": "Istio"}, "agentPoolProfiles": "<unknown>"},
    )

    report = run_policy(POLICY, plan_from(aks))

    assert report.violations == []
    assert [n.message for n in report.not_checked] == [
        "unknown until the resources exist: .agentPoolProfiles of aks"
    ]


def test_other_pools_are_still_checked_beside_unknown_ones() -> None:
    cluster = resource("gcp:container/cluster:Cluster", "c", {"nodePools": "<unknown>"})

    report = run_policy(POLICY, mesh(cluster, pool("e2-small")))

    assert [v.resource_name for v in report.violations] == ["pool-e2-small"]
    assert len(report.not_checked) == 1


@pytest.mark.parametrize(
    ("name", "vcpus"),
    [
        ("e2-standard-4", 4),
        ("n2d-highmem-16", 16),
        ("c3-standard-8-lssd", 8),
        ("c4-standard-288-lssd-metal", 288),
        ("custom-6-23040", 6),
        ("n2-custom-8-32768-ext", 8),
        ("e2-medium", 1),
        ("e2-micro", 0.25),
        ("f1-micro", 0.2),
        ("nonsense", None),
    ],
)
def test_gce_vcpus(name: str, vcpus: float | None) -> None:
    assert gce_vcpus(name) == vcpus


@pytest.mark.parametrize(
    ("name", "vcpus"),
    [
        ("Standard_D4s_v5", 4),
        ("Standard_DS2_v2", 2),
        ("Standard_B2ms", 2),
        ("Standard_E8-4ds_v5", 4),
        ("Standard_NC24ads_A100_v4", 24),
        ("Basic_A1", 1),
        ("D4s_v5", None),
    ],
)
def test_azure_vcpus(name: str, vcpus: float | None) -> None:
    assert azure_vcpus(name) == vcpus
