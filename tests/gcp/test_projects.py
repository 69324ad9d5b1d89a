"""Projects by role: which project each resource lives in, and the cross-project IAM.

The dev spec spread over projects (tests.spec.test_projects): the VPC in acme-net-host, tokyo-1
in acme-team-a, tokyo-2 in acme-team-b, the fleet in acme-fleet-host.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest

from components.engine import UNKNOWN, Plan
from tests.harness import (
    API_SERVICE,
    CLUSTER,
    FEATURE,
    FEATURE_MEMBERSHIP,
    FIREWALL,
    IAM_MEMBER,
    MEMBERSHIP,
    NETWORK,
    NODE_POOL,
    SERVICE_ACCOUNT,
    SUBNETWORK,
    platform_plan,
)
from tests.spec.test_projects import enterprise_platform

HOST, FLEET, TEAM_A, TEAM_B = "acme-net-host", "acme-fleet-host", "acme-team-a", "acme-team-b"
SUBNET_IAM = "gcp:compute/subnetworkIAMMember:SubnetworkIAMMember"
HOST_PROJECT = "gcp:compute/sharedVPCHostProject:SharedVPCHostProject"
SERVICE_PROJECT = "gcp:compute/sharedVPCServiceProject:SharedVPCServiceProject"


@cache
def _plan(shared_vpc: str = "managed") -> Plan:
    raw = enterprise_platform()
    raw["gcp"]["sharedVpc"] = shared_vpc
    raw["multiClusterIngress"] = {"configCluster": "tokyo-1", "gateway": "istio-ingressgateway"}
    raw["gateways"][0]["serviceType"] = "ClusterIP"
    return platform_plan(raw)


def projects_of(type_: str, plan: Plan | None = None) -> dict[str, Any]:
    return {r.name: r.inputs.get("project") for r in (plan or _plan()).resources if r.type == type_}


def iam(plan: Plan | None = None) -> set[tuple[str, str]]:
    """(project, role) of every project-level binding but the nodes' own."""
    return {
        (r.inputs["project"], r.inputs["role"])
        for r in (plan or _plan()).resources
        if r.type == IAM_MEMBER and "-nodes-" not in r.name
    }


def test_the_network_and_every_firewall_rule_live_in_the_host_project() -> None:
    for type_ in (NETWORK, SUBNETWORK, FIREWALL):
        assert set(projects_of(type_).values()) == {HOST}, type_
    assert len(projects_of(FIREWALL)) == 3  # two master webhook rules and the pods rule


def test_each_cluster_its_pool_and_node_account_live_in_its_service_project() -> None:
    for type_ in (CLUSTER, NODE_POOL, SERVICE_ACCOUNT):
        found = projects_of(type_)
        assert {p for n, p in found.items() if "tokyo-1" in n} == {TEAM_A}, type_
        assert {p for n, p in found.items() if "tokyo-2" in n} == {TEAM_B}, type_


def test_memberships_and_fleet_features_live_in_the_fleet_host() -> None:
    for type_ in (MEMBERSHIP, FEATURE, FEATURE_MEMBERSHIP):
        assert set(projects_of(type_).values()) == {FLEET}, type_
    assert len(projects_of(FEATURE)) == 3  # servicemesh, multiclusteringress, multiclusterservicediscovery


def test_clusters_use_the_fleet_hosts_workload_identity_pool() -> None:
    pools = {
        r.inputs["workloadIdentityConfig"]["workloadPool"] for r in _plan().resources if r.type == CLUSTER
    }
    assert pools == {f"{FLEET}.svc.id.goog"}


def test_the_mcs_importer_of_the_fleet_pool_reads_the_host_projects_network() -> None:
    (importer,) = [r for r in _plan().resources if r.name == "mesh-mci-mcs-importer"]

    assert importer.inputs["project"] == HOST
    assert importer.inputs["role"] == "roles/compute.networkViewer"
    assert importer.inputs["member"] == f"serviceAccount:{FLEET}.svc.id.goog[gke-mcs/gke-mcs-importer]"


def test_every_used_project_enables_the_apis() -> None:
    assert set(projects_of(API_SERVICE).values()) == {HOST, FLEET, TEAM_A, TEAM_B}


