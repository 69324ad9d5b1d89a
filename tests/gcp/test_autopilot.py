"""PrivateGkeCluster with `autopilot: true`: no node pool, GKE's own fields ignored after creation."""

from __future__ import annotations

from typing import Any

from components.engine import Plan, diff_plans
from components.gcp.cluster import AUTOPILOT_OWNED
from components.spec.models import GkeClusterSpec
from tests.gcp.test_cluster import cluster_inputs, cluster_plan
from tests.harness import CLUSTER, FIREWALL, K8S_PROVIDER, NODE_POOL
from tests.spec.fixtures import dev_platform


def autopilot_plan() -> Plan:
    raw = dev_platform()["clusters"][1]
    del raw["nodePool"]
    return cluster_plan(GkeClusterSpec.model_validate(raw | {"name": "tokyo-1", "autopilot": True}))


# What GKE reports for an Autopilot cluster it created, where the program wrote nothing or less
# (a refresh after `pulumi up`): the fields the issues in AUTOPILOT_OWNED's comment diffed on.
AUTOPILOT_DEFAULTS: dict[str, Any] = {
    "verticalPodAutoscaling": {"enabled": True},
    "dnsConfig": {
        "clusterDns": "CLOUD_DNS",
        "clusterDnsScope": "CLUSTER_SCOPE",
        "clusterDnsDomain": "cluster.local",
    },
    "addonsConfig": {
        "gcePersistentDiskCsiDriverConfig": {"enabled": True},
        "gcsFuseCsiDriverConfig": {"enabled": True},
        "dnsCacheConfig": {"enabled": True},
    },
    "nodeConfig": {"machineType": "ek-standard-8", "imageType": "COS_CONTAINERD"},
    "nodePoolDefaults": {"nodeConfigDefaults": {"gcfsConfig": {"enabled": True}}},
    "enableShieldedNodes": True,
    "monitoringConfig": {"managedPrometheus": {"enabled": True}},
    "loggingConfig": {"enableComponents": ["SYSTEM_COMPONENTS", "WORKLOADS"]},
    "securityPostureConfig": {"mode": "BASIC", "vulnerabilityMode": "VULNERABILITY_BASIC"},
}
CLUSTER_AUTOSCALING_DEFAULTS: dict[str, Any] = {
    "enabled": True,
    "autoscalingProfile": "OPTIMIZE_UTILIZATION",
    "resourceLimits": [{"resourceType": "cpu", "maximum": 1000000000}],
}
PROVISIONING_DEFAULTS: dict[str, Any] = {
    "management": {"autoRepair": True, "autoUpgrade": True},
    "imageType": "COS_CONTAINERD",
    "diskSize": 100,
    "diskType": "pd-balanced",
}
NODE_POOL_AUTO_CONFIG_DEFAULTS: dict[str, Any] = {
    "nodeKubeletConfig": {"insecureKubeletReadonlyPortEnabled": "FALSE"}
}


def as_refreshed(plan: Plan) -> Plan:
    """`plan` as the state holds it after GKE filled in Autopilot's defaults."""
    state = Plan.from_json(plan.to_json())
    inputs = state.find(CLUSTER, "gke-cluster").inputs
    inputs.update(AUTOPILOT_DEFAULTS)
    inputs["clusterAutoscaling"].update(CLUSTER_AUTOSCALING_DEFAULTS)
    inputs["clusterAutoscaling"]["autoProvisioningDefaults"].update(PROVISIONING_DEFAULTS)
    inputs["nodePoolAutoConfig"].update(NODE_POOL_AUTO_CONFIG_DEFAULTS)
    return state


def test_an_autopilot_cluster_has_no_node_pool_and_no_standard_only_fields() -> None:
    plan = autopilot_plan()
    inputs = cluster_inputs(plan)

    assert [r for r in plan.resources if r.type == NODE_POOL] == []
    assert inputs["enableAutopilot"] is True
    assert (
        not {"removeDefaultNodePool", "initialNodeCount", "enableShieldedNodes", "nodeConfig"} & inputs.keys()
    )


def test_autopilot_nodes_run_as_the_least_privilege_account_and_carry_the_firewall_tag() -> None:
    plan = autopilot_plan()
    inputs = cluster_inputs(plan)
    (firewall,) = [r for r in plan.resources if r.type == FIREWALL]

    defaults = inputs["clusterAutoscaling"]["autoProvisioningDefaults"]
    assert defaults["oauthScopes"] == ["https://www.googleapis.com/auth/cloud-platform"]
    assert "serviceAccount" in defaults
    assert inputs["nodePoolAutoConfig"]["networkTags"]["tags"] == firewall.inputs["targetTags"]


def test_an_autopilot_clusters_provider_waits_for_the_cluster_alone() -> None:
    # Autopilot makes nodes when Pods need them: there is no pool to wait for.
    plan = autopilot_plan()
    provider = plan.find(K8S_PROVIDER, "gke-k8s")

    assert provider.dependencies == [plan.find(CLUSTER, "gke-cluster").urn]


def test_no_change_after_gke_fills_in_autopilots_defaults() -> None:
    plan = autopilot_plan()

    diff = diff_plans(as_refreshed(plan), plan)

    assert diff.summary() == "no changes"


def test_without_its_ignore_changes_the_same_state_would_diff() -> None:
    # The test above can fail: the same refreshed state, with the option gone, is an update.
    plan = autopilot_plan()
    state = as_refreshed(plan)
    for side in (state, plan):
        side.find(CLUSTER, "gke-cluster").ignore_changes = []

    change = diff_plans(state, plan).get("gke-cluster")

    assert change.action == "update"
    assert {c.path.split(".")[0] for c in change.properties} == {
        *AUTOPILOT_DEFAULTS,
        "clusterAutoscaling",
        "nodePoolAutoConfig",
    }


def test_what_the_program_sets_is_never_ignored() -> None:
    # The service account, network tags, channel and master range stay the program's to change.
    owned = set(AUTOPILOT_OWNED)

    assert not owned & {
        "clusterAutoscaling",
        "clusterAutoscaling.autoProvisioningDefaults",
        "clusterAutoscaling.autoProvisioningDefaults.serviceAccount",
        "nodePoolAutoConfig",
        "nodePoolAutoConfig.networkTags",
        "releaseChannel",
        "privateClusterConfig",
        "workloadIdentityConfig",
    }
