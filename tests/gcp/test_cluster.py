"""PrivateGkeCluster: private, Workload Identity-enabled GKE, own node identity, global membership."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from components.engine import SECRET, Plan, ProgramError
from components.gcp.cluster import PrivateGkeCluster, PrivateGkeClusterArgs
from components.gcp.kubeconfig import gke_kubeconfig
from components.spec.models import GkeClusterSpec
from tests.harness import (
    CLUSTER,
    FIREWALL,
    GKE_CLUSTER,
    IAM_MEMBER,
    K8S_PROVIDER,
    MEMBERSHIP,
    NODE_POOL,
    SERVICE_ACCOUNT,
    STACK_URN,
    plan_of,
)
from tests.spec.fixtures import dev_platform

PROJECT_ID = "acme-mesh-dev"
NETWORK_ID = "projects/acme-mesh-dev/global/networks/mesh-vpc"
SUBNET_ID = "projects/acme-mesh-dev/regions/asia-northeast1/subnetworks/private-tokyo"
COMPONENT_URN = f"urn:pulumi:test::meshfleet::{GKE_CLUSTER}::gke"

# Written out, not imported: the test must fail if the component's list changes.
NODE_ROLES = {
    "roles/logging.logWriter",
    "roles/monitoring.metricWriter",
    "roles/monitoring.viewer",
    "roles/stackdriver.resourceMetadata.writer",
    "roles/artifactregistry.reader",
}


def cluster_spec(**changes: Any) -> GkeClusterSpec:
    """The dev spec's tokyo-1 with `changes` (camelCase) applied."""
    return GkeClusterSpec.model_validate(dev_platform()["clusters"][0] | changes)


def cluster_plan(
    spec: GkeClusterSpec | None = None, *, protect: bool = False, name_prefix: str | None = None
) -> Plan:
    args = PrivateGkeClusterArgs(
        project=PROJECT_ID,
        cluster=spec or cluster_spec(),
        network=NETWORK_ID,
        subnetwork=SUBNET_ID,
        pods_range_name="private-tokyo-pods",
        services_range_name="private-tokyo-services",
        protect=protect,
        name_prefix=name_prefix,
    )
    return plan_of(lambda: PrivateGkeCluster("gke", args))


def cluster_inputs(plan: Plan) -> dict[str, Any]:
    return plan.find(CLUSTER, "gke-cluster").inputs


def node_config(plan: Plan) -> dict[str, Any]:
    return plan.find(NODE_POOL, "gke-pool").inputs["nodeConfig"]


def test_component_type_token_is_meshfleet_index_private_gke_cluster() -> None:
    component = cluster_plan().find(GKE_CLUSTER, "gke")

    assert (component.urn, component.custom, component.parent) == (COMPONENT_URN, False, STACK_URN)


def test_cluster_takes_name_project_and_location_from_the_spec() -> None:
    inputs = cluster_inputs(cluster_plan())

    assert (inputs["name"], inputs["project"], inputs["location"]) == (
        "tokyo-1",
        PROJECT_ID,
        "asia-northeast1",
    )


def test_nodes_are_private_behind_the_master_range_with_global_access() -> None:
    inputs = cluster_inputs(cluster_plan())

    assert inputs["privateClusterConfig"] == {
        "enablePrivateNodes": True,
        "enablePrivateEndpoint": False,
        "masterIpv4CidrBlock": "192.168.0.0/28",
        "masterGlobalAccessConfig": {"enabled": True},
    }


def test_master_global_access_can_be_turned_off() -> None:
    inputs = cluster_inputs(cluster_plan(cluster_spec(masterGlobalAccess=False)))

    assert inputs["privateClusterConfig"]["masterGlobalAccessConfig"] == {"enabled": False}


