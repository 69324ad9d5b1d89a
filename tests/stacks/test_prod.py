"""The prod stack: one spec, both clouds. GKE as seed 004 (protected), AKS as seed 002.

What the issue asks the prod preview to show: both clouds rendered; the add-on's gateway
Services as patches, never as objects of ours; each cloud's routes bound to its own gateways;
every Azure and Kubernetes resource under the right parent with the right provider.
"""

from __future__ import annotations

import functools

from components.engine import Plan, PlannedResource
from tests.harness import (
    CLUSTER,
    DEPLOYMENT,
    ISTIO_GATEWAY_CR,
    K8S_PROVIDER,
    K8S_SERVICE,
    NAMESPACE,
    PLATFORM,
    STACKS_DIR,
    VIRTUAL_SERVICE,
    descendants,
    load_stack_config,
    stack_plan,
)
from tests.schemas import validate_manifest

MANAGED_CLUSTER = "azure-native:containerservice:ManagedCluster"
RESOURCE_GROUP = "azure-native:resources:ResourceGroup"
VNET = "azure-native:network:VirtualNetwork"
LOCK = "azure-native:authorization:ManagementLockAtResourceGroupLevel"
AKS_CLUSTER = "meshfleet:index:AksCluster"
SERVICE_PATCH = "kubernetes:core/v1:ServicePatch"
PEER_AUTHENTICATION = "kubernetes:security.istio.io/v1:PeerAuthentication"

AKS = "tokyo-aks"
GKE = ("tokyo-1", "tokyo-2")
BOOKINFO_MATCHES = [
    {"uri": {"exact": "/productpage"}},
    {"uri": {"prefix": "/static"}},
    {"uri": {"exact": "/login"}},
    {"uri": {"exact": "/logout"}},
    {"uri": {"prefix": "/api/v1/products"}},
]


@functools.cache
def plan() -> Plan:
    return stack_plan(load_stack_config(STACKS_DIR / "Pulumi.prod.yaml"), "prod")


def on_cluster(resource: PlannedResource) -> str:
    """The spec cluster a Kubernetes object goes to, from its provider's name."""
    return (resource.provider or "").rpartition("::")[2].removeprefix("mesh-").removesuffix("-k8s")


def on(cluster: str, type_: str) -> list[PlannedResource]:
    return [r for r in plan().by_type(type_) if on_cluster(r) == cluster]


def gateway_selectors(route: str) -> list[dict[str, str]]:
    """The selector of the route's Istio Gateway on each cluster it goes to."""
    gateways = [g for g in plan().by_type(ISTIO_GATEWAY_CR) if g.name.endswith(f"/{route}-gateway")]
    return [g.inputs["spec"]["selector"] for g in gateways]


def test_both_clouds_are_rendered() -> None:
    assert [c.inputs["name"] for c in plan().by_type(CLUSTER)] == ["prod-tokyo-1", "prod-tokyo-2"]
    assert [c.inputs["resourceName"] for c in plan().by_type(MANAGED_CLUSTER)] == ["prod-tokyo-aks"]


def test_aks_cluster_is_in_japaneast_with_the_istio_addon() -> None:
    (cluster,) = plan().by_type(MANAGED_CLUSTER)
    mesh = cluster.inputs["serviceMeshProfile"]

    assert cluster.inputs["location"] == "japaneast"
    assert (mesh["mode"], mesh["istio"]["revisions"]) == ("Istio", ["asm-1-24"])
    assert mesh["istio"]["components"]["ingressGateways"] == [
        {"enabled": True, "mode": "External"},
        {"enabled": True, "mode": "Internal"},
    ]


def test_addon_gateway_services_are_patches_not_services() -> None:
    assert [p.inputs["metadata"]["name"] for p in on(AKS, SERVICE_PATCH)] == [
        "aks-istio-ingressgateway-external",
        "aks-istio-ingressgateway-internal",
    ]
    assert on(AKS, K8S_SERVICE) == []
    assert on(AKS, DEPLOYMENT) == []


def test_addon_gateway_patches_validate_strictly() -> None:
    for patch in plan().by_type(SERVICE_PATCH):
        validate_manifest(patch.inputs)


