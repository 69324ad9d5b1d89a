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
    CONFIG_MAP_PATCH,
    FEATURE_MEMBERSHIP,
    FIREWALL,
    K8S_PROVIDER,
    MESH_READY,
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
    assert fleet.mesh is not None

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


def test_fleet_exports_the_network_id_membership_ids_and_private_endpoints() -> None:
    assert set(built_fleet().exports) == {"networkId", "membershipIds", "privateEndpoints"}
    assert set(built_fleet().exports["membershipIds"]) == set(CLUSTERS)


def test_private_endpoints_export_each_clusters_private_endpoint() -> None:
    fleet = built_fleet()

    assert fleet.exports["privateEndpoints"] == {n: fleet.gke[n].private_endpoint for n in CLUSTERS}


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


def asm_options_patches(raw: dict[str, Any] | None = None) -> list[Any]:
    return platform_plan(raw).by_type(CONFIG_MAP_PATCH)


def test_asm_options_is_patched_on_every_cluster_with_multicluster_mode_connected() -> None:
    patches = asm_options_patches()

    assert [p.name for p in patches] == [f"mesh-{c}-asm-options" for c in CLUSTERS]
    assert [p.provider.split("::")[-1] for p in patches] == [f"mesh-{c}-k8s" for c in CLUSTERS]
    for patch in patches:
        assert patch.inputs["metadata"]["name"] == "asm-options"
        assert patch.inputs["metadata"]["namespace"] == "istio-system"
        assert patch.inputs["data"] == {"multicluster_mode": "connected"}


def test_asm_options_patch_waits_for_its_own_clusters_control_plane() -> None:
    plan = platform_plan()

    for cluster in CLUSTERS:
        patch = plan.find(CONFIG_MAP_PATCH, f"mesh-{cluster}-asm-options")
        gate = plan.find(MESH_READY, f"mesh-{cluster}-mesh-ready")
        enrolment = plan.find(FEATURE_MEMBERSHIP, f"mesh-csm-{cluster}")
        assert {gate.urn, enrolment.urn} <= set(patch.dependencies)
        other = next(c for c in CLUSTERS if c != cluster)
        assert plan.find(MESH_READY, f"mesh-{other}-mesh-ready").urn not in patch.dependencies


def test_multi_cluster_is_on_by_default_with_two_clusters() -> None:
    raw = dev_platform()
    del raw["mesh"]["multiCluster"]

    assert len(asm_options_patches(raw)) == 2
    assert [f.name for f in platform_plan(raw).by_type(FIREWALL) if "multicluster" in f.name] == [
        "mesh-multicluster-pods"
    ]


def test_no_asm_options_patch_when_multi_cluster_is_off() -> None:
    raw = dev_platform()
    raw["mesh"]["multiCluster"] = False

    assert asm_options_patches(raw) == []


def test_no_asm_options_patch_with_one_cluster_even_when_multi_cluster_is_true() -> None:
    raw = dev_platform()
    raw["clusters"] = raw["clusters"][:1]
    raw["mesh"]["multiCluster"] = True

    assert asm_options_patches(raw) == []
