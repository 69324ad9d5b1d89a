"""MeshPlatform: one spec composed into clusters of any registered cloud, and mesh objects on each."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any, ClassVar, cast

import pulumi
import pulumi_kubernetes as kubernetes
import pytest

from components.clouds import BUILDERS
from components.engine import Plan
from components.mesh.cluster import ControlPlane, MeshCluster, MeshObjects
from components.platform import MeshPlatform
from components.spec import PlatformSpec
from tests.harness import (
    CLOUD_SERVICE_MESH,
    CLUSTER,
    DEPLOYMENT,
    FEATURE_MEMBERSHIP,
    GCP_NETWORK,
    GKE_CLUSTER,
    ISTIO_GATEWAY,
    ISTIO_GATEWAY_CR,
    K8S_PROVIDER,
    K8S_SERVICE,
    MESH_READY,
    NAMESPACE,
    NETWORK,
    PLATFORM,
    ROUTE,
    STACK_URN,
    VIRTUAL_SERVICE,
    kubernetes_objects,
    plan_of,
    platform_plan,
    spec_of,
)
from tests.spec.fixtures import dev_platform

ROOT = "urn:pulumi:test::meshfleet::meshfleet:index:MeshPlatform::mesh"
CLUSTERS = ("tokyo-1", "tokyo-2")


def provider_urn(cluster: str) -> str:
    return (
        "urn:pulumi:test::meshfleet::meshfleet:index:MeshPlatform$meshfleet:index:PrivateGkeCluster"
        f"$pulumi:providers:kubernetes::mesh-{cluster}-k8s"
    )


def test_component_type_token_is_meshfleet_index_mesh_platform() -> None:
    root = platform_plan().find(PLATFORM, "mesh")

    assert (root.urn, root.custom, root.parent) == (ROOT, False, STACK_URN)


def test_child_names_are_stable() -> None:
    urns = {r.urn for r in platform_plan()}

    # Written out in full: a rename here replaces real infrastructure.
    assert {
        "urn:pulumi:test::meshfleet::meshfleet:index:MeshPlatform$meshfleet:index:GcpNetwork"
        "$gcp:compute/network:Network::mesh-network-vpc",
        "urn:pulumi:test::meshfleet::meshfleet:index:MeshPlatform$meshfleet:index:GcpNetwork"
        "$gcp:compute/subnetwork:Subnetwork::mesh-network-private-tokyo",
        "urn:pulumi:test::meshfleet::meshfleet:index:MeshPlatform$meshfleet:index:PrivateGkeCluster"
        "$gcp:container/cluster:Cluster::mesh-tokyo-1-cluster",
        "urn:pulumi:test::meshfleet::meshfleet:index:MeshPlatform$meshfleet:index:PrivateGkeCluster"
        "$gcp:gkehub/membership:Membership::mesh-tokyo-2-membership",
        "urn:pulumi:test::meshfleet::meshfleet:index:MeshPlatform$meshfleet:index:CloudServiceMesh"
        "$gcp:gkehub/featureMembership:FeatureMembership::mesh-csm-tokyo-1",
        "urn:pulumi:test::meshfleet::meshfleet:index:MeshPlatform$meshfleet:index:IstioGateway"
        "$kubernetes:apps/v1:Deployment::mesh-tokyo-2/istio-ingressgateway-deployment",
        "urn:pulumi:test::meshfleet::meshfleet:index:MeshPlatform$meshfleet:index:Route"
        "$kubernetes:networking.istio.io/v1:VirtualService::mesh-tokyo-1/sample/helloworld-virtualservice",
        "urn:pulumi:test::meshfleet::meshfleet:index:MeshPlatform$kubernetes:core/v1:Namespace::mesh-tokyo-2-ns/sample",
    } <= urns


def test_components_are_named_platform_dash_role() -> None:
    plan = platform_plan()
    components = [(r.type, r.name) for r in plan.children(ROOT) if not r.custom]

    assert components == [
        ("meshfleet:index:ProjectApis", "mesh-apis"),
        (GCP_NETWORK, "mesh-network"),
        (GKE_CLUSTER, "mesh-tokyo-1"),
        (GKE_CLUSTER, "mesh-tokyo-2"),
        (CLOUD_SERVICE_MESH, "mesh-csm"),
        (ISTIO_GATEWAY, "mesh-tokyo-1/istio-ingressgateway"),
        (ROUTE, "mesh-tokyo-1/sample/helloworld"),
        (ISTIO_GATEWAY, "mesh-tokyo-2/istio-ingressgateway"),
        (ROUTE, "mesh-tokyo-2/sample/helloworld"),
    ]


def test_two_clusters_one_gateway_one_route_resource_counts() -> None:
    counts = platform_plan().counts()

    assert {
        t: counts.get(t, 0)
        for t in (CLUSTER, K8S_PROVIDER, FEATURE_MEMBERSHIP, DEPLOYMENT, VIRTUAL_SERVICE, NAMESPACE, NETWORK)
    } == {
        CLUSTER: 2,
        K8S_PROVIDER: 2,
        FEATURE_MEMBERSHIP: 2,
        DEPLOYMENT: 2,
        VIRTUAL_SERVICE: 2,
        NAMESPACE: 4,  # a gateway namespace and the sample namespace on each cluster
        NETWORK: 1,
    }


def test_every_gateway_is_created_on_every_cluster_with_that_clusters_provider() -> None:
    deployments = platform_plan().by_type(DEPLOYMENT)

    assert [(d.name, d.provider) for d in deployments] == [
        (f"mesh-{c}/istio-ingressgateway-deployment", provider_urn(c)) for c in CLUSTERS
    ]


def test_every_route_is_created_on_every_cluster_with_that_clusters_provider() -> None:
    virtual_services = platform_plan().by_type(VIRTUAL_SERVICE)

    assert [(v.name, v.provider) for v in virtual_services] == [
        (f"mesh-{c}/sample/helloworld-virtualservice", provider_urn(c)) for c in CLUSTERS
    ]


def test_every_kubernetes_object_uses_its_own_clusters_provider() -> None:
    objects = kubernetes_objects(platform_plan())
    by_cluster = {
        c: [r for r in objects if r.name.startswith((f"mesh-{c}-", f"mesh-{c}/"))] for c in CLUSTERS
    }

    # At least 8 gateway objects, the sample namespace and 3 Istio objects per cluster.
    assert len(by_cluster["tokyo-1"]) == len(by_cluster["tokyo-2"]) >= 12
    assert sum(len(found) for found in by_cluster.values()) == len(objects)
    for cluster, found in by_cluster.items():
        assert {r.provider for r in found} == {provider_urn(cluster)}


def test_gateways_wait_for_their_own_clusters_mesh_enrolment() -> None:
    plan = platform_plan()

    for cluster, other in (CLUSTERS, CLUSTERS[::-1]):
        deployment = plan.find(DEPLOYMENT, f"mesh-{cluster}/istio-ingressgateway-deployment")
        assert plan.find(FEATURE_MEMBERSHIP, f"mesh-csm-{cluster}").urn in deployment.dependencies
        assert plan.find(FEATURE_MEMBERSHIP, f"mesh-csm-{other}").urn not in deployment.dependencies


def mesh_objects(plan: Plan, cluster: str) -> list[Any]:
    """The objects of `cluster` that need its control plane: Istio kinds, gateway Deployments
    (injected) and gateway Services (awaited until injected Pods back them)."""
    return [
        r
        for r in kubernetes_objects(plan)
        if r.name.startswith((f"mesh-{cluster}-", f"mesh-{cluster}/"))
        and (".istio.io/" in r.type or r.type in (DEPLOYMENT, K8S_SERVICE))
    ]


def test_every_mesh_object_waits_for_its_own_clusters_readiness_gate_only() -> None:
    plan = platform_plan()

    for cluster, other in (CLUSTERS, CLUSTERS[::-1]):
        gate = plan.find(MESH_READY, f"mesh-{cluster}-mesh-ready").urn
        others = plan.find(MESH_READY, f"mesh-{other}-mesh-ready").urn
        found = mesh_objects(plan, cluster)
        assert Counter(r.type.split(":")[1].split("/")[0] for r in found) == {
            "security.istio.io": 1,
            "networking.istio.io": 3,
            "apps": 1,
            "core": 1,
        }
        for resource in found:
            assert gate in resource.dependencies, resource.name
            assert others not in resource.dependencies, resource.name


def test_the_gate_waits_for_every_istio_kind_the_platform_creates() -> None:
    plan = platform_plan()
    gate = plan.find(MESH_READY, "mesh-tokyo-1-mesh-ready")
    required = {(a["groupVersion"], a["plural"]) for a in gate.inputs["apis"]}

    created = {
        (r.inputs["apiVersion"], r.inputs["kind"].lower() + "s")
        for r in kubernetes_objects(plan)
        if ".istio.io/" in r.type
    }
    assert created == required


def test_app_namespace_is_created_on_every_cluster_with_the_injection_label() -> None:
    plan = platform_plan()

    for cluster in CLUSTERS:
        namespace = plan.find(NAMESPACE, f"mesh-{cluster}-ns/sample")
        assert namespace.provider == provider_urn(cluster)
        assert namespace.inputs["metadata"]["name"] == "sample"
        assert namespace.inputs["metadata"]["labels"]["istio.io/rev"] == "asm-managed-stable"


def test_app_namespace_uses_istio_injection_with_default_injection() -> None:
    raw = dev_platform()
    raw["mesh"]["injection"] = "default"
    labels = platform_plan(raw).find(NAMESPACE, "mesh-tokyo-1-ns/sample").inputs["metadata"]["labels"]

    assert labels["istio-injection"] == "enabled"
    assert "istio.io/rev" not in labels


def test_route_objects_wait_for_their_app_namespace() -> None:
    plan = platform_plan()
    namespace = plan.find(NAMESPACE, "mesh-tokyo-1-ns/sample").urn
    route = plan.find(ROUTE, "mesh-tokyo-1/sample/helloworld")

    assert [namespace in r.dependencies for r in plan.children(route.urn)] == [True, True, True]


def test_route_in_the_gateway_namespace_waits_for_that_namespace_and_adds_none() -> None:
    raw = dev_platform()
    raw["routes"][0]["namespace"] = "istio-gateway"
    plan = platform_plan(raw)
    gateway_namespace = plan.find(NAMESPACE, "mesh-tokyo-1-ns/istio-gateway").urn
    route = plan.find(ROUTE, "mesh-tokyo-1/istio-gateway/helloworld")

    assert [r.name for r in plan.by_type(NAMESPACE)] == [
        "mesh-tokyo-1-ns/istio-gateway",
        "mesh-tokyo-2-ns/istio-gateway",
    ]
    assert [gateway_namespace in r.dependencies for r in plan.children(route.urn)] == [True, True, True]


def test_route_in_the_default_namespace_never_creates_that_namespace() -> None:
    raw = dev_platform()
    raw["routes"][0]["namespace"] = "default"
    plan = platform_plan(raw)

    assert [r.inputs["metadata"]["name"] for r in plan.by_type(NAMESPACE)] == [
        "istio-gateway",
        "istio-gateway",
    ]
    assert {r.inputs["metadata"]["namespace"] for r in plan.by_type(VIRTUAL_SERVICE)} == {"default"}


def test_gateways_sharing_a_namespace_never_create_it_twice() -> None:
    raw = dev_platform()
    raw["gateways"].append({"name": "istio-internalgateway", "namespace": "istio-gateway"})
    plan = platform_plan(raw)
    created = Counter((r.provider, r.inputs["metadata"]["name"]) for r in plan.by_type(NAMESPACE))

    assert [key for key, count in created.items() if count > 1] == []
    assert len(created) == 4  # istio-gateway and sample, on each of the two clusters


def test_istio_gateway_cr_lives_in_the_app_namespace() -> None:
    plan = platform_plan()

    assert {g.inputs["metadata"]["namespace"] for g in plan.by_type(ISTIO_GATEWAY_CR)} == {"sample"}


# --- a cloud the platform has never heard of ---------------------------------------------------


class _AttachedClusters:
    """A stand-in cloud: clusters reached by kubeconfig, with a control plane of its own.

    It builds no cloud resource at all, as an on-prem cluster's package would not.
    """

    def __init__(self, name: str, spec: PlatformSpec, parent: pulumi.Resource) -> None:
        self._clusters = {}
        for cluster in spec.clusters:
            provider = kubernetes.Provider(
                f"{name}-{cluster.name}-k8s",
                kubeconfig=pulumi.Output.secret("apiVersion: v1\nkind: Config\n"),
                opts=pulumi.ResourceOptions(parent=parent),
            )
            istiod = kubernetes.core.v1.ConfigMap(
                f"{name}-{cluster.name}-istiod",
                metadata={"name": "istiod-stand-in", "namespace": "mesh-root"},
                opts=pulumi.ResourceOptions(parent=parent, provider=provider),
            )
            self._clusters[cluster.name] = MeshCluster(
                name=cluster.name,
                provider=provider,
                control_plane=ControlPlane(
                    ready=(istiod,),
                    injection_labels={"istio.io/rev": "1-24-2"},
                    revisions=("1-24-2",),
                    root_namespace="mesh-root",
                ),
                cluster_name=cluster.name,
                kubeconfig=pulumi.Output.secret("apiVersion: v1\nkind: Config\n"),
            )

    @property
    def clusters(self) -> Mapping[str, MeshCluster]:
        return self._clusters

    @property
    def exports(self) -> Mapping[str, Any]:
        return {"attachedCount": len(self._clusters)}


@pytest.fixture
def attached_plan(monkeypatch: pytest.MonkeyPatch) -> Plan:
    """The dev spec's platform with the `gcp` registration swapped for the stand-in cloud."""
    monkeypatch.setitem(cast(dict, BUILDERS), "gcp", lambda: _AttachedClusters)
    spec = spec_of()
    return plan_of(lambda: MeshPlatform("mesh", spec))


