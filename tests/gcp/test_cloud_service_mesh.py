"""CloudServiceMesh: the servicemesh fleet feature, automatic management, a FeatureMembership per cluster."""

from __future__ import annotations

import pulumi
import pulumi_gcp as gcp

from components.engine import Plan
from components.gcp.mesh import CloudServiceMesh, CloudServiceMeshArgs
from tests.harness import (
    CLOUD_SERVICE_MESH,
    FEATURE,
    FEATURE_MEMBERSHIP,
    MEMBERSHIP,
    NETWORK,
    STACK_URN,
    plan_of,
    platform_plan,
)

PROJECT_ID = "acme-mesh-dev"
COMPONENT_URN = f"urn:pulumi:test::meshfleet::{CLOUD_SERVICE_MESH}::csm"


def mesh_plan() -> Plan:
    # Out of order on purpose: the component sorts them.
    args = CloudServiceMeshArgs(project=PROJECT_ID, memberships={"tokyo-2": "tokyo-2", "tokyo-1": "tokyo-1"})

    def build() -> None:
        mesh = CloudServiceMesh("csm", args)
        # Something that waits for tokyo-1's mesh, as gateways and routes do.
        gcp.compute.Network(
            "waits-for-tokyo-1", opts=pulumi.ResourceOptions(depends_on=mesh.ready("tokyo-1"))
        )

    return plan_of(build)


def test_component_type_token_is_meshfleet_index_cloud_service_mesh() -> None:
    component = mesh_plan().find(CLOUD_SERVICE_MESH, "csm")

    assert (component.urn, component.custom, component.parent) == (COMPONENT_URN, False, STACK_URN)


def test_feature_is_the_global_servicemesh_feature() -> None:
    feature = mesh_plan().find(FEATURE, "csm-feature")

    assert (feature.inputs["name"], feature.inputs["location"], feature.inputs["project"]) == (
        "servicemesh",
        "global",
        PROJECT_ID,
    )


def test_fleet_default_member_config_manages_the_mesh_automatically() -> None:
    feature = mesh_plan().find(FEATURE, "csm-feature")

    assert feature.inputs["fleetDefaultMemberConfig"] == {"mesh": {"management": "MANAGEMENT_AUTOMATIC"}}


def test_one_feature_membership_per_cluster_named_after_it() -> None:
    memberships = mesh_plan().by_type(FEATURE_MEMBERSHIP)

    assert [(m.name, m.inputs["membership"]) for m in memberships] == [
        ("csm-tokyo-1", "tokyo-1"),
        ("csm-tokyo-2", "tokyo-2"),
    ]


def test_feature_membership_manages_the_mesh_automatically() -> None:
    memberships = mesh_plan().by_type(FEATURE_MEMBERSHIP)

    assert [m.inputs["mesh"] for m in memberships] == [{"management": "MANAGEMENT_AUTOMATIC"}] * 2


def test_feature_membership_is_global_for_a_global_membership() -> None:
    membership = mesh_plan().find(FEATURE_MEMBERSHIP, "csm-tokyo-1")

    assert (membership.inputs["location"], membership.inputs["membershipLocation"]) == ("global", "global")


def test_feature_membership_enrols_in_the_servicemesh_feature() -> None:
    plan = mesh_plan()
    membership = plan.find(FEATURE_MEMBERSHIP, "csm-tokyo-1")

    assert (membership.inputs["feature"], membership.inputs["project"]) == ("servicemesh", PROJECT_ID)
    assert membership.property_dependencies["feature"] == [plan.find(FEATURE, "csm-feature").urn]


def test_no_cluster_means_only_the_feature() -> None:
    plan = plan_of(lambda: CloudServiceMesh("csm", CloudServiceMeshArgs(project=PROJECT_ID)))

    assert [r.type for r in plan if r.custom] == [FEATURE]


def test_ready_is_the_clusters_own_feature_membership() -> None:
    plan = mesh_plan()
    waiting = plan.find(NETWORK, "waits-for-tokyo-1")

    assert waiting.dependencies == [plan.find(FEATURE_MEMBERSHIP, "csm-tokyo-1").urn]


def test_children_are_parented_to_the_component() -> None:
    children = [r for r in mesh_plan() if r.type in (FEATURE, FEATURE_MEMBERSHIP)]

    assert len(children) == 3
    assert {r.parent for r in children} == {COMPONENT_URN}


def test_platform_enrols_each_clusters_fleet_membership() -> None:
    plan = platform_plan()

    for cluster in ("tokyo-1", "tokyo-2"):
        enrolment = plan.find(FEATURE_MEMBERSHIP, f"mesh-csm-{cluster}")
        membership = plan.find(MEMBERSHIP, f"mesh-{cluster}-membership")
        assert enrolment.inputs["membership"] == membership.inputs["membershipId"] == f"dev-{cluster}"
        assert enrolment.property_dependencies["membership"] == [membership.urn]
