"""MeshPlatform: one validated platform spec, composed into networks, clusters, mesh, gateways and routes."""

from __future__ import annotations

import pulumi
import pulumi_gcp as gcp
import pulumi_kubernetes as kubernetes

from components.gcp.apis import ProjectApis, ProjectApisArgs
from components.gcp.cluster import PrivateGkeCluster, PrivateGkeClusterArgs
from components.gcp.mesh import CloudServiceMesh, CloudServiceMeshArgs
from components.gcp.network import GcpNetwork, GcpNetworkArgs, pods_range_name, services_range_name
from components.mesh.gateway import IstioGateway, IstioGatewayArgs
from components.mesh.route import Route, RouteArgs
from components.spec.injection import injected_namespace
from components.spec.mesh_policy import mesh_peer_authentication
from components.spec.models import ClusterSpec, PlatformSpec
from components.spec.multicluster import PRIORITY, PROTOCOLS, multicluster_firewall

TOKEN = "meshfleet:index:MeshPlatform"

# Namespaces every Kubernetes cluster already has: creating one fails (AlreadyExists), and a
# stack that owned one would delete it on destroy. The spec lets routes live in `default`
# (and refuses the system ones); whatever the spec allows, these are never created here.
BUILTIN_NAMESPACES = frozenset({"default", "kube-system", "kube-public", "kube-node-lease"})


class MeshPlatform(pulumi.ComponentResource):
    """Everything one environment's spec describes. Pass a spec from `components.spec.parse_platform`.

    Every gateway and route is applied to every cluster, as seed 004 does, so traffic can
    fail over between them. Outputs: `apis`, `network`, `clusters`, `mesh`, `gateways`,
    `routes` (the components, keyed by cluster name, then gateway or route name).
    """

    def __init__(self, name: str, spec: PlatformSpec, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(TOKEN, name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        project = spec.gcp.project

        self.apis = ProjectApis(f"{name}-apis", ProjectApisArgs(project=project), opts=child)
        after_apis = pulumi.ResourceOptions(parent=self, depends_on=[self.apis])
        self.network = GcpNetwork(
            f"{name}-network",
            GcpNetworkArgs(project=project, network=spec.gcp.network, protect=spec.protect),
            opts=after_apis,
        )
        self.clusters = {c.name: self._cluster(name, spec, c, after_apis) for c in spec.clusters}
        self.multicluster_firewall = self._multicluster_firewall(name, spec)
        self.mesh = CloudServiceMesh(
            f"{name}-csm",
            CloudServiceMeshArgs(
                project=project, memberships={n: c.membership_id for n, c in self.clusters.items()}
            ),
            opts=after_apis,
        )

        self.gateways: dict[str, dict[str, IstioGateway]] = {}
        self.routes: dict[str, dict[str, Route]] = {}
        for cluster_name, cluster in self.clusters.items():
            self._mesh_objects(name, spec, cluster_name, cluster)

        self.register_outputs(
            {
                "network_id": self.network.network_id,
                "cluster_names": {n: c.cluster_name for n, c in self.clusters.items()},
                "membership_ids": {n: c.membership_id for n, c in self.clusters.items()},
            }
        )

    def _cluster(
        self, name: str, spec: PlatformSpec, cluster: ClusterSpec, opts: pulumi.ResourceOptions
    ) -> PrivateGkeCluster:
        return PrivateGkeCluster(
            f"{name}-{cluster.name}",
            PrivateGkeClusterArgs(
                project=spec.gcp.project,
                cluster=cluster,
                network=self.network.network_id,
                subnetwork=self.network.subnet_ids[cluster.subnet],
                pods_range_name=pods_range_name(cluster.subnet),
                services_range_name=services_range_name(cluster.subnet),
                protect=spec.protect,
            ),
            opts=opts,
        )

    def _multicluster_firewall(self, name: str, spec: PlatformSpec) -> gcp.compute.Firewall | None:
        plan = multicluster_firewall(spec, {n: c.node_tag for n, c in self.clusters.items()})
        if plan is None:
            return None
        return gcp.compute.Firewall(
            f"{name}-multicluster-pods",
            name=plan.name,
            project=spec.gcp.project,
            network=self.network.network_id,
            direction="INGRESS",
            priority=PRIORITY,
            source_ranges=list(plan.source_ranges),
            target_tags=list(plan.target_tags),
            allows=[gcp.compute.FirewallAllowArgs(protocol=p) for p in PROTOCOLS],
            opts=pulumi.ResourceOptions(parent=self),
        )

    def _mesh_objects(
        self, name: str, spec: PlatformSpec, cluster_name: str, cluster: PrivateGkeCluster
    ) -> None:
        prefix = f"{name}-{cluster_name}"
        ready = self.mesh.ready(cluster_name)
        opts = pulumi.ResourceOptions(parent=self)
        mtls = mesh_peer_authentication(spec.mesh)
        kubernetes.apiextensions.CustomResource(
            f"{prefix}-mtls",
            api_version=mtls["apiVersion"],
            kind=mtls["kind"],
            metadata=mtls["metadata"],
            spec=mtls["spec"],
            opts=pulumi.ResourceOptions(parent=self, provider=cluster.provider, depends_on=ready),
        )
        # Every namespace once per cluster, whoever lives in it: gateways may share one, and
        # routes live in their application's namespace (the seeds' `sample`) or a gateway's.
        # Built-in namespaces already exist and are never ours to create or delete.
        wanted = {g.namespace for g in spec.gateways} | {r.namespace for r in spec.routes}
        namespaces = {
            ns: kubernetes.core.v1.Namespace(
                f"{prefix}-ns-{ns}",
                metadata=injected_namespace(ns, spec.mesh)["metadata"],
                opts=pulumi.ResourceOptions(parent=self, provider=cluster.provider),
            )
            for ns in sorted(wanted - BUILTIN_NAMESPACES)
        }
        gateways = {
            g.name: IstioGateway(
                f"{prefix}-{g.name}",
                IstioGatewayArgs(
                    gateway=g,
                    mesh=spec.mesh,
                    provider=cluster.provider,
                    mesh_ready=ready,
                    namespace=namespaces[g.namespace],
                ),
                opts=opts,
            )
            for g in spec.gateways
        }
        routes = {}
        for route in spec.routes:
            gateway = gateways[route.gateway]
            depends = [
                *ready,
                *([namespaces[route.namespace]] if route.namespace in namespaces else []),
            ]
            routes[route.name] = Route(
                f"{prefix}-{route.namespace}-{route.name}",
                RouteArgs(
                    route=route,
                    selector=gateway.pod_labels,
                    gateway_namespace=gateway.namespace_name,
                    provider=cluster.provider,
                    mesh_ready=depends,
                ),
                opts=opts,
            )
        self.gateways[cluster_name] = gateways
        self.routes[cluster_name] = routes