def test_platform_builds_no_cloud_resource_of_its_own(attached_plan: Plan) -> None:
    assert {r.type.split(":")[0] for r in attached_plan} == {"pulumi", "meshfleet", "kubernetes"}


def test_mesh_objects_land_on_the_registered_clouds_clusters(attached_plan: Plan) -> None:
    providers = {p.urn for p in attached_plan.by_type(K8S_PROVIDER)}

    assert len(providers) == 2
    for resource in kubernetes_objects(attached_plan):
        assert resource.provider in providers, resource.name
    assert Counter(r.type for r in kubernetes_objects(attached_plan))[DEPLOYMENT] == 2


def test_namespaces_get_the_control_planes_injection_labels(attached_plan: Plan) -> None:
    for namespace in attached_plan.by_type(NAMESPACE):
        assert namespace.inputs["metadata"]["labels"]["istio.io/rev"] == "1-24-2"


def test_mesh_wide_mtls_goes_to_the_control_planes_root_namespace(attached_plan: Plan) -> None:
    policies = attached_plan.by_type("kubernetes:security.istio.io/v1:PeerAuthentication")

    assert [p.inputs["metadata"]["namespace"] for p in policies] == ["mesh-root", "mesh-root"]


def test_mesh_objects_wait_for_the_control_planes_readiness(attached_plan: Plan) -> None:
    for cluster in CLUSTERS:
        istiod = attached_plan.find("kubernetes:core/v1:ConfigMap", f"mesh-{cluster}-istiod").urn
        deployment = attached_plan.find(DEPLOYMENT, f"mesh-{cluster}/istio-ingressgateway-deployment")
        assert istiod in deployment.dependencies