def test_master_authorized_networks_come_from_the_spec() -> None:
    spec = cluster_spec(
        authorizedNetworks=[
            {"name": "ci", "cidr": "203.0.113.10/32"},
            {"name": "office", "cidr": "198.51.100.0/24"},
        ]
    )
    inputs = cluster_inputs(cluster_plan(spec))

    assert inputs["masterAuthorizedNetworksConfig"] == {
        "cidrBlocks": [
            {"cidrBlock": "203.0.113.10/32", "displayName": "ci"},
            {"cidrBlock": "198.51.100.0/24", "displayName": "office"},
        ]
    }


def test_master_authorized_networks_config_is_present_when_the_list_is_empty() -> None:
    inputs = cluster_inputs(cluster_plan(cluster_spec(authorizedNetworks=[])))

    assert inputs["masterAuthorizedNetworksConfig"] == {"cidrBlocks": []}


def test_workload_identity_pool_is_the_projects_svc_id_goog() -> None:
    inputs = cluster_inputs(cluster_plan())

    assert inputs["workloadIdentityConfig"] == {"workloadPool": "acme-mesh-dev.svc.id.goog"}


def test_release_channel_follows_the_spec() -> None:
    inputs = cluster_inputs(cluster_plan(cluster_spec(releaseChannel="REGULAR")))

    assert inputs["releaseChannel"] == {"channel": "REGULAR"}


def test_shielded_nodes_are_enabled() -> None:
    assert cluster_inputs(cluster_plan())["enableShieldedNodes"] is True


def test_default_node_pool_is_removed() -> None:
    inputs = cluster_inputs(cluster_plan())

    assert (inputs["removeDefaultNodePool"], inputs["initialNodeCount"]) == (True, 1)


def test_cluster_is_vpc_native_on_the_subnet_secondary_ranges() -> None:
    inputs = cluster_inputs(cluster_plan())

    assert (inputs["networkingMode"], inputs["network"], inputs["subnetwork"]) == (
        "VPC_NATIVE",
        NETWORK_ID,
        SUBNET_ID,
    )
    assert inputs["ipAllocationPolicy"] == {
        "clusterSecondaryRangeName": "private-tokyo-pods",
        "servicesSecondaryRangeName": "private-tokyo-services",
    }


def test_cluster_is_unprotected_by_default() -> None:
    cluster = cluster_plan().find(CLUSTER, "gke-cluster")

    assert (cluster.inputs["deletionProtection"], cluster.protect) == (False, False)


def test_protect_sets_deletion_protection_and_pulumi_protect_on_the_cluster() -> None:
    cluster = cluster_plan(protect=True).find(CLUSTER, "gke-cluster")

    assert (cluster.inputs["deletionProtection"], cluster.protect) == (True, True)


def test_protect_leaves_the_replaceable_children_unprotected() -> None:
    plan = cluster_plan(protect=True)

    assert [r.name for r in plan if r.protect] == ["gke-cluster"]


def test_node_pool_belongs_to_the_cluster_in_its_location() -> None:
    plan = cluster_plan()
    pool = plan.find(NODE_POOL, "gke-pool")

    assert (pool.inputs["cluster"], pool.inputs["location"], pool.inputs["name"]) == (
        "tokyo-1",
        "asia-northeast1",
        "tokyo-1-pool",
    )
    assert pool.property_dependencies["cluster"] == [plan.find(CLUSTER, "gke-cluster").urn]


def test_node_pool_autoscaling_follows_the_spec() -> None:
    spec = cluster_spec(nodePool={"machineType": "e2-standard-8", "min": 2, "max": 7})
    pool = cluster_plan(spec).find(NODE_POOL, "gke-pool")

    assert pool.inputs["autoscaling"] == {"minNodeCount": 2, "maxNodeCount": 7}


def test_node_machine_type_and_disk_follow_the_spec() -> None:
    spec = cluster_spec(nodePool={"machineType": "n2-standard-8", "diskSizeGb": 200})
    config = node_config(cluster_plan(spec))

    assert (config["machineType"], config["diskSizeGb"]) == ("n2-standard-8", 200)


def test_node_zones_follow_the_spec_when_given() -> None:
    zones = ["asia-northeast1-a", "asia-northeast1-b"]
    pool = cluster_plan(cluster_spec(nodePool={"zones": zones})).find(NODE_POOL, "gke-pool")

    assert pool.inputs["nodeLocations"] == zones


