"""GkeFleet: what `cloud: gcp` builds for a platform, and what it hands the mesh layer."""

from __future__ import annotations

from typing import Any

import pulumi_gcp as gcp

from components.gcp.fleet import GkeFleet
from components.mesh.readiness import ControlPlaneReadiness
from components.platform import MeshPlatform
from tests.harness import (
    API_SERVICE,
    CLUSTER,
    FIREWALL,
    K8S_PROVIDER,
    NETWORK,
    SUBNETWORK,
    plan_of,
    platform_plan,
    spec_of,
)
from tests.spec.fixtures import dev_platform

ROOT = "urn:pulumi:test::meshfleet::meshfleet:index:MeshPlatform::mesh"
CLUSTERS = ("tokyo-1", "tokyo-2")


def built_fleet(raw: dict[str, Any] | None = None) -> GkeFleet:
    """The GkeFleet a MeshPlatform built for `raw` (default: the two-cluster dev spec)."""
    spec = spec_of(raw)
    captured: dict[str, Any] = {}

    def build() -> None:
        captured["fleet"] = MeshPlatform("mesh", spec).clouds["gcp"]

    plan_of(build)
    fleet = captured["fleet"]
    assert isinstance(fleet, GkeFleet)
    return fleet


def test_fleet_hands_every_gke_cluster_to_the_mesh_layer_in_spec_order() -> None:
    fleet = built_fleet()

    assert list(fleet.clusters) == list(CLUSTERS)
    assert [c.name for c in fleet.clusters.values()] == list(CLUSTERS)


def test_each_mesh_cluster_carries_its_own_clusters_provider_and_kubeconfig() -> None:
    fleet = built_fleet()

    for name, cluster in fleet.clusters.items():
        assert cluster.provider is fleet.gke[name].provider
        assert cluster.kubeconfig is fleet.gke[name].kubeconfig


def test_mesh_objects_wait_for_the_clusters_own_enrolment_and_readiness_gate() -> None:
    fleet = built_fleet()

    for name, cluster in fleet.clusters.items():
        assert cluster.control_plane.ready == (fleet.mesh.memberships[name], fleet.mesh_ready[name])
        assert isinstance(cluster.control_plane.ready[0], gcp.gkehub.FeatureMembership)
        assert isinstance(cluster.control_plane.ready[1], ControlPlaneReadiness)


def test_managed_control_plane_injects_by_the_channels_revision() -> None:
    control_plane = built_fleet().clusters["tokyo-1"].control_plane

    assert dict(control_plane.injection_labels) == {"istio.io/rev": "asm-managed-stable"}
    assert control_plane.revisions == ("asm-managed-stable",)
    assert control_plane.root_namespace == "istio-system"


def test_default_injection_labels_namespaces_istio_injection_enabled() -> None:
    raw = dev_platform()
    raw["mesh"]["injection"] = "default"

    assert dict(built_fleet(raw).clusters["tokyo-1"].control_plane.injection_labels) == {
        "istio-injection": "enabled"
    }


def test_fleet_exports_the_network_id_and_membership_ids() -> None:
    assert set(built_fleet().exports) == {"networkId", "membershipIds"}
    assert set(built_fleet().exports["membershipIds"]) == set(CLUSTERS)


def test_multicluster_pod_firewall_covers_every_clusters_pods_and_nodes() -> None:
    plan = platform_plan()
    firewall = plan.find(FIREWALL, "mesh-multicluster-pods")

    assert firewall.parent == ROOT
    assert firewall.inputs["name"] == "dev-mesh-vpc-istio-multicluster-pods"
    assert firewall.inputs["sourceRanges"] == ["10.0.0.0/14"]
    assert firewall.inputs["targetTags"] == ["tokyo-1-nodes", "tokyo-2-nodes"]
    assert firewall.inputs["priority"] == 900
    assert [a["protocol"] for a in firewall.inputs["allows"]] == ["tcp", "udp", "icmp", "esp", "ah", "sctp"]
    assert firewall.property_dependencies["network"] == [plan.find(NETWORK, "mesh-network-vpc").urn]


def test_no_multicluster_pod_firewall_when_multi_cluster_is_off() -> None:
    raw = dev_platform()
    raw["mesh"]["multiCluster"] = False

    assert [f.name for f in platform_plan(raw).by_type(FIREWALL) if "multicluster" in f.name] == []


def test_each_cluster_has_one_kubernetes_provider() -> None:
    assert [p.name for p in platform_plan().by_type(K8S_PROVIDER)] == ["mesh-tokyo-1-k8s", "mesh-tokyo-2-k8s"]


def test_project_apis_enable_the_mesh_apis_and_leave_them_on_at_destroy() -> None:
    services = platform_plan().by_type(API_SERVICE)

    assert [(s.inputs["service"], s.inputs["project"], s.inputs["disableOnDestroy"]) for s in services] == [
        ("compute.googleapis.com", "acme-mesh-dev", False),
        ("container.googleapis.com", "acme-mesh-dev", False),
        ("gkehub.googleapis.com", "acme-mesh-dev", False),
        ("mesh.googleapis.com", "acme-mesh-dev", False),
    ]


def test_network_clusters_and_mesh_wait_for_the_project_apis() -> None:
    plan = platform_plan()
    apis = {r.urn for r in plan.by_type(API_SERVICE)}

    assert len(apis) == 4
    for component in ("mesh-network", "mesh-tokyo-1", "mesh-tokyo-2", "mesh-csm"):
        dependent = next(r for r in plan.children(ROOT) if r.name == component)
        assert apis <= set(dependent.dependencies), component


def test_clusters_use_the_networks_subnet_and_its_secondary_ranges() -> None:
    plan = platform_plan()
    subnet = plan.find(SUBNETWORK, "mesh-network-private-tokyo")
    vpc = plan.find(NETWORK, "mesh-network-vpc")

    for cluster in CLUSTERS:
        resource = plan.find(CLUSTER, f"mesh-{cluster}-cluster")
        assert resource.property_dependencies["network"] == [vpc.urn]
        assert resource.property_dependencies["subnetwork"] == [subnet.urn]
        assert resource.inputs["ipAllocationPolicy"] == {
            "clusterSecondaryRangeName": "private-tokyo-pods",
            "servicesSecondaryRangeName": "private-tokyo-services",
        }


def test_platform_protect_protects_network_and_clusters_only() -> None:
    raw = dev_platform()
    raw["protect"] = True
    plan = platform_plan(raw)

    assert sorted(r.name for r in plan if r.protect) == [
        "mesh-network-private-tokyo",
        "mesh-network-vpc",
        "mesh-tokyo-1-cluster",
        "mesh-tokyo-2-cluster",
    ]
    assert {c.inputs["deletionProtection"] for c in plan.by_type(CLUSTER)} == {True}


def test_dev_platform_protects_nothing() -> None:
    plan = platform_plan()

    assert [r.name for r in plan if r.protect] == []
    assert {c.inputs["deletionProtection"] for c in plan.by_type(CLUSTER)} == {False}