def test_exports_merge_the_clouds_outputs_with_every_clusters_names_and_kubeconfigs(
    attached_plan: Plan,
) -> None:
    def build() -> None:
        platform = MeshPlatform("mesh", spec_of())
        captured.update(platform.exports)

    captured: dict[str, Any] = {}
    plan_of(build)

    assert set(captured) == {"attachedCount", "clusterNames", "kubeconfigs"}
    assert set(captured["kubeconfigs"]) == set(CLUSTERS)


# --- child names never collide ----------------------------------------------------------------


def test_routes_whose_namespace_and_name_join_alike_get_distinct_names() -> None:
    raw = dev_platform()
    route = raw["routes"][0]
    raw["routes"] = [route | {"name": "a-b", "namespace": "c"}, route | {"name": "b", "namespace": "c-a"}]

    names = [r.name for r in platform_plan(raw).by_type(ROUTE)]
    assert len(names) == len(set(names)) == 4


def test_a_cluster_and_a_gateway_whose_names_join_alike_get_distinct_names() -> None:
    raw = dev_platform()
    raw["clusters"][0]["name"] = "tokyo"
    raw["clusters"][1]["name"] = "tokyo-edge"
    raw["gateways"] = [
        {"name": "edge-gw", "namespace": "gw"},  # on tokyo: tokyo-edge-gw with a dash
        {"name": "gw", "namespace": "gw"},  # on tokyo-edge: tokyo-edge-gw with a dash
    ]
    raw["routes"] = []

    names = [r.name for r in platform_plan(raw).by_type(ISTIO_GATEWAY)]
    assert len(names) == len(set(names)) == 4


