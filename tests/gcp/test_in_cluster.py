"""GKE with `mesh.controlPlane: in-cluster`: istiod from Istio's charts instead of Cloud Service Mesh."""

from __future__ import annotations

import functools

from components.engine import SECRET, Plan
from tests.harness import (
    API_SERVICE,
    CONFIG_MAP_PATCH,
    DEPLOYMENT,
    FEATURE,
    FEATURE_MEMBERSHIP,
    MEMBERSHIP,
    MESH_READY,
    NAMESPACE,
    platform_plan,
)
from tests.spec.fixtures import dev_platform

RELEASE = "kubernetes:helm.sh/v3:Release"
K8S_SECRET = "kubernetes:core/v1:Secret"
CONTROL_PLANE = "meshfleet:index:InClusterControlPlane"


@functools.cache
def in_cluster_plan() -> Plan:
    raw = dev_platform()
    raw["mesh"] = {
        "controlPlane": "in-cluster",
        "mtls": "STRICT",
        "istiod": {"revisions": [{"name": "1-30-3", "version": "1.30.3"}]},
        "trustRoot": {},
    }
    return platform_plan(raw)


def test_no_cloud_service_mesh_enrolment_gate_or_asm_options() -> None:
    plan = in_cluster_plan()

    assert [t for t in (FEATURE, FEATURE_MEMBERSHIP, MESH_READY, CONFIG_MAP_PATCH) if plan.by_type(t)] == []


def test_the_managed_mesh_api_is_not_enabled() -> None:
    services = {r.inputs["service"] for r in in_cluster_plan().by_type(API_SERVICE)}

    assert services == {"compute.googleapis.com", "container.googleapis.com", "gkehub.googleapis.com"}


def test_clusters_stay_fleet_members() -> None:
    assert len(in_cluster_plan().by_type(MEMBERSHIP)) == 2


def test_each_gke_cluster_gets_an_in_cluster_control_plane_on_its_provider() -> None:
    plan = in_cluster_plan()

    for cluster in ("tokyo-1", "tokyo-2"):
        plan.find(CONTROL_PLANE, f"mesh-{cluster}-istiod")
        release = plan.find(RELEASE, f"mesh-{cluster}-istiod-revision-1-30-3")
        assert plan.get(release.provider or "").name == f"mesh-{cluster}-k8s"


def test_gke_clusters_share_the_vpcs_network() -> None:
    networks = {
        r.inputs["values"]["global"]["network"]
        for r in in_cluster_plan().by_type(RELEASE)
        if "revision" in r.name
    }

    assert networks == {"mesh-vpc"}


def test_gateways_wait_for_istiod() -> None:
    plan = in_cluster_plan()
    istiod = plan.find(RELEASE, "mesh-tokyo-1-istiod-revision-1-30-3").urn

    assert istiod in plan.find(DEPLOYMENT, "mesh-tokyo-1/istio-ingressgateway-deployment").dependencies


def test_namespaces_are_labelled_with_the_revision() -> None:
    plan = in_cluster_plan()
    sample = [n for n in plan.by_type(NAMESPACE) if n.inputs["metadata"]["name"] == "sample"]

    assert {n.inputs["metadata"]["labels"]["istio.io/rev"] for n in sample} == {"1-30-3"}


def test_two_clusters_exchange_remote_secrets_kept_secret() -> None:
    plan = in_cluster_plan()
    remote = {s.name: s.inputs["stringData"] for s in plan.by_type(K8S_SECRET) if "remote-secret" in s.name}

    assert remote == {
        "mesh-tokyo-1/remote-secret/tokyo-2": SECRET,
        "mesh-tokyo-2/remote-secret/tokyo-1": SECRET,
    }


def test_managed_plan_keeps_cloud_service_mesh() -> None:
    plan = platform_plan()

    assert plan.by_type(CONTROL_PLANE) == [] and len(plan.by_type(FEATURE_MEMBERSHIP)) == 2
