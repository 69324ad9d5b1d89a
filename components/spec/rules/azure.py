"""Rules for AKS clusters, their VNet, and the Istio add-on's gateways (Microsoft's "Deploy ingress
gateways for Istio service mesh add-on for Azure Kubernetes Service").

Each rule looks at the clusters with `cloud: azure` and the gateways with `addon` only; the
`azure` section is required when there is an AKS cluster (`rules.clouds`).
"""

from __future__ import annotations

import ipaddress

from ..azure import (
    ADDON_INGRESS_NAMESPACE,
    AksClusterSpec,
    addon_gateway_name,
    addon_service_annotation,
)
from ..errors import SpecError, quoted
from ..models import PlatformSpec
from ..vm_sizes import azure_vcpus
from .common import duplicates, path_of

# Azure's limits on the physical names (prefix '-' name): ManagedCluster names have at most 63
# characters, its dnsPrefix 54, resource groups 90
# (https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules).
AKS_CLUSTER_NAME_LIMIT = 63
AKS_DNS_PREFIX_LIMIT = 54
RESOURCE_GROUP_NAME_LIMIT = 90

MIN_NODE_VCPUS = 4

# AKS's own defaults for Azure CNI overlay, which the cluster sets explicitly
# (components/azure/cluster.py): the VNet must not overlap them, or Pods and Services would
# shadow VNet addresses.
AKS_POD_CIDR = "10.244.0.0/16"
AKS_SERVICE_CIDR = "10.0.0.0/16"

# Fields of a gateway the add-on decides for its own gateways: its Deployment, HPA and Service
# type are the add-on's, and a revision or canary is the add-on's revision upgrade, not ours.
_ADDON_OWNED_FIELDS = (
    "replicas",
    "service_type",
    "load_balancer_ip",
    "node_ports",
    "vip",
    "revision",
    "restarted_at",
    "canary",
    "egress_hosts",
)


def aks_clusters(spec: PlatformSpec) -> list[tuple[int, AksClusterSpec]]:
    """The AKS clusters with their index in `clusters`, for error paths."""
    return [(i, c) for i, c in enumerate(spec.clusters) if isinstance(c, AksClusterSpec)]


def _names(spec: PlatformSpec) -> None:
    # Refused rather than shortened, as for GKE: these are the names people type.
    azure = spec.azure
    if azure is not None and aks_clusters(spec):
        physical = f"{spec.prefix}-{azure.resource_group}"
        if len(physical) > RESOURCE_GROUP_NAME_LIMIT:
            raise SpecError(
                ["azure", "resourceGroup"],
                f"becomes the resource group {quoted(physical)}: {len(physical)} characters, and"
                f" Azure allows at most {RESOURCE_GROUP_NAME_LIMIT}",
            )
    for i, cluster in aks_clusters(spec):
        physical = f"{spec.prefix}-{cluster.name}"
        # The cluster name doubles as its dnsPrefix, whose limit is the lower one.
        limit = min(AKS_CLUSTER_NAME_LIMIT, AKS_DNS_PREFIX_LIMIT)
        if len(physical) > limit:
            raise SpecError(
                ["clusters", i, "name"],
                f"{cluster.name!r} becomes the AKS cluster and DNS prefix {physical!r} with the name"
                f" prefix {spec.prefix!r}: {len(physical)} characters, and AKS allows at most {limit}",
            )


def _location(spec: PlatformSpec) -> None:
    # The nodes join the VNet's subnet, and a VNet is regional.
    azure = spec.azure
    for i, cluster in aks_clusters(spec):
        if azure is not None and cluster.location != azure.location:
            raise SpecError(
                ["clusters", i, "location"],
                f"{cluster.location} is not {azure.location}, the region of the VNet its nodes join",
            )


