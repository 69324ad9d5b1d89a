"""private-gke-webhook-firewall: the master range reaches the injector webhook (tcp 15017) on the nodes."""

from __future__ import annotations

from typing import Any

import pulumi
import pulumi_gcp as gcp
import pytest

from components.engine import PlannedResource
from tests.policy.helpers import (
    FIREWALL,
    GKE_CLUSTER,
    NODE_POOL,
    assert_no_violation,
    assert_violation,
    cluster_plan,
    edited,
    plan_from,
    plan_of,
    platform_plan,
    resource,
    run_policy,
    without,
)

POLICY = "private-gke-webhook-firewall"
MASTER = "192.168.0.0/28"


def private_cluster(**changes: Any) -> PlannedResource:
    inputs = {
        "name": "tokyo-1",
        "privateClusterConfig": {"enablePrivateNodes": True, "masterIpv4CidrBlock": MASTER},
        "removeDefaultNodePool": True,
    } | changes
    return resource(GKE_CLUSTER, "tokyo-1-cluster", inputs)


def node_pool(tags: Any = ("tokyo-1-nodes",)) -> PlannedResource:
    return resource(NODE_POOL, "tokyo-1-pool", {"cluster": "tokyo-1", "nodeConfig": {"tags": list(tags)}})


def firewall(**changes: Any) -> PlannedResource:
    inputs = {
        "direction": "INGRESS",
        "sourceRanges": [MASTER],
        "targetTags": ["tokyo-1-nodes"],
        "allows": [{"protocol": "tcp", "ports": ["10250", "443", "15017"]}],
    } | changes
    return resource(FIREWALL, "master-webhooks", {k: v for k, v in inputs.items() if v is not None})


def test_our_clusters_open_the_webhook_port() -> None:
    assert_no_violation(POLICY, cluster_plan())
    assert_no_violation(POLICY, platform_plan())


def test_our_cluster_without_its_firewall_rule_fails() -> None:
    plan = without(cluster_plan(), FIREWALL)

    violation = assert_violation(
        POLICY, plan, "private GKE cluster tokyo-1", "tcp:15017", "192.168.0.0/28", resource="tokyo-1-cluster"
    )
    assert violation.mandatory


def test_our_firewall_rule_without_15017_fails() -> None:
    def drop_webhook(item: PlannedResource) -> None:
        item.inputs["allows"][0]["ports"] = ["10250", "443"]

    assert_violation(POLICY, edited(cluster_plan(), FIREWALL, drop_webhook), "tcp:15017")


def test_our_firewall_rule_aimed_at_other_nodes_fails() -> None:
    def retarget(item: PlannedResource) -> None:
        item.inputs["targetTags"] = ["other-nodes"]

    assert_violation(POLICY, edited(cluster_plan(), FIREWALL, retarget), "to its nodes")


def test_plain_private_cluster_with_gkes_own_rule_only_fails() -> None:
    def program() -> None:
        cluster = gcp.container.Cluster(
            "private",
            location="asia-northeast1",
            initial_node_count=1,
            private_cluster_config={"enable_private_nodes": True, "master_ipv4_cidr_block": "172.16.0.32/28"},
        )
        gcp.compute.Firewall(
            "master-to-kubelet",
            network="default",
            source_ranges=["172.16.0.32/28"],
            allows=[{"protocol": "tcp", "ports": ["10250", "443"]}],
            opts=pulumi.ResourceOptions(depends_on=[cluster]),
        )

    assert_violation(POLICY, plan_of(program), "172.16.0.32/28")


@pytest.mark.parametrize(
    "changes",
    [
        {"allows": [{"protocol": "tcp", "ports": ["15000-15100"]}]},
        {"allows": [{"protocol": "tcp"}]},
        {"allows": [{"protocol": "all"}]},
        {"allows": [{"protocol": "tcp", "ports": [15017]}]},
        {"sourceRanges": ["192.168.0.0/16"]},
        {"targetTags": None},
        {"direction": None},
    ],
)
def test_equivalent_rules_pass(changes: dict[str, Any]) -> None:
    assert_no_violation(POLICY, plan_from(private_cluster(), node_pool(), firewall(**changes)))


@pytest.mark.parametrize(
    "changes",
    [
        {"direction": "EGRESS"},
        {"disabled": True},
        {"sourceRanges": ["10.0.0.0/8"]},
        {"allows": [{"protocol": "udp", "ports": ["15017"]}]},
        {"allows": [{"protocol": "tcp", "ports": ["15018-15100"]}]},
        {"targetTags": ["tokyo-2-nodes"]},
    ],
)
def test_rules_that_miss_fail(changes: dict[str, Any]) -> None:
    assert_violation(POLICY, plan_from(private_cluster(), node_pool(), firewall(**changes)), "tokyo-1")


def test_public_clusters_need_no_rule() -> None:
    cluster = private_cluster(privateClusterConfig={"enablePrivateNodes": False})

    assert_no_violation(POLICY, plan_from(cluster))


@pytest.mark.parametrize(
    ("plan", "unknown"),
    [
        (plan_from(private_cluster(), node_pool(), firewall(sourceRanges="<unknown>")), "firewall rules"),
        (plan_from(private_cluster(), node_pool(), firewall(sourceRanges=["<unknown>"])), "firewall rules"),
        (plan_from(private_cluster(), node_pool(tags=["<unknown>"]), firewall()), "node targets"),
        (
            plan_from(
                private_cluster(
                    privateClusterConfig={"enablePrivateNodes": True, "masterIpv4CidrBlock": "<unknown>"}
                )
            ),
            ".privateClusterConfig.masterIpv4CidrBlock of tokyo-1-cluster",
        ),
        (
            plan_from(private_cluster(nodePools="<unknown>", removeDefaultNodePool=None), firewall()),
            "node targets",
        ),
    ],
    ids=["source-ranges", "a-source-range", "node-tags", "master-range", "node-pools"],
)
def test_unknown_values_are_not_checked_rather_than_failed(plan: Any, unknown: str) -> None:
    report = run_policy(POLICY, plan)

    assert report.violations == []
    assert [n.policy_name for n in report.not_checked] == [POLICY]
    assert unknown in report.not_checked[0].message


def test_a_cluster_whose_node_pools_are_not_in_the_program_is_skipped() -> None:
    report = run_policy(POLICY, plan_from(private_cluster(), firewall()))

    assert report.violations == [] and report.not_checked == []
