"""GcpNetwork: custom-mode VPC, private subnets with secondary ranges, Cloud Router + NAT per region."""

from __future__ import annotations

from typing import Any

import pytest

from components.engine import Plan
from components.gcp.network import GcpNetwork, GcpNetworkArgs
from components.spec.models import GcpNetworkSpec
from tests.harness import GCP_NETWORK, NETWORK, ROUTER, ROUTER_NAT, STACK_URN, SUBNETWORK, plan_of, urn
from tests.spec.fixtures import dev_platform

PROJECT_ID = "acme-mesh-dev"
COMPONENT_URN = f"urn:pulumi:test::meshfleet::{GCP_NETWORK}::net"

# A second subnet in the same region and one in another region: routers and NATs are per
# region, not per subnet.
EXTRA_SUBNETS = [
    {
        "name": "private-tokyo-b",
        "region": "asia-northeast1",
        "cidr": "172.17.0.0/16",
        "pods": "10.8.0.0/14",
        "services": "10.12.0.0/20",
    },
    {
        "name": "private-osaka",
        "region": "asia-northeast2",
        "cidr": "172.18.0.0/16",
        "pods": "10.16.0.0/14",
        "services": "10.20.0.0/20",
    },
]


def network_spec(**changes: Any) -> GcpNetworkSpec:
    raw = dev_platform()["gcp"]["network"] | changes
    return GcpNetworkSpec.model_validate(raw)


def network_plan(spec: GcpNetworkSpec | None = None, *, protect: bool = False) -> Plan:
    args = GcpNetworkArgs(project=PROJECT_ID, network=spec or network_spec(), protect=protect)
    return plan_of(lambda: GcpNetwork("net", args))


def three_subnet_plan() -> Plan:
    base = dev_platform()["gcp"]["network"]["subnets"]
    return network_plan(network_spec(subnets=base + EXTRA_SUBNETS))


def test_component_type_token_is_meshfleet_index_gcp_network() -> None:
    component = network_plan().find(GCP_NETWORK, "net")

    assert (component.urn, component.custom, component.parent) == (COMPONENT_URN, False, STACK_URN)


def test_vpc_is_custom_mode() -> None:
    vpc = network_plan().find(NETWORK, "net-vpc")

    assert vpc.inputs["autoCreateSubnetworks"] is False


def test_vpc_takes_its_name_and_project_from_the_spec() -> None:
    vpc = network_plan().find(NETWORK, "net-vpc")

    assert (vpc.inputs["name"], vpc.inputs["project"]) == ("mesh-vpc", PROJECT_ID)


def test_subnet_has_private_google_access() -> None:
    subnet = network_plan().find(SUBNETWORK, "net-private-tokyo")

    assert subnet.inputs["privateIpGoogleAccess"] is True


def test_subnet_primary_range_and_region_follow_the_spec() -> None:
    subnet = network_plan().find(SUBNETWORK, "net-private-tokyo")

    assert (subnet.inputs["name"], subnet.inputs["region"], subnet.inputs["ipCidrRange"]) == (
        "private-tokyo",
        "asia-northeast1",
        "172.16.0.0/16",
    )


def test_subnet_secondary_ranges_are_named_pods_and_services_with_the_spec_cidrs() -> None:
    subnet = network_plan().find(SUBNETWORK, "net-private-tokyo")

    assert subnet.inputs["secondaryIpRanges"] == [
        {"rangeName": "private-tokyo-pods", "ipCidrRange": "10.0.0.0/14"},
        {"rangeName": "private-tokyo-services", "ipCidrRange": "10.4.0.0/20"},
    ]


def test_subnet_is_attached_to_the_vpc() -> None:
    plan = network_plan()
    subnet = plan.find(SUBNETWORK, "net-private-tokyo")

    assert subnet.property_dependencies["network"] == [plan.find(NETWORK, "net-vpc").urn]


def test_one_subnet_per_spec_entry() -> None:
    subnets = three_subnet_plan().by_type(SUBNETWORK)

    assert [s.inputs["name"] for s in subnets] == ["private-tokyo", "private-tokyo-b", "private-osaka"]


