"""The readiness gate of each GKE cluster: what it waits for and what it checks, in the plan."""

from __future__ import annotations

from typing import Any

from components.engine import SECRET
from tests.harness import (
    CLUSTER,
    FEATURE_MEMBERSHIP,
    K8S_PROVIDER,
    MESH_READY,
    NODE_POOL,
    platform_plan,
)
from tests.spec.fixtures import dev_platform

ROOT = "urn:pulumi:test::meshfleet::meshfleet:index:MeshPlatform::mesh"
CLUSTERS = ("tokyo-1", "tokyo-2")


def test_each_cluster_has_one_gate_under_the_platform() -> None:
    gates = platform_plan().by_type(MESH_READY)

    assert [(g.name, g.parent) for g in gates] == [(f"mesh-{c}-mesh-ready", ROOT) for c in CLUSTERS]


def test_gate_waits_for_its_clusters_enrolment_node_pool_and_provider_only() -> None:
    plan = platform_plan()

    for cluster, other in (CLUSTERS, CLUSTERS[::-1]):
        gate = plan.find(MESH_READY, f"mesh-{cluster}-mesh-ready")
        assert set(gate.dependencies) == {
            plan.find(FEATURE_MEMBERSHIP, f"mesh-csm-{cluster}").urn,
            plan.find(NODE_POOL, f"mesh-{cluster}-pool").urn,
            plan.find(K8S_PROVIDER, f"mesh-{cluster}-k8s").urn,
            plan.find(CLUSTER, f"mesh-{cluster}-cluster").urn,  # through the kubeconfig
        }
        assert plan.find(FEATURE_MEMBERSHIP, f"mesh-csm-{other}").urn not in gate.dependencies


def test_gate_reads_the_cluster_through_its_kubeconfig_kept_secret() -> None:
    plan = platform_plan()
    gate = plan.find(MESH_READY, "mesh-tokyo-1-mesh-ready")

    assert gate.inputs["kubeconfig"] == SECRET
    assert gate.property_dependencies["kubeconfig"] == [plan.find(CLUSTER, "mesh-tokyo-1-cluster").urn]


def test_gate_waits_for_the_istio_crds_the_mesh_objects_use() -> None:
    gate = platform_plan().find(MESH_READY, "mesh-tokyo-1-mesh-ready")

    assert gate.inputs["apis"] == [
        {"groupVersion": "security.istio.io/v1", "plural": "peerauthentications"},
        {"groupVersion": "networking.istio.io/v1", "plural": "gateways"},
        {"groupVersion": "networking.istio.io/v1", "plural": "virtualservices"},
        {"groupVersion": "networking.istio.io/v1", "plural": "destinationrules"},
    ]


def _istiod_platform(**mesh: str) -> dict[str, Any]:
    raw = dev_platform()
    raw["mesh"] = {**raw["mesh"], "implementation": "ISTIOD", **mesh}
    return raw


def test_under_istiod_the_gate_waits_for_the_channels_control_plane_revision_to_reconcile() -> None:
    gate = platform_plan(_istiod_platform()).find(MESH_READY, "mesh-tokyo-1-mesh-ready")

    assert gate.inputs["cluster"] == "tokyo-1"
    assert gate.inputs["revision"] == "asm-managed-stable"
    assert gate.inputs["condition"] == {
        "groupVersion": "mesh.cloud.google.com/v1beta1",
        "plural": "controlplanerevisions",
        "namespace": "istio-system",
        "name": "asm-managed-stable",
        "type": "Reconciled",
        "status": "True",
    }


def test_under_istiod_the_regular_channel_waits_for_the_asm_managed_revision() -> None:
    raw = _istiod_platform(channel="regular")
    for cluster in raw["clusters"]:
        cluster["releaseChannel"] = "REGULAR"
    gate = platform_plan(raw).find(MESH_READY, "mesh-tokyo-1-mesh-ready")

    assert gate.inputs["condition"]["name"] == gate.inputs["revision"] == "asm-managed"


def test_under_traffic_director_which_has_no_revision_object_the_gate_waits_for_mdp_controller() -> None:
    # Google: TRAFFIC_DIRECTOR runs "without individual revisions"; the managed mesh installs
    # the mdp-controller Deployment in kube-system ("Provision a managed Cloud Service Mesh").
    gate = platform_plan().find(MESH_READY, "mesh-tokyo-1-mesh-ready")

    assert gate.inputs["condition"] == {
        "groupVersion": "apps/v1",
        "plural": "deployments",
        "namespace": "kube-system",
        "name": "mdp-controller",
        "type": "Available",
        "status": "True",
    }
    assert {a["plural"] for a in gate.inputs["apis"]} >= {"gateways", "virtualservices"}


def test_gate_gives_up_after_twenty_minutes() -> None:
    gate = platform_plan().find(MESH_READY, "mesh-tokyo-1-mesh-ready")

    assert gate.inputs["timeoutSeconds"] == 1200