def test_nodes_carry_the_explicit_cluster_nodes_tag() -> None:
    assert node_config(cluster_plan())["tags"] == ["tokyo-1-nodes"]


def test_nodes_use_the_gke_metadata_server() -> None:
    assert node_config(cluster_plan())["workloadMetadataConfig"] == {"mode": "GKE_METADATA"}


def test_nodes_have_secure_boot_and_integrity_monitoring() -> None:
    assert node_config(cluster_plan())["shieldedInstanceConfig"] == {
        "enableSecureBoot": True,
        "enableIntegrityMonitoring": True,
    }


def test_nodes_run_as_a_dedicated_service_account_not_the_default() -> None:
    plan = cluster_plan()
    account = plan.find(SERVICE_ACCOUNT, "gke-nodes")
    pool = plan.find(NODE_POOL, "gke-pool")

    assert (account.inputs["accountId"], account.inputs["project"]) == ("tokyo-1-nodes", PROJECT_ID)
    # The email is only known after creation; the pool's node config is computed from it.
    assert "serviceAccount" in pool.inputs["nodeConfig"]
    assert pool.inputs["nodeConfig"]["serviceAccount"] != "default"
    assert account.urn in pool.property_dependencies["nodeConfig"]


def test_node_service_account_id_stays_within_30_characters_for_long_cluster_names() -> None:
    name = "a-very-long-cluster-name-for-tests-12"  # 37 characters, GKE allows 40
    account = cluster_plan(cluster_spec(name=name)).find(SERVICE_ACCOUNT, "gke-nodes")

    account_id = account.inputs["accountId"]
    assert 6 <= len(account_id) <= 30
    assert account_id.endswith("-nodes")


def test_node_service_account_gets_exactly_the_five_node_roles() -> None:
    members = cluster_plan().by_type(IAM_MEMBER)

    assert len(members) == 5
    assert {m.inputs["role"] for m in members} == NODE_ROLES
    assert {m.inputs["project"] for m in members} == {PROJECT_ID}


def test_node_roles_are_granted_to_the_node_service_account() -> None:
    plan = cluster_plan()
    account = plan.find(SERVICE_ACCOUNT, "gke-nodes")

    assert [m.property_dependencies["member"] for m in plan.by_type(IAM_MEMBER)] == [[account.urn]] * 5


def test_firewall_allows_kubelet_https_and_webhook_ports_from_the_master_range_to_the_nodes() -> None:
    firewall = cluster_plan().find(FIREWALL, "gke-master-webhooks")

    assert firewall.inputs == {
        "name": "tokyo-1-master-webhooks",
        "project": PROJECT_ID,
        "network": NETWORK_ID,
        "direction": "INGRESS",
        "sourceRanges": ["192.168.0.0/28"],
        "targetTags": ["tokyo-1-nodes"],
        "allows": [{"protocol": "tcp", "ports": ["10250", "443", "15017"]}],
    }


def test_firewall_targets_the_same_tag_the_nodes_carry() -> None:
    plan = cluster_plan(cluster_spec(name="osaka-9"))

    assert plan.find(FIREWALL, "gke-master-webhooks").inputs["targetTags"] == node_config(plan)["tags"]


def test_membership_is_global_with_the_cluster_name_as_id() -> None:
    membership = cluster_plan().find(MEMBERSHIP, "gke-membership")

    assert (
        membership.inputs["location"],
        membership.inputs["membershipId"],
        membership.inputs["project"],
    ) == (
        "global",
        "tokyo-1",
        PROJECT_ID,
    )


def test_membership_endpoint_and_issuer_come_from_the_cluster() -> None:
    plan = cluster_plan()
    membership = plan.find(MEMBERSHIP, "gke-membership")
    cluster_urn = plan.find(CLUSTER, "gke-cluster").urn

    assert membership.property_dependencies["endpoint"] == [cluster_urn]
    assert membership.property_dependencies["authority"] == [cluster_urn]


