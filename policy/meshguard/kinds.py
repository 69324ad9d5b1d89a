"""Recognising resources by type token and properties, whatever program registered them.

Kubernetes objects are recognised by the group and kind in their type token, so typed
``pulumi_kubernetes`` resources (``kubernetes:apps/v1:Deployment``) and ``CustomResource``
objects (``kubernetes:networking.istio.io/v1beta1:Gateway``) read the same, in any API
version. azure-native tokens may carry an API version in their module
(``azure-native:containerservice/v20240801:ManagedCluster``); it is ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from .values import UNKNOWN, get, mapping, text

GKE_CLUSTER = "gcp:container/cluster:Cluster"
GKE_NODE_POOL = "gcp:container/nodePool:NodePool"
GCP_FIREWALL = "gcp:compute/firewall:Firewall"
GCP_NETWORK = "gcp:compute/network:Network"
GCP_SUBNETWORK = "gcp:compute/subnetwork:Subnetwork"
GKEHUB_FEATURE = "gcp:gkehub/feature:Feature"
GKEHUB_FEATURE_MEMBERSHIP = "gcp:gkehub/featureMembership:FeatureMembership"
AKS_CLUSTER = "azure-native:containerservice:ManagedCluster"
AKS_AGENT_POOL = "azure-native:containerservice:AgentPool"
AZURE_VNET = "azure-native:network:VirtualNetwork"
AZURE_SUBNET = "azure-native:network:Subnet"

ISTIO_NETWORKING = "networking.istio.io"

INJECT_TEMPLATES_ANNOTATION = "inject.istio.io/templates"
"""Pod annotation naming the injection templates; ``gateway`` makes the injector build a gateway proxy."""
REVISION_LABEL = "istio.io/rev"
INJECTION_LABEL = "istio-injection"
SIDECAR_INJECT_LABEL = "sidecar.istio.io/inject"

AKS_ADDON_GATEWAYS = ("aks-istio-ingressgateway-external", "aks-istio-ingressgateway-internal")
"""``istio`` label values of the AKS Istio add-on's ingress gateways (Microsoft's "Deploy ingress gateways
for Istio service mesh add-on for Azure Kubernetes Service"); AKS runs them
in ``aks-istio-ingress``, outside any Pulumi program."""


class Kind(NamedTuple):
    group: str
    """API group; "" for the core group."""
    version: str
    kind: str


def k8s_kind(resource_type: str) -> Kind | None:
    """Group, version and kind of a Kubernetes type token, or None for anything else."""
    parts = resource_type.split(":")
    if len(parts) != 3 or parts[0] != "kubernetes" or "/" not in parts[1]:
        return None
    group, version = parts[1].rsplit("/", 1)
    return Kind("" if group == "core" else group, version, parts[2])


def _is(resource_type: str, groups: tuple[str, ...], kind: str) -> bool:
    found = k8s_kind(resource_type)
    return found is not None and found.group in groups and found.kind == kind


def is_deployment(resource_type: str) -> bool:
    return _is(resource_type, ("apps", "extensions"), "Deployment")


def is_service(resource_type: str) -> bool:
    return _is(resource_type, ("",), "Service")


def is_namespace(resource_type: str) -> bool:
    return _is(resource_type, ("",), "Namespace")


def is_istio_gateway(resource_type: str) -> bool:
    """An Istio networking Gateway (not a Kubernetes Gateway API one)."""
    return _is(resource_type, (ISTIO_NETWORKING,), "Gateway")


def is_virtual_service(resource_type: str) -> bool:
    return _is(resource_type, (ISTIO_NETWORKING,), "VirtualService")


def is_destination_rule(resource_type: str) -> bool:
    return _is(resource_type, (ISTIO_NETWORKING,), "DestinationRule")


def is_istio_object(resource_type: str) -> bool:
    found = k8s_kind(resource_type)
    return found is not None and found.group.endswith("istio.io")


def azure_native(resource_type: str) -> str:
    """An azure-native token without the API version in its module; other tokens unchanged."""
    if not resource_type.startswith("azure-native:"):
        return resource_type
    _, module, name = resource_type.split(":", 2)
    return f"azure-native:{module.split('/', 1)[0]}:{name}"


def is_network(resource_type: str) -> bool:
    """A VPC or virtual network, or a subnet of one."""
    return azure_native(resource_type) in (GCP_NETWORK, GCP_SUBNETWORK, AZURE_VNET, AZURE_SUBNET)


def is_cluster(resource_type: str) -> bool:
    return azure_native(resource_type) in (GKE_CLUSTER, AKS_CLUSTER)


# --- Kubernetes objects ---------------------------------------------------------------------


def cluster_of(provider: Any) -> str | None:
    """What "the same cluster" means here: the same Kubernetes provider (None: the default one)."""
    return None if provider is None else provider.urn


def namespace_of(props: Any, provider: Any) -> str | Any:
    """The namespace a namespaced object lands in, as Kubernetes would decide it.

    ``metadata.namespace``, else the provider's ``namespace`` setting, else ``default``;
    UNKNOWN if the deciding value is unknown during the preview.
    """
    namespace = get(props, "metadata", "namespace")
    if namespace is UNKNOWN or namespace:
        return namespace
    if provider is not None:
        configured = get(provider.props, "namespace")
        if configured is UNKNOWN or configured:
            return configured
    return "default"


def object_name(props: Any, fallback: str) -> str:
    """``metadata.name``, or the Pulumi resource name when it is auto-named or unknown."""
    name = text(get(props, "metadata", "name"))
    return name or fallback


def pod_labels(props: Any) -> dict[str, Any] | Any:
    """Labels of a workload's pod template."""
    return mapping(props, "spec", "template", "metadata", "labels")