def _network(spec: PlatformSpec) -> None:
    azure = spec.azure
    if azure is None or not aks_clusters(spec):
        return
    net = azure.network
    loc: list[str | int] = ["azure", "network"]
    space = ipaddress.IPv4Network(net.address_space)
    subnets = {
        "nodeSubnet": ipaddress.IPv4Network(net.node_subnet),
        "internalLbSubnet": ipaddress.IPv4Network(net.internal_lb_subnet),
    }
    for field, subnet in subnets.items():
        if not subnet.subnet_of(space):
            raise SpecError([*loc, field], f"{subnet} is not inside addressSpace {space}")
    if subnets["nodeSubnet"].overlaps(subnets["internalLbSubnet"]):
        raise SpecError(
            [*loc, "internalLbSubnet"],
            f"{subnets['internalLbSubnet']} overlaps {path_of([*loc, 'nodeSubnet'])}"
            f" ({subnets['nodeSubnet']})",
        )
    for what, cidr in (("Pod", AKS_POD_CIDR), ("Service", AKS_SERVICE_CIDR)):
        if space.overlaps(ipaddress.IPv4Network(cidr)):
            raise SpecError(
                [*loc, "addressSpace"],
                f"{space} overlaps {cidr}, the AKS {what} range (Azure CNI overlay); choose another range",
            )


def _api_server(spec: PlatformSpec) -> None:
    for i, cluster in aks_clusters(spec):
        api = cluster.api_server
        loc: list[str | int] = ["clusters", i, "apiServer"]
        if api.private and api.authorized_ranges:
            raise SpecError(
                [*loc, "authorizedRanges"],
                "apply to a public API server only; a private one is reached from its VNet"
                " (set private: false)",
            )
        if not api.private and not api.authorized_ranges:
            raise SpecError(
                [*loc, "authorizedRanges"],
                "a public API server needs at least one authorized range (or set private: true)",
            )


def _revisions(spec: PlatformSpec) -> None:
    for i, cluster in aks_clusters(spec):
        istio = cluster.istio
        loc: list[str | int] = ["clusters", i, "istio"]
        duplicates((([*loc, "revisions", j], r) for j, r in enumerate(istio.revisions)), "revision")
        if istio.revision is not None and istio.revision not in istio.revisions:
            raise SpecError(
                [*loc, "revision"],
                f"{quoted(istio.revision)} is not installed (revisions: {', '.join(istio.revisions)});"
                " namespaces labelled with it would never get a proxy",
            )


def _capacity(spec: PlatformSpec) -> None:
    # Both pools carry the mesh: the add-on's istiod and gateways run on the system pool, and
    # every application Pod on the user pool has a sidecar.
    for i, cluster in aks_clusters(spec):
        for field, pool in (("systemPool", cluster.system_pool), ("userPool", cluster.user_pool)):
            loc: list[str | int] = ["clusters", i, field, "vmSize"]
            try:
                per_node = azure_vcpus(pool.vm_size)
            except ValueError as exc:
                raise SpecError(loc, str(exc)) from None
            if per_node < MIN_NODE_VCPUS:
                raise SpecError(
                    loc, f"{pool.vm_size} has {per_node} vCPU; mesh nodes need at least {MIN_NODE_VCPUS}"
                )