class _AttachedClustersWithSecondPhase(_AttachedClusters):
    """The stand-in cloud with `after_mesh`: it records what the platform hands it."""

    calls: ClassVar[list[MeshObjects]] = []

    def after_mesh(self, mesh: MeshObjects) -> None:
        self.calls.append(mesh)


def test_a_cloud_with_after_mesh_gets_every_clusters_namespaces_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_AttachedClustersWithSecondPhase, "calls", [])
    monkeypatch.setitem(cast(dict, BUILDERS), "gcp", lambda: _AttachedClustersWithSecondPhase)
    spec = spec_of()
    plan_of(lambda: MeshPlatform("mesh", spec))

    (mesh,) = _AttachedClustersWithSecondPhase.calls
    assert {cluster: sorted(namespaces) for cluster, namespaces in mesh.namespaces.items()} == {
        "tokyo-1": ["istio-gateway", "sample"],
        "tokyo-2": ["istio-gateway", "sample"],
    }


def test_routes_of_one_name_in_two_namespaces_are_both_outputs() -> None:
    raw = dev_platform()
    route = raw["routes"][0]
    raw["routes"] = [route | {"namespace": "a"}, route | {"namespace": "b"}]
    spec = spec_of(raw)
    captured: dict[str, Any] = {}

    def build() -> None:
        captured["routes"] = MeshPlatform("mesh", spec).routes

    plan_of(build)

    assert sorted(captured["routes"]["tokyo-1"]) == ["a/helloworld", "b/helloworld"]


