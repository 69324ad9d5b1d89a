"""GkeFleet: a platform's GKE clusters, from the project's APIs to the managed mesh on each.

This is what `components.clouds` registers for `cloud: gcp`. It builds, in order: the APIs,
the VPC, one private cluster per GKE cluster of the spec, the firewall rule between their
Pods, and Cloud Service Mesh with every cluster enrolled (or, with `mesh.controlPlane:
in-cluster`, istiod from Istio's charts on each cluster); then it describes each cluster to
the mesh layer as a `MeshCluster`.

A builder, not a ComponentResource: its resources are children of the `MeshPlatform` it
builds for, as they were before clouds had packages of their own, so no URN moved.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

import pulumi
import pulumi_kubernetes as kubernetes

from components.mesh.cluster import ControlPlane, MeshCluster, MeshObjects, RemoteAccess
from components.mesh.istiod import InClusterControlPlane, InClusterControlPlaneArgs
from components.mesh.layers import LayerScope
from components.mesh.readiness import ControlPlaneReadiness, istio_apis
from components.mesh.remote_secrets import exchanges_remote_secrets
from components.render.gateway import AUTOPILOT_PROXY_RESOURCES
from components.render.injection import namespace_labels
from components.spec.models import GkeClusterSpec, PlatformSpec

from .apis import MESH_API, PLATFORM_APIS, ProjectApis, ProjectApisArgs
from .cluster import PrivateGkeCluster, PrivateGkeClusterArgs, ReachedGkeCluster
from .endpoint_discovery import asm_options
from .fleet_host import FleetHostAccess, FleetHostAccessArgs
from .mci import MCI_APIS, BuiltIngress, MultiClusterIngress, MultiClusterIngressArgs
from .mesh import CloudServiceMesh, CloudServiceMeshArgs
from .mesh_readiness import managed_mesh_readiness
from .network import GcpNetwork, GcpNetworkArgs, pods_range_name, services_range_name
from .pod_firewall import multicluster_firewall, pod_firewall
from .shared_vpc import SharedVpcAccess, SharedVpcAccessArgs, SubnetRef

INTERNAL_LOAD_BALANCER = {"networking.gke.io/load-balancer-type": "Internal"}
"""GKE's internal passthrough Network Load Balancer for a LoadBalancer Service (GKE docs,
"LoadBalancer Service parameters"): reachable from the VPC (and peered networks), not the Internet."""


class GkeFleet:
    """The GKE clusters of `spec` (those with `cloud: gcp`) with the managed Cloud Service Mesh.

    Attributes: `apis`, `network`, `gke` (PrivateGkeCluster by spec name), `multicluster_firewall`
    (None below two clusters or with `mesh.multiCluster` off), `mesh`, `mesh_ready` (each
    cluster's control plane readiness gate), `asm_options` (each cluster's endpoint-discovery
    patch, empty unless multi-cluster), `in_cluster` (each cluster's `InClusterControlPlane`
    with `mesh.controlPlane: in-cluster`, in which case `mesh` is None and `mesh_ready` and
    `asm_options` are empty), `mci` (None without `multiClusterIngress`; its objects
    come in `after_mesh`), and `clusters`, the `MeshCluster` of each for the
    mesh layer.
    """

    def __init__(
        self, name: str, spec: PlatformSpec, parent: pulumi.Resource, scope: LayerScope | None = None
    ) -> None:
        project = spec.gcp_section().project
        child = pulumi.ResourceOptions(parent=parent)
        self._spec = spec
        self._scope = scope
        # A layered stack builds one layer and reads the others (`components.spec.layers`);
        # a whole stack (scope None) builds them all, in this order.
        builds = (lambda _layer: True) if scope is None else scope.builds

        self.project_apis: dict[str, ProjectApis] = {}
        self.apis: ProjectApis | None = None
        self.network: GcpNetwork | None = None
        self.shared_vpc: SharedVpcAccess | None = None
        self.fleet_access: FleetHostAccess | None = None
        after_apis = child
        if builds("network"):
            # MCI's APIs only when a spec asks for it, so that other stacks' plans do not change.
            # The managed mesh's API only for the managed control plane: an in-cluster istiod
            # needs no fleet mesh feature, and enabling an API is a grant reviewers ask about.
            managed = spec.mesh.control_plane != "in-cluster"
            apis = (
                PLATFORM_APIS
                + ((MESH_API,) if managed else ())
                + (MCI_APIS if spec.multi_cluster_ingress else ())
            )
            # Every project the platform uses gets them: GKE's Shared VPC setup enables the
            # container API in the host project too, and asmcli the mesh API in cluster projects.
            self.project_apis = {
                p: ProjectApis(
                    f"{name}-apis" if p == project else f"{name}-apis-{p}",
                    ProjectApisArgs(project=p, services=apis),
                    opts=child,
                )
                for p in _projects(spec)
            }
            self.apis = self.project_apis.get(project)
            # Nothing may call an API before it is enabled.
            after_apis = pulumi.ResourceOptions(parent=parent, depends_on=list(self.project_apis.values()))
            self.network = GcpNetwork(
                f"{name}-network",
                GcpNetworkArgs(
                    project=spec.network_project(),
                    network=spec.gcp_section().network,
                    protect=spec.protect,
                    name_prefix=spec.prefix,
                ),
                opts=after_apis,
            )
            # The host project's grants are the foundation's: the clusters layer deploys after them.
            self.shared_vpc = self._shared_vpc(name, spec, self.network, after_apis)
            self.fleet_access = self._fleet_access(name, spec, after_apis)

        self.gke: dict[str, PrivateGkeCluster] = {}
        self.multicluster_firewall = None
        self.mesh: CloudServiceMesh | None = None
        self.mesh_ready: dict[str, ControlPlaneReadiness] = {}
        self.asm_options: dict[str, kubernetes.core.v1.ConfigMapPatch] = {}
        self.in_cluster: dict[str, InClusterControlPlane] = {}
        self.mci: MultiClusterIngress | None = None
        self._clusters: dict[str, MeshCluster] = {}
        if builds("clusters"):
            self._build_clusters(name, spec, parent, after_apis)
        elif scope is not None and scope.layer in ("mesh", "routes"):
            self._reach_clusters(name, spec, parent, scope)

    def _build_clusters(
        self, name: str, spec: PlatformSpec, parent: pulumi.Resource, after_apis: pulumi.ResourceOptions
    ) -> None:
        """The clusters, the firewall between their Pods, the control plane and the MCI's cloud side."""
        network_id, subnet_ids = self._network_ids()
        self.gke = {
            c.name: self._cluster(name, spec, c, after_apis, network_id, subnet_ids[c.subnet])
            for c in spec.clusters
            if isinstance(c, GkeClusterSpec)
        }
        plan = multicluster_firewall(spec, {n: c.node_tag for n, c in self.gke.items()})
        self.multicluster_firewall = (
            pod_firewall(
                f"{name}-multicluster-pods",
                plan,
                project=spec.network_project(),
                network=network_id,
                opts=pulumi.ResourceOptions(parent=parent),
            )
            if plan is not None
            else None
        )
        if spec.mesh.control_plane == "in-cluster":
            control_planes = self._in_cluster(name, spec, parent)
        else:
            control_planes = self._managed(name, spec, parent, after_apis)
        mci = spec.multi_cluster_ingress
        self.mci = (
            MultiClusterIngress(f"{name}-mci", self._mci_args(spec), opts=after_apis)
            if mci is not None
            else None
        )

        self._clusters = {
            n: MeshCluster(
                name=n,
                provider=c.provider,
                control_plane=control_planes[n],
                cluster_name=c.cluster_name,
                kubeconfig=c.kubeconfig,
                remote_access=self._remote_access(n),
            )
            for n, c in self.gke.items()
        }

    def _network_ids(self) -> tuple[pulumi.Input[str], Mapping[str, pulumi.Input[str]]]:
        """The VPC and subnet ids: this stack's network, or the network layer's outputs."""
        if self.network is not None:
            return self.network.network_id, self.network.subnet_ids
        if self._scope is None:  # a whole stack always builds its network first
            raise ValueError("no network to build the clusters in")
        scope = self._scope
        subnets = {s.name for s in self._spec.gcp_section().network.subnets}
        return scope.output("network", "networkId"), {
            s: scope.item("network", "subnetIds", s) for s in subnets
        }

    def _mci_args(self, spec: PlatformSpec) -> MultiClusterIngressArgs:
        mci = spec.multi_cluster_ingress
        if mci is None:
            raise ValueError("the spec has no multiClusterIngress")
        return MultiClusterIngressArgs(
            project=spec.fleet_project(),
            network_project=spec.network_project(),
            config_membership=self.gke[mci.config_cluster].membership_id if self.gke else "",
            workload_identity_clusters=(self.gke[mci.config_cluster].cluster,) if self.gke else (),
            static_ip=mci.static_ip,
            pre_shared_certificates=mci.certificates.pre_shared if mci.certificates else (),
            managed_domains=mci.certificates.managed_domains if mci.certificates else (),
            name_prefix=spec.prefix,
        )

    def _reach_clusters(
        self, name: str, spec: PlatformSpec, parent: pulumi.Resource, scope: LayerScope
    ) -> None:
        """A layer above the clusters: each cluster's provider from the clusters layer's
        kubeconfigs, and its control plane as the spec describes it (the clusters layer has
        made it ready before this layer deploys)."""
        labels = namespace_labels(spec.mesh)
        for cluster in spec.clusters:
            if not isinstance(cluster, GkeClusterSpec):
                continue
            reached = ReachedGkeCluster(
                f"{name}-{cluster.name}",
                scope.item("clusters", "kubeconfigs", cluster.name),
                opts=pulumi.ResourceOptions(parent=parent),
            )
            self._clusters[cluster.name] = MeshCluster(
                name=cluster.name,
                provider=reached.provider,
                control_plane=ControlPlane(
                    ready=(),
                    injection_labels=labels,
                    revisions=spec.revisions(cluster),
                    internal_lb_annotations=INTERNAL_LOAD_BALANCER,
                    proxy_resources=AUTOPILOT_PROXY_RESOURCES if cluster.autopilot else None,
                ),
                cluster_name=scope.item("clusters", "clusterNames", cluster.name),
                kubeconfig=reached.kubeconfig,
            )
        if scope.layer == "mesh" and spec.multi_cluster_ingress is not None:
            # The MCI objects go with the gateways; the features and the address stay below.
            address = scope.output("clusters", "mciAddress") if spec.multi_cluster_ingress.static_ip else None
            self.mci = MultiClusterIngress(
                f"{name}-mci",
                self._mci_args(spec),
                opts=pulumi.ResourceOptions(parent=parent),
                built=BuiltIngress(address=address),
            )

    def _managed(
        self, name: str, spec: PlatformSpec, parent: pulumi.Resource, after_apis: pulumi.ResourceOptions
    ) -> dict[str, ControlPlane]:
        """Cloud Service Mesh: the fleet feature, each cluster's enrolment and readiness gate,
        and endpoint discovery between clusters; the managed revision labels namespaces."""
        self.mesh = mesh = CloudServiceMesh(
            f"{name}-csm",
            CloudServiceMeshArgs(
                project=spec.fleet_project(),
                memberships={n: c.membership_id for n, c in self.gke.items()},
                owns_feature=spec.gcp_section().owns_mesh_feature,
            ),
            # Enrolment waits for each membership, which waits for the fleet host agents' roles.
            opts=after_apis,
        )

        # Enrolment precedes the control plane by minutes: mesh objects wait for each cluster's
        # own gate, which exists once its CRDs are served and its revision has reconciled.
        self.mesh_ready = {
            n: managed_mesh_readiness(
                f"{name}-{n}",
                cluster=n,
                gke=c,
                enrolment=mesh.ready(n),
                revision=spec.mesh.revision,
                parent=parent,
                apis=istio_apis(egress_hosts=any(g.egress_hosts for g in spec.gateways)),
                implementation=spec.mesh.implementation,
            )
            for n, c in self.gke.items()
        }

        # What every mesh object of a cluster waits for: its enrolment and its readiness gate.
        ready = {n: (*mesh.ready(n), self.mesh_ready[n]) for n in self.gke}

        # One mesh: every cluster's managed control plane discovers the others' endpoints.
        self.asm_options = (
            {
                n: asm_options(
                    f"{name}-{n}-asm-options",
                    provider=c.provider,
                    ready=ready[n],
                    parent=parent,
                )
                for n, c in self.gke.items()
            }
            if spec.multi_cluster
            else {}
        )

        control_plane_labels = namespace_labels(spec.mesh)
        autopilot = {c.name for c in spec.clusters if isinstance(c, GkeClusterSpec) and c.autopilot}
        gke_specs = {c.name: c for c in spec.clusters if c.name in self.gke}
        return {
            n: ControlPlane(
                ready=ready[n],
                injection_labels=control_plane_labels,
                revisions=spec.revisions(gke_specs[n]),
                internal_lb_annotations=INTERNAL_LOAD_BALANCER,
                # Requests Autopilot keeps as they are, rather than raising them itself.
                proxy_resources=AUTOPILOT_PROXY_RESOURCES if n in autopilot else None,
            )
            for n in self.gke
        }

    def _in_cluster(self, name: str, spec: PlatformSpec, parent: pulumi.Resource) -> dict[str, ControlPlane]:
        """istiod from Istio's charts on every GKE cluster, instead of the fleet's managed mesh:
        no `servicemesh` feature, no enrolment, no `asm-options` (the remote secrets of
        `components.mesh.remote_secrets` do the managed plane's endpoint discovery)."""
        istiod = spec.mesh.istiod
        if istiod is None:  # the spec's rules require it with an in-cluster control plane
            raise ValueError("platform.mesh.istiod: is required with an in-cluster control plane")
        remote = exchanges_remote_secrets(spec)
        for cluster in spec.clusters:
            if not isinstance(cluster, GkeClusterSpec):
                continue
            self.in_cluster[cluster.name] = InClusterControlPlane(
                f"{name}-{cluster.name}-istiod",
                InClusterControlPlaneArgs(
                    istiod=istiod,
                    cluster=cluster.name,
                    network=spec.mesh_network(cluster),
                    provider=self.gke[cluster.name].provider,
                    remote_reader=remote,
                    trust_root=spec.mesh.trust_root,
                    outbound_traffic_policy=spec.outbound_traffic_policy,
                ),
                opts=pulumi.ResourceOptions(parent=parent),
            )
        return {
            n: dataclasses.replace(cp.control_plane, internal_lb_annotations=INTERNAL_LOAD_BALANCER)
            for n, cp in self.in_cluster.items()
        }

    def _remote_access(self, cluster: str) -> RemoteAccess | None:
        control_plane = self.in_cluster.get(cluster)
        if control_plane is None or control_plane.reader_token is None:
            return None
        # The private endpoint, as Google's "Set up a multi-cluster mesh on managed Cloud Service Mesh"
        # rewrote its remote secrets: istiod's Pods reach it
        # inside the VPC whatever the authorized networks say.
        server = self.gke[cluster].private_endpoint.apply(lambda ip: f"https://{ip}")
        return RemoteAccess(server=server, reader_token=control_plane.reader_token)

    @property
    def clusters(self) -> Mapping[str, MeshCluster]:
        return self._clusters

    @property
    def exports(self) -> Mapping[str, Any]:
        exports: dict[str, Any] = {}
        if self.network is not None:
            exports["networkId"] = self.network.network_id
            if self._scope is not None:
                # What the clusters layer reads to put its clusters in the VPC.
                exports["subnetIds"] = self.network.subnet_ids
        if self.gke or self._scope is None:
            exports["membershipIds"] = {n: c.membership_id for n, c in self.gke.items()}
            exports["privateEndpoints"] = {n: c.private_endpoint for n, c in self.gke.items()}
        if self.mci is not None and self.mci.address is not None:
            exports["mciAddress"] = self.mci.address.address
        return exports

    def after_mesh(self, mesh: MeshObjects) -> None:
        """Second phase (`components.clouds.AfterMesh`): the Multi Cluster Ingress objects go
        on the config cluster only, in its gateway namespace, which the platform created."""
        mci = self._spec.multi_cluster_ingress
        if self.mci is None or mci is None:
            return
        gateway = next(g for g in self._spec.gateways if g.name == mci.gateway)
        cluster = self._clusters[mci.config_cluster]
        self.mci.deploy_objects(
            gateway,
            provider=cluster.provider,
            namespace=mesh.namespaces[mci.config_cluster][gateway.namespace],
            ready=cluster.control_plane.ready,
        )

    def _shared_vpc(
        self, name: str, spec: PlatformSpec, network: GcpNetwork, opts: pulumi.ResourceOptions
    ) -> SharedVpcAccess | None:
        """The Shared VPC attachment and GKE's IAM in the host project, for clusters of other projects."""
        host = spec.network_project()
        used: dict[str, list[str]] = {}
        for cluster in spec.clusters:
            if isinstance(cluster, GkeClusterSpec) and spec.cluster_project(cluster) != host:
                used.setdefault(spec.cluster_project(cluster), []).append(cluster.subnet)
        if not used:
            return None
        regions = {s.name: s.region for s in spec.gcp_section().network.subnets}
        return SharedVpcAccess(
            f"{name}-shared-vpc",
            SharedVpcAccessArgs(
                host_project=host,
                service_projects=used,
                subnets={
                    s: SubnetRef(name=network.subnets[s].name, region=regions[s])
                    for subnets in used.values()
                    for s in subnets
                },
                managed=spec.gcp_section().shared_vpc == "managed",
            ),
            opts=opts,
        )

    def _fleet_access(
        self, name: str, spec: PlatformSpec, opts: pulumi.ResourceOptions
    ) -> FleetHostAccess | None:
        """The fleet host's agents' roles, when clusters live outside the fleet host project."""
        fleet = spec.fleet_project()
        others = sorted(
            {spec.cluster_project(c) for c in spec.clusters if isinstance(c, GkeClusterSpec)} - {fleet}
        )
        if not others:
            return None
        return FleetHostAccess(
            f"{name}-fleet-access",
            FleetHostAccessArgs(
                fleet_project=fleet, cluster_projects=others, mesh=spec.mesh.control_plane == "managed"
            ),
            opts=opts,
        )

    def _cluster(
        self,
        name: str,
        spec: PlatformSpec,
        cluster: GkeClusterSpec,
        opts: pulumi.ResourceOptions,
        network: pulumi.Input[str],
        subnetwork: pulumi.Input[str],
    ) -> PrivateGkeCluster:
        project = spec.cluster_project(cluster)
        return PrivateGkeCluster(
            f"{name}-{cluster.name}",
            PrivateGkeClusterArgs(
                project=project,
                network_project=spec.network_project(),
                fleet_project=spec.fleet_project(),
                after=tuple(self.shared_vpc.ready)
                if self.shared_vpc and project != spec.network_project()
                else (),
                membership_after=tuple(self.fleet_access.ready) if self.fleet_access else (),
                cluster=cluster,
                network=network,
                subnetwork=subnetwork,
                pods_range_name=pods_range_name(cluster.subnet),
                services_range_name=services_range_name(cluster.subnet),
                protect=spec.protect,
                name_prefix=spec.prefix,
            ),
            opts=opts,
        )


def _projects(spec: PlatformSpec) -> list[str]:
    """Every project the GKE side uses, the default one first: network, clusters, fleet."""
    found = [spec.gcp_section().project, spec.network_project()]
    found += [spec.cluster_project(c) for c in spec.clusters if isinstance(c, GkeClusterSpec)]
    found.append(spec.fleet_project())
    # The default project only when something lives in it.
    used = set(found[1:])
    return [p for p in dict.fromkeys(found) if p in used]