def test_kubernetes_provider_kubeconfig_is_recorded_as_secret() -> None:
    provider = cluster_plan().find(K8S_PROVIDER, "gke-k8s")

    assert provider.inputs["kubeconfig"] == SECRET
    assert "kubeconfig" in provider.secret_paths


def test_kubernetes_provider_waits_for_the_node_pool() -> None:
    plan = cluster_plan()
    provider = plan.find(K8S_PROVIDER, "gke-k8s")

    assert plan.find(NODE_POOL, "gke-pool").urn in provider.dependencies


def test_kubeconfig_authenticates_through_gke_gcloud_auth_plugin_with_no_credential() -> None:
    config = yaml.safe_load(gke_kubeconfig("ctx", "203.0.113.1", "Q0E="))

    assert config["clusters"][0]["cluster"] == {
        "server": "https://203.0.113.1",
        "certificate-authority-data": "Q0E=",
    }
    user = config["users"][0]["user"]
    assert list(user) == ["exec"]
    assert user["exec"]["command"] == "gke-gcloud-auth-plugin"


def test_kubeconfig_uses_application_default_credentials_like_the_google_provider() -> None:
    # A CI runner holding only ADC (no gcloud login) must reach the clusters it created.
    user = yaml.safe_load(gke_kubeconfig("ctx", "203.0.113.1", "Q0E="))["users"][0]["user"]

    assert user["exec"]["args"] == ["--use_application_default_credentials"]


def test_children_are_parented_to_the_component() -> None:
    children = [r for r in cluster_plan() if r.urn not in (STACK_URN, COMPONENT_URN)]

    # account, 5 role bindings, cluster, pool, firewall, membership, provider
    assert len(children) == 11
    assert {r.parent for r in children} == {COMPONENT_URN}


def test_node_pool_starts_at_the_autoscaler_floor() -> None:
    spec = cluster_spec(nodePool={"machineType": "e2-standard-8", "min": 2, "max": 7})
    pool = cluster_plan(spec).find(NODE_POOL, "gke-pool")

    assert pool.inputs["initialNodeCount"] == 2


def test_node_pool_with_a_zero_floor_is_refused_as_the_spec_refuses_it() -> None:
    # A mesh pool that may scale to no node loses the mesh; the component refuses it alone too.
    spec = cluster_spec(nodePool={"machineType": "e2-standard-8", "min": 0, "max": 3})

    with pytest.raises(ProgramError) as caught:
        cluster_plan(spec)

    assert str(caught.value.__cause__).startswith(
        "PrivateGkeClusterArgs.cluster.nodePool.min: 0 node(s) per zone x 3 zone(s) x 8 vCPU = 0 vCPU"
    )


def test_name_prefix_starts_every_physical_name_another_stack_could_want() -> None:
    plan = cluster_plan(name_prefix="staging")

    assert (
        cluster_inputs(plan)["name"],
        plan.find(MEMBERSHIP, "gke-membership").inputs["membershipId"],
        plan.find(SERVICE_ACCOUNT, "gke-nodes").inputs["accountId"],
        plan.find(FIREWALL, "gke-master-webhooks").inputs["name"],
    ) == ("staging-tokyo-1", "staging-tokyo-1", "staging-tokyo-1-nodes", "staging-tokyo-1-master-webhooks")


def test_node_pool_name_lives_in_its_cluster_and_takes_no_prefix() -> None:
    assert cluster_plan(name_prefix="staging").find(NODE_POOL, "gke-pool").inputs["name"] == "tokyo-1-pool"


def test_node_pool_of_a_40_character_cluster_fits_gkes_40_characters() -> None:
    name = cluster_plan(cluster_spec(name="t" * 40)).find(NODE_POOL, "gke-pool").inputs["name"]

    assert len(name) == 40 and name.endswith("-pool")


def test_node_pool_ignores_its_initial_count_after_creation() -> None:
    assert cluster_plan().find(NODE_POOL, "gke-pool").ignore_changes == ["initialNodeCount"]
