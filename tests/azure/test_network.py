"""AzureNetwork: the resource group, the VNet with its two subnets, and the production lock."""

from __future__ import annotations

from components.spec.azure import AzureSpec
from tests.harness import plan_of
from tests.spec.fixtures import aks_platform

from .helpers import AZURE_NETWORK, LOCK, RESOURCE_GROUP, VNET, aks_plan, aks_plan_with


def test_resource_group_name_starts_with_the_prefix() -> None:
    rg = aks_plan().find(RESOURCE_GROUP, "mesh-azure-network-rg")

    assert (rg.inputs["resourceGroupName"], rg.inputs["location"]) == ("dev-mesh", "japaneast")


def test_vnet_has_the_address_space_and_both_subnets_inline() -> None:
    vnet = aks_plan().find(VNET, "mesh-azure-network-vnet").inputs

    assert vnet["addressSpace"] == {"addressPrefixes": ["10.16.0.0/16"]}
    assert [(s["name"], s["addressPrefix"]) for s in vnet["subnets"]] == [
        ("nodes", "10.16.0.0/20"),
        ("internal-lb", "10.16.16.0/24"),
    ]


def test_vnet_is_a_child_of_the_network_component() -> None:
    plan = aks_plan()

    assert (
        plan.find(VNET, "mesh-azure-network-vnet").parent
        == plan.find(AZURE_NETWORK, "mesh-azure-network").urn
    )


def test_unprotected_network_has_no_lock_and_no_protect() -> None:
    plan = aks_plan()

    assert plan.by_type(LOCK) == []
    assert not plan.find(RESOURCE_GROUP, "mesh-azure-network-rg").protect


def test_protected_network_protects_the_resource_group_and_vnet() -> None:
    plan = aks_plan_with(protect=True)

    assert plan.find(RESOURCE_GROUP, "mesh-azure-network-rg").protect
    assert plan.find(VNET, "mesh-azure-network-vnet").protect


def test_protected_network_locks_the_resource_group_against_deletes() -> None:
    lock = aks_plan_with(protect=True).find(LOCK, "mesh-azure-network-lock")

    assert lock.inputs["level"] == "CanNotDelete"
    assert lock.inputs["resourceGroupName"] == "<unknown>"


def test_component_alone_uses_the_spec_names_without_prefix() -> None:
    from components.azure import AzureNetwork, AzureNetworkArgs

    spec = AzureSpec.model_validate(aks_platform()["azure"])
    plan = plan_of(lambda: AzureNetwork("net", AzureNetworkArgs(azure=spec)))

    assert plan.find(RESOURCE_GROUP, "net-rg").inputs["resourceGroupName"] == "mesh"
