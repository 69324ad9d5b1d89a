"""The package's args: what another Pulumi language sends, as the component provider host infers it.

The host (`pulumi.provider.experimental`) reads these TypedDicts' annotations and the
docstring under each field into the package schema, and hands `construct` a dict keyed by
these Python names. It supports str, int, float, bool, `Any`, lists, string-keyed dicts,
other TypedDicts or dataclasses, enums and `pulumi.Input`/`Optional`; not unions (a spec's
cluster is one of three kinds) nor `Literal`. So the spec's sections are JSON values here, and
the pydantic spec stays the one validation: `convert.py` turns these args into it.

A building block's section (a cluster, a gateway, a route) is checked by its spec model (keys,
types, formats, bounds); the rules that span a platform (ranges that overlap, a /28 control
plane range, references between sections) are MeshPlatform's, which sees the whole spec.

Inputs that decide which resources exist (the whole spec) are plain, never `pulumi.Input`: a
value only known after another resource is created could not be planned. Ids of resources
created elsewhere (a VPC, a subnet) are Inputs.

No `from __future__ import annotations` here: the host reads the annotations as objects.
"""

from typing import Any, NotRequired, TypedDict

import pulumi


class MeshPlatformArgs(TypedDict):
    """The platform spec, as under `meshfleet:platform` in a stack file (camelCase keys).

    `meshfleet schema spec` prints its JSON Schema, with every field, rule and default."""

    environment: str
    """Environment name, e.g. dev, staging, prod (a DNS label)."""
    protect: NotRequired[bool]
    """Protect networks and clusters from deletion (Pulumi protect + GKE deletion protection).
    Default false."""
    name_prefix: NotRequired[str]
    """Start of every physical name that stacks sharing a project could collide on (VPC,
    subnets, routers, clusters, fleet memberships, node accounts, firewall rules).
    Default: the environment."""
    gcp: NotRequired[dict[str, Any]]
    """The GCP project and VPC (`project`, `network: {name, subnets, nat}`); required when a
    cluster has `cloud: gcp`."""
    azure: NotRequired[dict[str, Any]]
    """The Azure subscription's resource group and VNet; required when a cluster has
    `cloud: azure`."""
    clusters: list[dict[str, Any]]
    """The clusters, at least one: GKE (`cloud: gcp`, the default), AKS (`cloud: azure`) or
    attached (`cloud: attached`), each with the fields of its kind."""
    mesh: NotRequired[dict[str, Any]]
    """The mesh: control plane (`managed` or `in-cluster`), channel, injection, mTLS mode,
    multi-cluster. Default: the managed control plane on the stable channel, STRICT mTLS."""
    gateways: NotRequired[list[dict[str, Any]]]
    """Ingress, egress and east-west gateways, each in a namespace of its own kind. Default none."""
    routes: NotRequired[list[dict[str, Any]]]
    """Traffic routes: through a gateway (edge) or inside the mesh, with subsets and weights.
    Default none."""
    multi_cluster_ingress: NotRequired[dict[str, Any]]
    """Multi Cluster Ingress in front of an ingress gateway (GKE). Default none."""


class PrivateGkeClusterArgs(TypedDict):
    """A private GKE cluster on a VPC made elsewhere."""

    project: str
    """Project that owns the cluster, its node identity and its fleet membership."""
    cluster: dict[str, Any]
    """The cluster, as one entry of the spec's `clusters` with `cloud: gcp`: name, location,
    masterCidr, authorizedNetworks, releaseChannel, nodePool."""
    network: pulumi.Input[str]
    """Self link or id of the VPC."""
    subnetwork: pulumi.Input[str]
    """Self link or id of the subnet the nodes use."""
    pods_range_name: str
    """Name of the subnet's secondary range for Pods (IP aliasing)."""
    services_range_name: str
    """Name of the subnet's secondary range for Services."""
    protect: NotRequired[bool]
    """Pulumi `protect` and GKE deletion protection; set in production. Default false."""
    name_prefix: NotRequired[str]
    """Start of the physical names (cluster, fleet membership, node account, firewall rule), so
    that stacks sharing the project never collide. Default: the cluster's own name alone."""


class AksClusterArgs(TypedDict):
    """An AKS cluster with the Istio add-on on a VNet made elsewhere."""

    cluster: dict[str, Any]
    """The cluster, as one entry of the spec's `clusters` with `cloud: azure`: name, region,
    API server access, pools, `istio` revisions, Entra ID."""
    resource_group_name: pulumi.Input[str]
    """Resource group of the cluster."""
    vnet_id: pulumi.Input[str]
    """The VNet the cluster's identity may use (Network Contributor is granted on it)."""
    node_subnet_id: pulumi.Input[str]
    """Subnet of the nodes."""
    internal_lb_subnet_name: NotRequired[str]
    """Name of the VNet's internal-LB subnet, where the add-on's internal gateway takes its IP.
    Default: AKS's, the node subnet."""
    ingress_gateways: NotRequired[list[dict[str, Any]]]
    """The add-on gateways (spec gateways with `addon` set) to run on this cluster. Default none."""
    protect: NotRequired[bool]
    """Pulumi `protect` on the ManagedCluster; set in production. Default false."""
    name_prefix: NotRequired[str]
    """Start of the cluster's name and DNS prefix, so that stacks sharing a subscription never
    collide. Default: the cluster's own name alone."""


class IstioGatewayArgs(TypedDict):
    """An Istio gateway on a cluster; its Kubernetes provider comes from the `providers`
    resource option (`kubernetes`), never the ambient kubeconfig."""

    gateway: dict[str, Any]
    """The gateway, as one entry of the spec's `gateways`: name, kind, namespace, replicas,
    serviceType."""
    injection_labels: NotRequired[dict[str, str]]
    """The namespace labels that make the cluster's control plane inject the gateway's proxy.
    Default `istio-injection: enabled` (the managed control plane's default injection)."""
    network: NotRequired[str]
    """The cluster's Istio network, which an east-west gateway announces. Unused by other kinds."""


class RouteArgs(TypedDict):
    """A route on a cluster; its Kubernetes provider comes from the `providers` resource option
    (`kubernetes`)."""

    route: dict[str, Any]
    """The route, as one entry of the spec's `routes`: service, gateway, match, subsets, weights."""
    selector: NotRequired[dict[str, str]]
    """Pod labels of the gateway serving an edge route (IstioGateway's `podLabels`). Required
    with the route's `gateway`; none for a mesh route."""
    gateway_namespace: NotRequired[str]
    """Namespace of that gateway (IstioGateway's `namespaceName`); TLS credentials are read there.
    Required with the route's `gateway`."""
