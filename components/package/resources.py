"""The components the package serves: meshfleet's own, with args another Pulumi language can send.

Each is a subclass of the Python component of the same name: the same type token, the same
children and names, so a YAML or TypeScript program plans exactly what the Python one does.
Only the constructor differs: it takes the package's args (a dict, as the host passes them)
and validates them into the spec first.

No `from __future__ import annotations`: the host reads the constructors' and the classes'
annotations (the outputs) as objects.
"""

from typing import Any

import pulumi
import pulumi_kubernetes as kubernetes

from components import platform
from components.azure import cluster as aks
from components.gcp import cluster as gke
from components.mesh import gateway, route
from components.spec import GatewaySpec, GkeClusterSpec, RouteSpec
from components.spec.azure import AksClusterSpec

from .args import AksClusterArgs, IstioGatewayArgs, MeshPlatformArgs, PrivateGkeClusterArgs, RouteArgs
from .convert import ArgsError, platform_spec, section

# What the managed control plane injects by (Google's "Provision managed Cloud Service Mesh").
DEFAULT_INJECTION = {"istio-injection": "enabled"}


def kubernetes_provider(opts: pulumi.ResourceOptions | None, component: str) -> kubernetes.Provider:
    """The `kubernetes` provider a program passed in `providers`: a gateway or a route is created
    on the cluster the caller chose, never the ambient kubeconfig."""
    providers = opts.providers if opts is not None else None
    if isinstance(providers, dict):
        found = providers.get("kubernetes")
    else:
        listed = [p for p in providers or [] if isinstance(p, pulumi.ProviderResource)]
        found = next((p for p in listed if p.package == "kubernetes"), None)
    if not isinstance(found, pulumi.ProviderResource):
        raise ArgsError(
            "providers",
            f"{component}: needs a kubernetes provider in its `providers` resource option "
            "(the cluster to create it on)",
        )
    return found  # type: ignore[return-value]  # any kubernetes provider reference will do


class MeshPlatform(platform.MeshPlatform):
    """A whole multi-cluster service-mesh platform from one spec: networks, clusters, control
    planes, gateways and routes."""

    exports: dict[str, Any]
    """What the platform hands onward, as the meshfleet stack exports it: `clusterNames` and
    `kubeconfigs` (secrets) by cluster, and each cloud's ids (GKE: `networkId`, `membershipIds`)."""

    def __init__(self, name: str, args: MeshPlatformArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(name, platform_spec(args), opts)


class PrivateGkeCluster(gke.PrivateGkeCluster):
    """A private, Workload Identity-enabled GKE cluster with its own node pool, master firewall
    rule and fleet membership."""

    cluster_name: pulumi.Output[str]
    """The cluster's name in GKE."""
    endpoint: pulumi.Output[str]
    """The cluster's public control-plane endpoint."""
    private_endpoint: pulumi.Output[str]
    """The cluster's private control-plane address."""
    membership_id: pulumi.Output[str]
    """The cluster's fleet membership id."""
    kubeconfig: pulumi.Output[str]
    """A kubeconfig for the cluster (secret), using gke-gcloud-auth-plugin."""

    def __init__(
        self, name: str, args: PrivateGkeClusterArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__(
            name,
            gke.PrivateGkeClusterArgs(
                project=args["project"],
                cluster=section(GkeClusterSpec, args["cluster"], "cluster"),
                network=args["network"],
                subnetwork=args["subnetwork"],
                pods_range_name=args["pods_range_name"],
                services_range_name=args["services_range_name"],
                protect=args.get("protect", False),
                name_prefix=args.get("name_prefix"),
            ),
            opts,
        )


class AksCluster(aks.AksCluster):
    """An AKS cluster with the Istio service-mesh add-on, hardened by default."""

    cluster_name: pulumi.Output[str]
    """The cluster's name in Azure."""
    kubeconfig: pulumi.Output[str]
    """A kubeconfig for the cluster (secret); with Entra ID it runs kubelogin."""
    revision: str
    """The add-on revision namespaces are labelled with (`istio.io/rev`)."""

    def __init__(self, name: str, args: AksClusterArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(
            name,
            aks.AksClusterArgs(
                cluster=section(AksClusterSpec, args["cluster"], "cluster"),
                resource_group_name=args["resource_group_name"],
                vnet_id=args["vnet_id"],
                node_subnet_id=args["node_subnet_id"],
                internal_lb_subnet_name=args.get("internal_lb_subnet_name"),
                ingress_gateways=tuple(
                    section(GatewaySpec, g, f"ingressGateways[{i}]")
                    for i, g in enumerate(args.get("ingress_gateways", []))
                ),
                protect=args.get("protect", False),
                name_prefix=args.get("name_prefix"),
            ),
            opts,
        )


class IstioGateway(gateway.IstioGateway):
    """An Istio gateway: its namespace, ServiceAccount, RBAC, Deployment, Service, autoscaler and
    disruption budget (and an egress or east-west gateway's Istio objects)."""

    pod_labels: dict[str, str]
    """The gateway Pods' labels: the selector a route through it uses."""
    namespace_name: str
    """The gateway's namespace."""
    service_name: str
    """The gateway's Service."""

    def __init__(self, name: str, args: IstioGatewayArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        provider = kubernetes_provider(opts, "IstioGateway")
        super().__init__(
            name,
            gateway.IstioGatewayArgs(
                gateway=section(GatewaySpec, args["gateway"], "gateway"),
                injection_labels=args.get("injection_labels", DEFAULT_INJECTION),
                provider=provider,
                network=args.get("network"),
            ),
            opts,
        )


class Route(route.Route):
    """A route through a gateway or inside the mesh: Istio Gateway, VirtualService and
    DestinationRule (subsets and weights)."""

    def __init__(self, name: str, args: RouteArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        provider = kubernetes_provider(opts, "Route")
        spec = section(RouteSpec, args["route"], "route")
        selector = args.get("selector")
        gateway_namespace = args.get("gateway_namespace")
        if spec.gateway is not None and selector is None:
            raise ArgsError("selector", "selector: is required with route.gateway (the gateway's podLabels)")
        if spec.gateway is not None and gateway_namespace is None:
            raise ArgsError(
                "gatewayNamespace", "gatewayNamespace: is required with route.gateway (its namespaceName)"
            )
        super().__init__(
            name,
            route.RouteArgs(
                route=spec,
                selector=selector if spec.gateway is not None else None,
                gateway_namespace=gateway_namespace if spec.gateway is not None else None,
                provider=provider,
            ),
            opts,
        )


COMPONENTS: list[type[pulumi.ComponentResource]] = [
    MeshPlatform,
    PrivateGkeCluster,
    AksCluster,
    IstioGateway,
    Route,
]