def test_one_router_and_one_nat_per_region() -> None:
    plan = three_subnet_plan()

    assert [r.name for r in plan.by_type(ROUTER)] == [
        "net-router-asia-northeast1",
        "net-router-asia-northeast2",
    ]
    assert [n.name for n in plan.by_type(ROUTER_NAT)] == [
        "net-nat-asia-northeast1",
        "net-nat-asia-northeast2",
    ]


def test_router_is_on_the_vpc_in_its_region() -> None:
    plan = three_subnet_plan()
    router = plan.find(ROUTER, "net-router-asia-northeast2")

    assert router.inputs["region"] == "asia-northeast2"
    assert router.inputs["name"] == "mesh-vpc-asia-northeast2-router"
    assert router.property_dependencies["network"] == [plan.find(NETWORK, "net-vpc").urn]


def test_nat_belongs_to_the_router_of_its_region() -> None:
    plan = three_subnet_plan()
    nat = plan.find(ROUTER_NAT, "net-nat-asia-northeast2")
    router = plan.find(ROUTER, "net-router-asia-northeast2")

    assert (nat.inputs["region"], nat.inputs["router"]) == (
        "asia-northeast2",
        "mesh-vpc-asia-northeast2-router",
    )
    assert nat.property_dependencies["router"] == [router.urn]


def test_nat_auto_allocates_ips_for_all_ranges_of_all_subnets() -> None:
    nat = network_plan().find(ROUTER_NAT, "net-nat-asia-northeast1")

    assert nat.inputs["natIpAllocateOption"] == "AUTO_ONLY"
    assert nat.inputs["sourceSubnetworkIpRangesToNat"] == "ALL_SUBNETWORKS_ALL_IP_RANGES"


@pytest.mark.parametrize("logging", ["ALL", "ERRORS_ONLY", "TRANSLATIONS_ONLY"])
def test_nat_logs_with_the_spec_filter(logging: str) -> None:
    nat = network_plan(network_spec(nat={"logging": logging})).find(ROUTER_NAT, "net-nat-asia-northeast1")

    assert nat.inputs["logConfig"] == {"enable": True, "filter": logging}


def test_nat_logging_none_disables_logging() -> None:
    nat = network_plan(network_spec(nat={"logging": "NONE"})).find(ROUTER_NAT, "net-nat-asia-northeast1")

    assert nat.inputs["logConfig"]["enable"] is False


def test_nat_logs_everything_by_default() -> None:
    raw = dev_platform()["gcp"]["network"]
    del raw["nat"]
    nat = network_plan(GcpNetworkSpec.model_validate(raw)).find(ROUTER_NAT, "net-nat-asia-northeast1")

    assert nat.inputs["logConfig"] == {"enable": True, "filter": "ALL"}


def test_protect_sets_protect_on_vpc_and_subnets() -> None:
    plan = network_plan(
        network_spec(subnets=dev_platform()["gcp"]["network"]["subnets"] + EXTRA_SUBNETS), protect=True
    )

    assert [(r.name, r.protect) for r in plan.by_type(NETWORK) + plan.by_type(SUBNETWORK)] == [
        ("net-vpc", True),
        ("net-private-tokyo", True),
        ("net-private-tokyo-b", True),
        ("net-private-osaka", True),
    ]


def test_protect_leaves_router_and_nat_unprotected() -> None:
    plan = network_plan(protect=True)

    assert [r.protect for r in plan.by_type(ROUTER) + plan.by_type(ROUTER_NAT)] == [False, False]


def test_nothing_is_protected_by_default() -> None:
    assert [r.name for r in network_plan() if r.protect] == []


def test_children_are_parented_to_the_component() -> None:
    plan = three_subnet_plan()
    children = [r for r in plan if r.custom]

    assert len(children) == 8  # vpc, 3 subnets, 2 routers, 2 nats
    assert {r.parent for r in children} == {COMPONENT_URN}
    assert plan.get(urn(COMPONENT_URN, SUBNETWORK, "net-private-osaka")).inputs["name"] == "private-osaka"


def test_every_resource_is_in_the_project() -> None:
    plan = three_subnet_plan()

    assert {r.inputs["project"] for r in plan if r.custom} == {PROJECT_ID}