def _addon_gateways(spec: PlatformSpec) -> None:
    aks = {c.name for _, c in aks_clusters(spec)}
    for i, gateway in enumerate(spec.gateways):
        loc: list[str | int] = ["gateways", i]
        if gateway.addon is None:
            continue
        expected = addon_gateway_name(gateway.addon)
        if gateway.name != expected:
            raise SpecError(
                [*loc, "name"],
                f"{quoted(gateway.name)} must be {expected}: the add-on names its {gateway.addon} gateway",
            )
        if gateway.namespace != ADDON_INGRESS_NAMESPACE:
            raise SpecError(
                [*loc, "namespace"],
                f"{quoted(gateway.namespace)} must be {ADDON_INGRESS_NAMESPACE},"
                " where the add-on runs its gateways",
            )
        if gateway.kind != "ingress":
            raise SpecError([*loc, "kind"], f"{gateway.kind}: add-on gateways are ingress gateways")
        if gateway.clusters is None:
            raise SpecError(
                [*loc, "clusters"],
                "is required for an add-on gateway: name the AKS clusters whose add-on runs it",
            )
        for j, name in enumerate(gateway.clusters):
            if name not in aks:
                raise SpecError(
                    [*loc, "clusters", j],
                    f"{quoted(name)} is not an AKS cluster; the add-on's gateways run on AKS only",
                )
        for attr in _ADDON_OWNED_FIELDS:
            if attr in gateway.model_fields_set:
                # The field's own alias: the name the spec file spells (`loadBalancerIP`).
                field = type(gateway).model_fields[attr].alias or attr
                raise SpecError(
                    [*loc, field],
                    f"is not supported on an add-on gateway: the add-on manages {gateway.name} itself",
                )


def _service_customization(spec: PlatformSpec) -> None:
    for i, gateway in enumerate(spec.gateways):
        loc: list[str | int] = ["gateways", i]
        if gateway.addon is None:
            # Only the add-on's Services are patched in this version; an IstioGateway renders
            # its own Service and takes neither field.
            for attr, field in (
                ("annotations", "annotations"),
                ("external_traffic_policy", "externalTrafficPolicy"),
            ):
                if attr in gateway.model_fields_set:
                    raise SpecError([*loc, field], "is supported on add-on gateways (addon) only")
            continue
        for key in gateway.annotations:
            if not addon_service_annotation(key):
                raise SpecError(
                    [*loc, "annotations", key],
                    "is not an annotation the AKS Istio add-on supports on its gateway Services",
                )


def _addon_namespace(spec: PlatformSpec) -> None:
    # The add-on owns aks-istio-ingress: a namespace meshfleet created there would be one it
    # deletes on destroy, with the add-on's gateways in it.
    for i, gateway in enumerate(spec.gateways):
        if gateway.addon is None and gateway.namespace == ADDON_INGRESS_NAMESPACE:
            raise SpecError(
                ["gateways", i, "namespace"],
                f"{ADDON_INGRESS_NAMESPACE} belongs to the AKS Istio add-on;"
                " set addon, or use another namespace",
            )
    for i, route in enumerate(spec.routes):
        if route.namespace == ADDON_INGRESS_NAMESPACE:
            raise SpecError(
                ["routes", i, "namespace"],
                f"{ADDON_INGRESS_NAMESPACE} belongs to the AKS Istio add-on;"
                " routes live in their application's namespace",
            )


def _self_run_gateway_placement(spec: PlatformSpec) -> None:
    # Without `clusters` a gateway goes to every cluster, AKS ones included, where the add-on
    # runs its own gateways (Microsoft's docs, "Deploy ingress gateways for the Istio add-on").
    # A gateway meshfleet runs on an add-on cluster must be asked for by name, never by default.
    aks = [c.name for _, c in aks_clusters(spec)]
    if not aks:
        return
    for i, gateway in enumerate(spec.gateways):
        if gateway.addon is None and gateway.clusters is None:
            raise SpecError(
                ["gateways", i, "clusters"],
                f"is required with AKS clusters ({', '.join(aks)}): name where {gateway.name} runs; "
                "on AKS the Istio add-on runs the ingress gateways (addon: external | internal)",
            )


RULES = (
    _names,
    _location,
    _network,
    _api_server,
    _revisions,
    _capacity,
    _addon_gateways,
    _self_run_gateway_placement,
    _service_customization,
    _addon_namespace,
)
"""AKS rules, in the order a reader would fix them."""

CLUSTER_RULES = (_api_server, _revisions, _capacity)
"""The rules that concern one AKS cluster alone: `AksCluster` runs them when built directly."""
