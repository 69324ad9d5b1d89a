"""Projects by role: the Shared VPC host project, a fleet host project, a project per cluster."""

from __future__ import annotations

from typing import Any

from components.spec import parse_platform
from tests.spec.fixtures import gke_cluster

from .fixtures import dev_platform, spec_message


def enterprise_platform() -> dict[str, Any]:
    """The dev spec spread over projects: network in a host project, a cluster per service project."""
    raw = dev_platform()
    raw["gcp"]["network"]["project"] = "acme-net-host"
    raw["gcp"]["fleetProject"] = "acme-fleet-host"
    raw["clusters"][0]["project"] = "acme-team-a"
    raw["clusters"][1]["project"] = "acme-team-b"
    return raw


def test_every_role_defaults_to_the_one_project() -> None:
    spec = parse_platform(dev_platform())

    assert (spec.network_project(), spec.fleet_project(), spec.cluster_project(gke_cluster(spec))) == (
        "acme-mesh-dev",
        "acme-mesh-dev",
        "acme-mesh-dev",
    )


def test_each_role_takes_its_own_project() -> None:
    spec = parse_platform(enterprise_platform())

    assert spec.network_project() == "acme-net-host"
    assert spec.fleet_project() == "acme-fleet-host"
    assert [spec.cluster_project(gke_cluster(spec, i)) for i in (0, 1)] == ["acme-team-a", "acme-team-b"]


def test_a_cluster_in_another_project_needs_a_fleet_host() -> None:
    raw = enterprise_platform()
    del raw["gcp"]["fleetProject"]

    assert spec_message(raw) == (
        "platform.clusters[0].project: acme-team-a is not gcp.project (acme-mesh-dev): clusters in"
        " other projects need gcp.fleetProject, the fleet host project they all register to"
    )


def test_a_shared_vpc_in_a_host_project_alone_needs_no_fleet_host() -> None:
    raw = dev_platform()
    raw["gcp"]["network"]["project"] = "acme-net-host"

    assert parse_platform(raw).fleet_project() == "acme-mesh-dev"


def test_a_service_projects_subnet_must_be_one_of_the_host_projects() -> None:
    raw = enterprise_platform()
    raw["clusters"][1]["subnet"] = "team-b-own"

    assert spec_message(raw) == (
        "platform.clusters[1].subnet: 'team-b-own' is not a subnet of the Shared VPC in host project"
        " acme-net-host (gcp.network.subnets: private-tokyo)"
    )


def test_a_project_id_has_googles_syntax() -> None:
    raw = enterprise_platform()
    raw["clusters"][0]["project"] = "Team_A"

    assert spec_message(raw).startswith("platform.clusters[0].project: ")


def test_the_shared_vpc_attachment_is_managed_unless_declared_existing() -> None:
    raw = enterprise_platform()
    assert parse_platform(raw).gcp_section().shared_vpc == "managed"

    raw["gcp"]["sharedVpc"] = "existing"
    assert parse_platform(raw).gcp_section().shared_vpc == "existing"