def _with_gateway(mesh: Mapping[str, Any], **gateway: Any) -> dict[str, Any]:
    raw = dev_platform()
    raw["mesh"].update(mesh)
    raw["gateways"].append({"namespace": "istio-edge", **gateway})
    return raw


def test_namespace_of_a_revision_pinned_gateway_has_no_injection_label() -> None:
    raw = _with_gateway({}, name="edge-gateway", revision="asm-managed-stable")
    labels = platform_plan(raw).find(NAMESPACE, "mesh-tokyo-1-ns/istio-edge").inputs["metadata"]["labels"]

    assert labels == {"app.kubernetes.io/managed-by": "meshfleet"}


def test_east_west_gateway_announces_the_cluster_network_behind_gkes_internal_load_balancer() -> None:
    plan = platform_plan(
        _with_gateway({"implementation": "ISTIOD"}, name="istio-eastwestgateway", kind="east-west")
    )
    service = plan.find(K8S_SERVICE, "mesh-tokyo-1/istio-eastwestgateway-service").inputs
    deployment = plan.find(DEPLOYMENT, "mesh-tokyo-1/istio-eastwestgateway-deployment").inputs

    assert service["metadata"]["annotations"] == {"networking.gke.io/load-balancer-type": "Internal"}
    assert deployment["spec"]["template"]["metadata"]["labels"]["topology.istio.io/network"] == "mesh-vpc"


def test_the_gate_waits_for_service_entries_when_the_spec_has_egress_hosts() -> None:
    raw = _with_gateway(
        {}, name="istio-egressgateway", kind="egress", egressHosts=[{"host": "api.example.com"}]
    )
    gate = platform_plan(raw).find(MESH_READY, "mesh-tokyo-1-mesh-ready")

    assert {"groupVersion": "networking.istio.io/v1", "plural": "serviceentries"} in gate.inputs["apis"]
