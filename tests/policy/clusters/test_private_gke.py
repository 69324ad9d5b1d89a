"""private-gke: GKE clusters are private, closed, Workload Identity-enabled and on a release channel."""

from __future__ import annotations

from typing import Any

import pulumi_gcp as gcp

from tests.policy.helpers import (
    GKE_CLUSTER,
    assert_no_violation,
    assert_violation,
    cluster_plan,
    plan_from,
    plan_of,
    platform_plan,
    resource,
    run_policy,
    violations,
)

POLICY = "private-gke"

HARDENED: dict[str, Any] = {
    "name": "tokyo-1",
    "privateClusterConfig": {"enablePrivateNodes": True, "masterIpv4CidrBlock": "192.168.0.0/28"},
    "masterAuthorizedNetworksConfig": {"cidrBlocks": []},
    "workloadIdentityConfig": {"workloadPool": "acme.svc.id.goog"},
    "releaseChannel": {"channel": "STABLE"},
}


def cluster(**changes: Any) -> Any:
    inputs = {k: v for k, v in (HARDENED | changes).items() if v is not None}
    return plan_from(resource(GKE_CLUSTER, "tokyo-1-cluster", inputs))


def test_our_clusters_pass() -> None:
    assert_no_violation(POLICY, cluster_plan())
    assert_no_violation(POLICY, platform_plan())


def test_a_plain_default_cluster_fails_on_every_count() -> None:
    def program() -> None:
        gcp.container.Cluster("default", location="asia-northeast1", initial_node_count=3)

    messages = [v.message for v in violations(POLICY, plan_of(program))]

    assert len(messages) == 4
    assert "does not set privateClusterConfig.enablePrivateNodes" in messages[0]
    assert "no masterAuthorizedNetworksConfig" in messages[1]
    assert "Workload Identity" in messages[2]
    assert "no release channel (releaseChannel.channel unset)" in messages[3]


def test_public_nodes_fail() -> None:
    violation = assert_violation(
        POLICY, cluster(privateClusterConfig={"enablePrivateNodes": False}), "public IP addresses"
    )
    assert violation.mandatory


def test_unspecified_release_channel_fails() -> None:
    assert_violation(POLICY, cluster(releaseChannel={"channel": "UNSPECIFIED"}), "UNSPECIFIED")


def test_missing_workload_identity_fails() -> None:
    assert_violation(POLICY, cluster(workloadIdentityConfig=None), "workloadIdentityConfig.workloadPool")


def test_autopilot_brings_workload_identity_and_a_channel() -> None:
    plan = cluster(enableAutopilot=True, workloadIdentityConfig=None, releaseChannel=None)

    assert_no_violation(POLICY, plan)


def test_advisory_by_config() -> None:
    report = run_policy(POLICY, cluster(masterAuthorizedNetworksConfig=None), level="advisory")

    assert [v.enforcement_level for v in report.violations] == ["advisory"]
    assert not report.mandatory_failed


def test_unknown_private_nodes_is_not_checked() -> None:
    report = run_policy(POLICY, cluster(privateClusterConfig={"enablePrivateNodes": "<unknown>"}))

    assert report.violations == []
    assert len(report.not_checked) == 1


def test_computed_workload_pool_counts_as_set() -> None:
    assert_no_violation(POLICY, cluster(workloadIdentityConfig={"workloadPool": "<unknown>"}))