def test_gke_service_agents_of_service_projects_use_the_host_project_and_their_subnets() -> None:
    assert {(p, r) for p, r in iam() if r == "roles/container.hostServiceAgentUser"} == {
        (HOST, "roles/container.hostServiceAgentUser")
    }
    subnet_users = [r.inputs for r in _plan().resources if r.type == SUBNET_IAM]
    assert len(subnet_users) == 4  # the GKE and Google APIs agents of two service projects
    assert {(s["project"], s["region"], s["subnetwork"], s["role"]) for s in subnet_users} == {
        (HOST, "asia-northeast1", "dev-private-tokyo", "roles/compute.networkUser")
    }


def test_fleet_agents_get_their_roles_in_every_cluster_project_and_the_mesh_agent_in_the_fleet_host() -> None:
    assert {(p, r) for p, r in iam() if r.endswith(".serviceAgent")} == {
        (TEAM_A, "roles/gkehub.serviceAgent"),
        (TEAM_B, "roles/gkehub.serviceAgent"),
        (TEAM_A, "roles/anthosservicemesh.serviceAgent"),
        (TEAM_B, "roles/anthosservicemesh.serviceAgent"),
        (FLEET, "roles/anthosservicemesh.serviceAgent"),
    }


def test_service_agent_members_stay_unknown_offline_never_invented() -> None:
    members = {
        r.inputs["member"]
        for r in _plan().resources
        if r.type in (IAM_MEMBER, SUBNET_IAM)
        and r.inputs["role"].endswith(("Agent", "AgentUser", "networkUser"))
    }
    assert members == {UNKNOWN}


def test_a_managed_attachment_enables_the_host_and_attaches_each_service_project_abandoned_on_destroy() -> (
    None
):
    (host,) = [r.inputs for r in _plan().resources if r.type == HOST_PROJECT]
    attachments = [r.inputs for r in _plan().resources if r.type == SERVICE_PROJECT]

    assert host == {"deletionPolicy": "ABANDON", "project": HOST}
    assert sorted((a["hostProject"], a["serviceProject"], a["deletionPolicy"]) for a in attachments) == [
        (HOST, TEAM_A, "ABANDON"),
        (HOST, TEAM_B, "ABANDON"),
    ]


def test_an_existing_attachment_is_not_managed_but_the_iam_still_is() -> None:
    plan = _plan("existing")

    assert [r for r in plan.resources if r.type in (HOST_PROJECT, SERVICE_PROJECT)] == []
    assert (HOST, "roles/container.hostServiceAgentUser") in iam(plan)


@pytest.mark.parametrize("cluster", ["tokyo-1", "tokyo-2"])
def test_a_service_project_cluster_waits_for_its_shared_vpc_access(cluster: str) -> None:
    plan = _plan()
    found = plan.find(CLUSTER, f"mesh-{cluster}-cluster")
    waits = {d.rsplit("::", 1)[1] for d in found.dependencies}

    assert {"mesh-shared-vpc-acme-team-a-host-agent", "mesh-shared-vpc-acme-team-b-host-agent"} <= waits
    assert "mesh-shared-vpc-acme-team-a" in waits  # the attachment


def test_memberships_wait_for_the_fleet_agents_roles_and_enrolment_for_the_membership() -> None:
    plan = _plan()
    membership = plan.find(MEMBERSHIP, "mesh-tokyo-1-membership")
    enrolment = plan.find(FEATURE_MEMBERSHIP, "mesh-csm-tokyo-1")

    waits = {d.rsplit("::", 1)[1] for d in membership.dependencies}
    assert {"mesh-fleet-access-acme-team-a-gkehub", "mesh-fleet-access-acme-fleet-host-servicemesh"} <= waits
    assert membership.urn in enrolment.dependencies


def test_one_project_builds_no_shared_vpc_or_cross_project_iam() -> None:
    plan = platform_plan()

    assert [r for r in plan.resources if r.type in (SUBNET_IAM, HOST_PROJECT, SERVICE_PROJECT)] == []
    assert iam(plan) == set()
