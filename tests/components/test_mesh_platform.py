"""MeshPlatform and the stack program: one spec composed into every component, on every cluster."""

from __future__ import annotations

from collections import Counter

import pytest

from components.testing import SECRET, ProgramError
from tests.spec.fixtures import dev_platform

from .harness import (
    API_SERVICE,
    CLOUD_SERVICE_MESH,
    CLUSTER,
    DEPLOYMENT,
    FEATURE_MEMBERSHIP,
    GCP_NETWORK,
    GKE_CLUSTER,
    ISTIO_GATEWAY,
    ISTIO_GATEWAY_CR,
    K8S_PROVIDER,
    NAMESPACE,
    NETWORK,
    PLATFORM,
    ROUTE,
    STACK_URN,
    SUBNETWORK,
    VIRTUAL_SERVICE,
    dev_stack_config,
    dev_stack_plan,
    kubernetes_objects,
    platform_plan,
    stack_plan,
)

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
        "$kubernetes:apps/v1:Deployment::mesh-tokyo-2-istio-ingressgateway-deployment",
        "urn:pulumi:test::meshfleet::meshfleet:index:MeshPlatform$meshfleet:index:Route"
        "$kubernetes:networking.istio.io/v1:VirtualService::mesh-tokyo-1-sample-helloworld-virtualservice",
        "urn:pulumi:test::meshfleet::meshfleet:index:MeshPlatform$kubernetes:core/v1:Namespace::mesh-tokyo-2-ns-sample",
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
        (ISTIO_GATEWAY, "mesh-tokyo-1-istio-ingressgateway"),
        (ROUTE, "mesh-tokyo-1-sample-helloworld"),
        (ISTIO_GATEWAY, "mesh-tokyo-2-istio-ingressgateway"),
        (ROUTE, "mesh-tokyo-2-sample-helloworld"),
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
        (f"mesh-{c}-istio-ingressgateway-deployment", provider_urn(c)) for c in CLUSTERS
    ]


def test_every_route_is_created_on_every_cluster_with_that_clusters_provider() -> None:
    virtual_services = platform_plan().by_type(VIRTUAL_SERVICE)

    assert [(v.name, v.provider) for v in virtual_services] == [
        (f"mesh-{c}-sample-helloworld-virtualservice", provider_urn(c)) for c in CLUSTERS
    ]


def test_every_kubernetes_object_uses_its_own_clusters_provider() -> None:
    objects = kubernetes_objects(platform_plan())
    by_cluster = {c: [r for r in objects if r.name.startswith(f"mesh-{c}-")] for c in CLUSTERS}

    # At least 8 gateway objects, the sample namespace and 3 Istio objects per cluster.
    assert len(by_cluster["tokyo-1"]) == len(by_cluster["tokyo-2"]) >= 12
    assert sum(len(found) for found in by_cluster.values()) == len(objects)
    for cluster, found in by_cluster.items():
        assert {r.provider for r in found} == {provider_urn(cluster)}


def test_gateways_wait_for_their_own_clusters_mesh_enrolment() -> None:
    plan = platform_plan()

    for cluster, other in (CLUSTERS, CLUSTERS[::-1]):
        deployment = plan.find(DEPLOYMENT, f"mesh-{cluster}-istio-ingressgateway-deployment")
        assert plan.find(FEATURE_MEMBERSHIP, f"mesh-csm-{cluster}").urn in deployment.dependencies
        assert plan.find(FEATURE_MEMBERSHIP, f"mesh-csm-{other}").urn not in deployment.dependencies


def test_app_namespace_is_created_on_every_cluster_with_the_injection_label() -> None:
    plan = platform_plan()

    for cluster in CLUSTERS:
        namespace = plan.find(NAMESPACE, f"mesh-{cluster}-ns-sample")
        assert namespace.provider == provider_urn(cluster)
        assert namespace.inputs["metadata"]["name"] == "sample"
        assert namespace.inputs["metadata"]["labels"]["istio.io/rev"] == "asm-managed-stable"


def test_app_namespace_uses_istio_injection_with_default_injection() -> None:
    raw = dev_platform()
    raw["mesh"]["injection"] = "default"
    labels = platform_plan(raw).find(NAMESPACE, "mesh-tokyo-1-ns-sample").inputs["metadata"]["labels"]

    assert labels["istio-injection"] == "enabled"
    assert "istio.io/rev" not in labels


def test_route_objects_wait_for_their_app_namespace() -> None:
    plan = platform_plan()
    namespace = plan.find(NAMESPACE, "mesh-tokyo-1-ns-sample").urn
    route = plan.find(ROUTE, "mesh-tokyo-1-sample-helloworld")

    assert [namespace in r.dependencies for r in plan.children(route.urn)] == [True, True, True]


def test_route_in_the_gateway_namespace_waits_for_that_namespace_and_adds_none() -> None:
    raw = dev_platform()
    raw["routes"][0]["namespace"] = "istio-gateway"
    plan = platform_plan(raw)
    gateway_namespace = plan.find(NAMESPACE, "mesh-tokyo-1-ns-istio-gateway").urn
    route = plan.find(ROUTE, "mesh-tokyo-1-istio-gateway-helloworld")

    assert [r.name for r in plan.by_type(NAMESPACE)] == [
        "mesh-tokyo-1-ns-istio-gateway",
        "mesh-tokyo-2-ns-istio-gateway",
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


# --- the stack program ------------------------------------------------------------------------


def test_stack_program_with_the_dev_config_builds_the_platform() -> None:
    plan = dev_stack_plan()

    assert plan.get("urn:pulumi:dev::meshfleet::meshfleet:index:MeshPlatform::mesh").parent == (
        "urn:pulumi:dev::meshfleet::pulumi:pulumi:Stack::meshfleet-dev"
    )
    assert [c.inputs["name"] for c in plan.by_type(CLUSTER)] == ["tokyo-1"]
    assert plan.counts()[DEPLOYMENT] == 1


def test_stack_exports_kubeconfigs_as_secrets() -> None:
    plan = dev_stack_plan()

    assert plan.outputs["kubeconfigs"] == {"tokyo-1": SECRET}
    assert plan.output_secret_paths == ['kubeconfigs["tokyo-1"]']


def test_stack_exports_environment_cluster_names_and_membership_ids() -> None:
    outputs = dev_stack_plan().outputs

    assert (outputs["environment"], outputs["clusterNames"], outputs["membershipIds"]) == (
        "dev",
        {"tokyo-1": "tokyo-1"},
        {"tokyo-1": "tokyo-1"},
    )


def test_invalid_spec_fails_the_stack_with_the_one_line_spec_error_and_no_resources() -> None:
    config = dev_stack_config()
    config["meshfleet:platform"]["clusters"][0]["masterCidr"] = "192.168.0.0/24"

    with pytest.raises(ProgramError) as failure:
        stack_plan(config)

    message = str(failure.value)
    assert (
        "platform.clusters[0].masterCidr: 192.168.0.0/24 must be a /28 (GKE control plane range)" in message
    )
    assert "\n" not in message
    assert [r.type for r in failure.value.plan] == ["pulumi:pulumi:Stack"]


def test_istio_gateway_cr_lives_in_the_app_namespace() -> None:
    plan = platform_plan()

    assert {g.inputs["metadata"]["namespace"] for g in plan.by_type(ISTIO_GATEWAY_CR)} == {"sample"}