def pod_annotations(props: Any) -> dict[str, Any] | Any:
    return mapping(props, "spec", "template", "metadata", "annotations")


def is_gateway_label(value: Any) -> bool:
    """An ``istio`` label value that names a gateway: ``ingressgateway``, ``eastwestgateway``...

    The AKS add-on's ``aks-istio-ingressgateway-external|internal`` count too.
    """
    label = text(value)
    return label is not None and (label.endswith("gateway") or label in AKS_ADDON_GATEWAYS)


def uses_gateway_template(annotations: Any) -> bool:
    if annotations is UNKNOWN or not isinstance(annotations, dict):
        return False
    templates = text(annotations.get(INJECT_TEMPLATES_ANNOTATION)) or ""
    return "gateway" in (t.strip() for t in templates.split(","))


def is_gateway_workload(resource_type: str, props: Any) -> bool:
    """A Deployment whose pods are gateway proxies: the ``gateway`` injection template, or an
    ``istio`` pod label ending in ``gateway``. Unknown labels or annotations read as "not one"."""
    if not is_deployment(resource_type):
        return False
    labels = pod_labels(props)
    if isinstance(labels, dict) and is_gateway_label(labels.get("istio")):
        return True
    return uses_gateway_template(pod_annotations(props))


def is_gateway_service(resource_type: str, props: Any) -> bool:
    """A Service in front of gateway pods: its selector has an ``istio`` label naming a gateway.

    A Service selects Pods of its own namespace only, so a Service that selects a gateway
    workload by other labels lives where that workload does, and the workload is checked itself.
    """
    if not is_service(resource_type):
        return False
    selector = mapping(props, "spec", "selector")
    return isinstance(selector, dict) and is_gateway_label(selector.get("istio"))


def is_mesh_resource(resource_type: str, props: Any) -> bool:
    """Whether a resource shows that the program builds a service mesh.

    Istio objects, the fleet ``servicemesh`` feature or a membership's mesh settings, or an AKS
    cluster with the Istio add-on.
    """
    if is_istio_object(resource_type):
        return True
    if resource_type == GKEHUB_FEATURE:
        return get(props, "name") == "servicemesh"
    if resource_type == GKEHUB_FEATURE_MEMBERSHIP:
        mesh = get(props, "mesh")
        return mesh is UNKNOWN or (isinstance(mesh, Mapping) and len(mesh) > 0)
    if azure_native(resource_type) == AKS_CLUSTER:
        return get(props, "serviceMeshProfile", "mode") == "Istio"
    return False
