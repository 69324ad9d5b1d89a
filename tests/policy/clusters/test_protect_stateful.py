"""protect-stateful: networks and clusters carry Pulumi's protect option (advisory, mandatory by config)."""

from __future__ import annotations

import pulumi
import pulumi_gcp as gcp

from tests.policy.helpers import (
    assert_no_violation,
    plan_from,
    plan_of,
    platform_plan,
    resource,
    run_policy,
    violations,
)
from tests.spec.fixtures import dev_platform

POLICY = "protect-stateful"


def test_unprotected_dev_platform_is_warned_about() -> None:
    found = violations(POLICY, platform_plan())

    assert sorted(v.resource_name or "" for v in found) == [
        "mesh-network-private-tokyo",
        "mesh-network-vpc",
        "mesh-tokyo-1-cluster",
        "mesh-tokyo-2-cluster",
    ]
    assert all(v.enforcement_level == "advisory" for v in found)
    messages = {v.resource_name: v.message for v in found}
    assert messages["mesh-network-vpc"].startswith("network dev-mesh-vpc is not protected")
    assert messages["mesh-network-private-tokyo"].startswith("subnet dev-private-tokyo is not protected")


def test_advice_for_a_resource_the_spec_made_names_the_spec_field() -> None:
    (found, *_) = violations(POLICY, platform_plan())

    assert "set protect: true in the platform spec (meshfleet:platform)" in found.message
    assert "resource option" not in found.message


def test_advice_for_a_resource_of_another_program_names_the_resource_option() -> None:
    def program() -> None:
        gcp.compute.Network("vpc", auto_create_subnetworks=False)

    (found,) = run_policy(POLICY, plan_of(program)).violations

    assert "set the protect resource option" in found.message


def test_protected_platform_passes() -> None:
    raw = dev_platform() | {"protect": True}

    assert_no_violation(POLICY, platform_plan(raw))


def test_mandatory_by_config_fails_the_preview() -> None:
    def program() -> None:
        gcp.compute.Network("vpc", auto_create_subnetworks=False)
        gcp.compute.Network("kept", auto_create_subnetworks=False, opts=pulumi.ResourceOptions(protect=True))

    report = run_policy(POLICY, plan_of(program), level="mandatory")

    assert [v.resource_name for v in report.violations] == ["vpc"]
    assert report.mandatory_failed


def test_azure_networks_and_clusters_in_any_api_version() -> None:
    plan = plan_from(
        resource("azure-native:network:VirtualNetwork", "vnet", {"virtualNetworkName": "mesh"}),
        resource("azure-native:containerservice/v20240801:ManagedCluster", "aks", {}, protect=True),
        resource("azure-native:network:Subnet", "subnet", {}),
    )

    assert [v.resource_name for v in violations(POLICY, plan)] == ["vnet", "subnet"]


def test_other_resources_need_no_protection() -> None:
    assert_no_violation(POLICY, plan_from(resource("gcp:compute/firewall:Firewall", "fw", {})))
