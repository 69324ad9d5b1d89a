"""MeshPlatform: one validated platform spec, composed into clusters, mesh, gateways and routes.

Cloud-neutral by construction: each cloud's package (registered in `components.clouds`)
builds its networks, clusters and control planes and hands back one `MeshCluster` per
cluster; this module creates the mesh objects on each from that alone, and imports no
cloud SDK.
"""

from __future__ import annotations

from typing import Any

import pulumi
import pulumi_kubernetes as kubernetes

from components.clouds import BUILDERS, AfterMesh, CloudClusters, builder, layered_builder
from components.mesh.cluster import MeshCluster, MeshObjects
from components.mesh.gateway import IstioGateway, IstioGatewayArgs
from components.mesh.istio_objects import istio_object
from components.mesh.layers import LayerScope
from components.mesh.remote_secrets import remote_secrets
from components.mesh.route import Route, RouteArgs
from components.render.gateway import gateway_namespace_labels, gateway_selector
from components.render.injection import injected_namespace
from components.render.mtls import mesh_peer_authentication
from components.render.outbound import aks_shared_mesh_config, root_sidecar
from components.spec import validate_platform
from components.spec.layers import owns_route
from components.spec.models import PlatformSpec
from components.spec.placement import destination_rule_owners, placed_on, subset_key

TOKEN = "meshfleet:index:MeshPlatform"

# Namespaces every Kubernetes cluster already has: creating one fails (AlreadyExists), and a
# stack that owned one would delete it on destroy. The spec lets routes live in `default`
# (and refuses the system ones); whatever the spec allows, these are never created here.
BUILTIN_NAMESPACES = frozenset({"default", "kube-system", "kube-public", "kube-node-lease"})


