"""aks-api-server-access: an AKS API server is private or limited to authorized IP ranges."""

from __future__ import annotations

import pulumi_azure_native as azure

from tests.policy.helpers import (
    assert_no_violation,
    assert_violation,
    plan_from,
    plan_of,
    resource,
    run_policy,
)

from .programs import aks_cluster

POLICY = "aks-api-server-access"
Access = azure.containerservice.ManagedClusterAPIServerAccessProfileArgs


def test_a_private_cluster_passes() -> None:
    assert_no_violation(POLICY, plan_of(lambda: aks_cluster(access=Access(enable_private_cluster=True))))


def test_a_public_cluster_limited_to_authorized_ranges_passes() -> None:
    plan = plan_of(lambda: aks_cluster(access=Access(authorized_ip_ranges=["203.0.113.0/24"])))

    assert_no_violation(POLICY, plan)


def test_a_cluster_without_an_access_profile_fails() -> None:
    violation = assert_violation(
        POLICY,
        plan_of(lambda: aks_cluster(access=None)),
        "AKS cluster aks-1 has a public API server with no authorizedIPRanges",
        "enablePrivateCluster",
    )
    assert violation.mandatory


def test_authorized_ranges_open_to_every_address_fail() -> None:
    plan = plan_of(lambda: aks_cluster(access=Access(authorized_ip_ranges=["10.0.0.0/8", "0.0.0.0/0"])))

    assert_violation(POLICY, plan, "authorizedIPRanges includes 0.0.0.0/0")


def test_a_versioned_token_is_checked_too() -> None:
    plan = plan_from(
        resource("azure-native:containerservice/v20240801:ManagedCluster", "aks", {"resourceName": "aks-1"})
    )

    assert_violation(POLICY, plan, "AKS cluster aks-1 has a public API server")


def test_an_unknown_private_setting_is_not_checked_rather_than_failed() -> None:
    plan = plan_from(
        resource(
            "azure-native:containerservice:ManagedCluster",
            "aks",
            {"apiServerAccessProfile": {"enablePrivateCluster": "<unknown>"}},
        )
    )

    report = run_policy(POLICY, plan)

    assert report.violations == [] and len(report.not_checked) == 1