def test_internal_addon_gateway_takes_its_ip_in_the_internal_lb_subnet() -> None:
    (patch,) = [p for p in on(AKS, SERVICE_PATCH) if p.inputs["metadata"]["name"].endswith("-internal")]

    assert patch.inputs["metadata"]["annotations"] == {
        "pulumi.com/patchForce": "true",
        "service.beta.kubernetes.io/azure-load-balancer-internal-subnet": "internal-lb",
        "service.beta.kubernetes.io/azure-load-balancer-ipv4": "10.16.16.10",
    }


def test_no_namespace_is_created_for_the_addon_gateways() -> None:
    assert [n.inputs["metadata"]["name"] for n in on(AKS, NAMESPACE)] == ["bookinfo"]


def test_aks_namespaces_are_labelled_with_the_addon_revision() -> None:
    (namespace,) = on(AKS, NAMESPACE)

    assert namespace.inputs["metadata"]["labels"]["istio.io/rev"] == "asm-1-24"
    assert "istio-injection" not in namespace.inputs["metadata"]["labels"]


def test_gke_namespaces_use_the_default_injection_label_of_traffic_director() -> None:
    for cluster in GKE:
        for namespace in on(cluster, NAMESPACE):
            labels = namespace.inputs["metadata"]["labels"]
            assert labels["istio-injection"] == "enabled"
            assert "istio.io/rev" not in labels


def test_aks_mtls_policy_is_in_the_addon_root_namespace() -> None:
    (policy,) = on(AKS, PEER_AUTHENTICATION)

    assert policy.inputs["metadata"]["namespace"] == "aks-istio-system"


def test_bookinfo_route_selects_the_addon_external_gateway() -> None:
    assert gateway_selectors("bookinfo") == [{"istio": "aks-istio-ingressgateway-external"}]


def test_bookinfo_internal_route_selects_the_addon_internal_gateway() -> None:
    assert gateway_selectors("bookinfo-internal") == [{"istio": "aks-istio-ingressgateway-internal"}]


def test_helloworld_route_selects_the_gke_gateway() -> None:
    assert gateway_selectors("helloworld") == [{"app": "istio-ingressgateway", "istio": "ingressgateway"}] * 2


def test_bookinfo_routes_are_seed_002s_to_productpage() -> None:
    (vs,) = [v for v in on(AKS, VIRTUAL_SERVICE) if v.inputs["metadata"]["name"] == "bookinfo"]
    (http,) = vs.inputs["spec"]["http"]

    assert http["match"] == BOOKINFO_MATCHES
    assert http["route"] == [{"destination": {"host": "productpage", "port": {"number": 9080}}}]


def test_routes_go_only_to_their_cloud() -> None:
    names = {c: sorted(v.inputs["metadata"]["name"] for v in on(c, VIRTUAL_SERVICE)) for c in (*GKE, AKS)}

    assert names == {
        "tokyo-1": ["helloworld", "helloworld-mesh"],
        "tokyo-2": ["helloworld", "helloworld-mesh"],
        AKS: ["bookinfo", "bookinfo-internal"],
    }


def test_azure_resources_are_children_of_the_platform_on_the_default_azure_provider() -> None:
    below = {r.urn for r in descendants(plan(), plan().find(PLATFORM, "mesh"))}
    azure = [r for r in plan() if r.type.startswith("azure-native:")]

    assert azure and all(r.urn in below for r in azure)
    assert all(r.provider is None or "azure-native" in r.provider for r in azure)


def test_aks_kubernetes_objects_use_the_aks_provider_only() -> None:
    (component,) = plan().by_type(AKS_CLUSTER)
    (provider,) = [p for p in plan().by_type(K8S_PROVIDER) if p.parent == component.urn]
    aks_objects = [r for r in plan() if r.type.startswith("kubernetes:") and on_cluster(r) == AKS]

    assert {r.provider for r in aks_objects} == {provider.urn}
    assert {r.type for r in aks_objects} >= {SERVICE_PATCH, NAMESPACE, ISTIO_GATEWAY_CR, VIRTUAL_SERVICE}


def test_network_and_cluster_are_protected_and_the_group_locked() -> None:
    assert all(r.protect for t in (RESOURCE_GROUP, VNET, MANAGED_CLUSTER) for r in plan().by_type(t))
    (lock,) = plan().by_type(LOCK)
    assert lock.inputs["level"] == "CanNotDelete"


def test_aks_kubeconfig_is_a_secret() -> None:
    (component,) = plan().by_type(AKS_CLUSTER)
    (provider,) = [p for p in plan().by_type(K8S_PROVIDER) if p.parent == component.urn]

    assert "kubeconfig" in provider.secret_paths