class MeshPlatform(pulumi.ComponentResource):
    """Everything one environment's spec describes. Pass a spec from `components.spec.parse_platform`.

    Every gateway and route goes to the clusters its `clusters` names, by default every
    cluster, as Google's "Set up a multi-cluster mesh on managed Cloud Service Mesh" does, so traffic can
    fail over between them. A namespace is created
    on each cluster that has something in it, with the same labels everywhere (namespace
    sameness: Istio treats a namespace of one name as one across the mesh's clusters).
    Outputs: `clouds` (what each cloud's builder built, by cloud),
    `clusters` (`MeshCluster` by cluster name), `gateways` and `routes` (the components, keyed
    by cluster name, then gateway name or `namespace/route`, as a route's name is unique only
    in its namespace), and `exports` (the stack outputs).

    With `scope`, the stack builds one layer of the spec (`components.spec.layers`): the same
    resources under the same names and parents as the whole stack, only those of its layer,
    and it reads what the layers below built through their stack outputs.
    """

    def __init__(
        self,
        name: str,
        spec: PlatformSpec,
        opts: pulumi.ResourceOptions | None = None,
        scope: LayerScope | None = None,
    ) -> None:
        # A spec built in code (not by parse_platform) gets the cross-field rules too.
        validate_platform(spec)
        super().__init__(TOKEN, name, None, opts)
        self._scope = scope
        used = {c.cloud for c in spec.clusters}
        self.clouds: dict[str, CloudClusters] = {
            cloud: layered_builder(cloud)(name, spec, self, scope)
            if scope
            else builder(cloud)(name, spec, self)
            for cloud in BUILDERS
            if cloud in used
        }
        built = {n: c for cloud in self.clouds.values() for n, c in cloud.clusters.items()}
        # Spec order, whichever cloud built them: mesh objects register in a stable order.
        # (The network layer has none yet.)
        self.clusters: dict[str, MeshCluster] = {
            c.name: built[c.name] for c in spec.clusters if c.name in built
        }

        self.gateways: dict[str, dict[str, IstioGateway]] = {}
        self.routes: dict[str, dict[str, Route]] = {}
        self.namespaces: dict[str, dict[str, kubernetes.core.v1.Namespace]] = {}
        if self._builds("mesh") or self._builds("routes"):
            for cluster in self.clusters.values():
                self._mesh_objects(name, spec, cluster)
        # In-cluster istiods of one mesh read each other's API servers: each gets a remote
        # secret of every other (only clusters whose builder set `remote_access` take part).
        self.remote_secrets = (
            remote_secrets(name, list(self.clusters.values()), parent=self)
            if self._builds("clusters")
            else []
        )
        # Second phase: cloud objects that live in the namespaces just created (GKE's MCI).
        if self._builds("mesh"):
            for cloud in self.clouds.values():
                if isinstance(cloud, AfterMesh):
                    cloud.after_mesh(MeshObjects(namespaces=self.namespaces))

        self.exports: dict[str, Any] = {
            key: value for cloud in self.clouds.values() for key, value in cloud.exports.items()
        }
        if self._builds("clusters"):
            self.exports["clusterNames"] = {n: c.cluster_name for n, c in self.clusters.items()}
            self.exports["kubeconfigs"] = {n: c.kubeconfig for n, c in self.clusters.items()}
        if scope is not None and scope.layer == "mesh":
            # What application teams' routes bind to, by cluster: gateway name -> namespace, selector.
            self.exports["gateways"] = {
                cluster: {
                    g.name: {"namespace": g.namespace, "selector": gateway_selector(g)}
                    for g in spec.gateways
                    if placed_on(g.clusters, cluster)
                }
                for cluster in self.clusters
            }
        self.register_outputs(self.exports)

    def _builds(self, layer: str) -> bool:
        return self._scope is None or self._scope.layer == layer

    def _mesh_objects(self, name: str, spec: PlatformSpec, cluster: MeshCluster) -> None:
        # Names the spec gives (namespaces, gateways, routes) are DNS labels, so they may hold
        # a '-' but never a '/': joined by '/', two of them can never make the same child name
        # (route a-b in namespace c and route b in namespace c-a would both be c-a-b).
        prefix = f"{name}-{cluster.name}"
        control_plane = cluster.control_plane
        ready = list(control_plane.ready)
        opts = pulumi.ResourceOptions(parent=self)
        mesh, routes = self._builds("mesh"), self._builds("routes")
        if mesh:
            istio_object(
                f"{prefix}-mtls",
                mesh_peer_authentication(spec.mesh, control_plane.root_namespace),
                pulumi.ResourceOptions(parent=self, provider=cluster.provider, depends_on=ready),
            )
            self._outbound_policy(prefix, spec, cluster)
        # Only what is placed on this cluster; a cluster with nothing in a namespace gets none.
        # A gateway a managed add-on runs (AKS: `addon`) is the cloud package's to enable and
        # patch: no IstioGateway and no namespace here, only routes that bind to it.
        placed = [g for g in spec.gateways if placed_on(g.clusters, cluster.name)]
        placed_gateways = [g for g in placed if g.addon is None]
        placed_routes = [
            (i, r)
            for i, r in enumerate(spec.routes)
            if placed_on(r.clusters, cluster.name)
            and owns_route(self._scope.config if self._scope else None, r.namespace)
        ]
        # Every namespace once per cluster, whoever lives in it: gateways may share one, and
        # routes live in their application's namespace (the guides' `sample`) or a gateway's.
        # Built-in namespaces already exist and are never ours to create or delete. In layers,
        # a gateway's namespace is the mesh layer's, an application's the routes layer's.
        gateway_namespaces = {g.namespace for g in placed_gateways}
        wanted: set[str] = set()
        if mesh:
            wanted |= gateway_namespaces
        if routes:
            wanted |= {r.namespace for _, r in placed_routes} - (set() if mesh else gateway_namespaces)
        # A gateway's namespace is labelled as the gateway's own rendering says (none when its
        # Pods pin their revision); a route's, for the control plane.
        labels = {
            g.namespace: gateway_namespace_labels(g, control_plane.injection_labels) for g in placed_gateways
        }
        namespaces = {
            ns: kubernetes.core.v1.Namespace(
                f"{prefix}-ns/{ns}",
                metadata=injected_namespace(ns, labels.get(ns, control_plane.injection_labels))["metadata"],
                opts=pulumi.ResourceOptions(parent=self, provider=cluster.provider),
            )
            for ns in sorted(wanted - BUILTIN_NAMESPACES)
        }
        network = spec.mesh_network(next(c for c in spec.clusters if c.name == cluster.name))
        gateways = {
            g.name: IstioGateway(
                f"{prefix}/{g.name}",
                IstioGatewayArgs(
                    gateway=g,
                    injection_labels=control_plane.injection_labels,
                    provider=cluster.provider,
                    mesh_ready=ready,
                    namespace=namespaces[g.namespace],
                    network=network,
                    internal_lb_annotations=control_plane.internal_lb_annotations,
                    revision_ready=control_plane.revision_ready,
                    proxy_resources=control_plane.proxy_resources,
                ),
                opts=opts,
            )
            for g in placed_gateways
            if mesh
        }
        if not routes:
            placed_routes = []
        owners = destination_rule_owners(spec, cluster.name)
        by_index: dict[int, Route] = {}
        by_name = {g.name: g for g in placed}
        for i, route in placed_routes:
            gateway = by_name[route.gateway] if route.gateway is not None else None
            owner = owners.get(subset_key(route))
            # One DestinationRule per host and namespace: the owner renders it, and a route
            # with the same subsets routes to them once it exists.
            shared = by_index[owner].destination_rule if route.subsets and owner not in (None, i) else None
            depends = [
                *ready,
                *([namespaces[route.namespace]] if route.namespace in namespaces else []),
            ]
            by_index[i] = Route(
                f"{prefix}/{route.namespace}/{route.name}",
                RouteArgs(
                    route=route,
                    selector=gateway_selector(gateway) if gateway else None,
                    gateway_namespace=gateway.namespace if gateway else None,
                    provider=cluster.provider,
                    mesh_ready=depends,
                    destination_rule=owner == i,
                    subsets_ready=[shared] if shared is not None else [],
                ),
                opts=opts,
            )
        self.gateways[cluster.name] = gateways
        self.namespaces[cluster.name] = namespaces
        self.routes[cluster.name] = {f"{r.namespace}/{r.name}": by_index[i] for i, r in placed_routes}

    def _outbound_policy(self, prefix: str, spec: PlatformSpec, cluster: MeshCluster) -> None:
        # REGISTRY_ONLY where istiod's values cannot say it (components.render.outbound); an
        # in-cluster istiod has it in its meshConfig, and ALLOW_ANY is every plane's default.
        mode = spec.outbound_traffic_policy
        if mode == "ALLOW_ANY":
            return
        control_plane = cluster.control_plane
        kind = spec.control_plane(next(c for c in spec.clusters if c.name == cluster.name))
        opts = pulumi.ResourceOptions(
            parent=self, provider=cluster.provider, depends_on=list(control_plane.ready)
        )
        if kind == "managed":
            istio_object(f"{prefix}-outbound", root_sidecar(control_plane.root_namespace, mode), opts)
        elif kind == "aks-addon":
            # One per revision: during a revision upgrade both control planes read their own.
            for revision in control_plane.revisions:
                config_map = aks_shared_mesh_config(revision, mode)
                kubernetes.core.v1.ConfigMap(
                    f"{prefix}-mesh-config/{revision}",
                    metadata=config_map["metadata"],
                    data=config_map["data"],
                    opts=opts,
                )
