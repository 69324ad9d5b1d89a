"""PrivateGkeCluster: a hardened private GKE cluster ready for Cloud Service Mesh (Google's "Set up a
multi-cluster mesh on managed Cloud Service Mesh")."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_gcp as gcp
import pulumi_kubernetes as kubernetes

from components.spec import check_gke_cluster
from components.spec.models import GkeClusterSpec

from .kubeconfig import gke_kubeconfig
from .names import COMPUTE_NAME_LIMIT, NODE_POOL_NAME_LIMIT, fit, prefixed
from .node_identity import NODE_ROLES, node_service_account_id, role_suffix

TOKEN = "meshfleet:index:PrivateGkeCluster"

# A private control plane reaches nodes only on ports the GKE-made rule opens (10250, 443).
# The mesh's sidecar injector webhook listens on 15017, so without this the API server
# cannot inject sidecars or gateways (Google's "Set up a multi-cluster mesh on managed Cloud Service Mesh";
# terraform-google-kubernetes-engine's
# add_master_webhook_firewall_rules).
MASTER_TO_NODE_PORTS = ("10250", "443", "15017")

AUTOPILOT_OWNED = (
    # Fields GKE sets by itself on an Autopilot cluster, so that a refresh finds values the
    # program never wrote; ignored after creation, or every `pulumi up` would try to undo
    # them (hashicorp/terraform-provider-google#11133, #15484 and magic-modules#8654 for
    # dnsConfig; terraform-google-kubernetes-engine#2047 for gcfs, #2515 for
    # nodePoolAutoConfig's kubelet config; #1410, the ASM module's drift on Autopilot).
    "addonsConfig",
    "dnsConfig",
    "verticalPodAutoscaling",
    "nodeConfig",
    "nodePoolDefaults",
    "nodePoolAutoConfig.nodeKubeletConfig",
    "nodePoolAutoConfig.linuxNodeConfig",
    "clusterAutoscaling.enabled",
    "clusterAutoscaling.autoscalingProfile",
    "clusterAutoscaling.resourceLimits",
    "clusterAutoscaling.autoProvisioningDefaults.management",
    "clusterAutoscaling.autoProvisioningDefaults.imageType",
    "clusterAutoscaling.autoProvisioningDefaults.diskSize",
    "clusterAutoscaling.autoProvisioningDefaults.diskType",
    "clusterAutoscaling.autoProvisioningDefaults.shieldedInstanceConfig",
    "clusterAutoscaling.autoProvisioningDefaults.upgradeSettings",
    "enableShieldedNodes",
    "monitoringConfig",
    "loggingConfig",
    "securityPostureConfig",
)
"""Pulumi property paths (camelCase, as the engine takes `ignoreChanges`) Autopilot owns."""


def _assigned_later() -> pulumi.Output[str]:
    """An unknown value: GKE assigns the private endpoint when it creates the cluster.

    A real preview of a new cluster shows the field unknown; an offline preview, whose planned
    state is the program's own `privateClusterConfig`, has no such field. Unknown, not null:
    a plan never invents what only the cloud knows.
    """

    async def value(v: Any) -> Any:
        return v

    return pulumi.Output(set(), asyncio.ensure_future(value(None)), asyncio.ensure_future(value(False)))


def node_tag(cluster: str) -> str:
    """Explicit network tag of a cluster's nodes, so firewall rules never guess GKE's generated tag."""
    return f"{cluster}-nodes"


@dataclass(frozen=True)
class PrivateGkeClusterArgs:
    project: str
    """Project that owns the cluster and its node identity (a Shared VPC service project, or
    the one project of the platform)."""
    cluster: GkeClusterSpec
    """The validated cluster spec: location, master range, authorized networks, node pool."""
    network: pulumi.Input[str]
    """Self link or id of the VPC (GcpNetwork.network_id)."""
    subnetwork: pulumi.Input[str]
    """Self link or id of the subnet the nodes use."""
    pods_range_name: str
    """Name of the subnet's secondary range for Pods (IP aliasing)."""
    services_range_name: str
    """Name of the subnet's secondary range for Services."""
    protect: bool = False
    """Pulumi `protect` and GKE deletion protection; set in production."""
    name_prefix: str | None = None
    """Start of the physical names (cluster, fleet membership, node account, firewall rule),
    so that stacks sharing the project never collide; MeshPlatform passes the spec's prefix
    (the environment by default). None: the cluster's own name."""
    network_project: str | None = None
    """Project that owns the network, where the master webhook firewall rule goes (the Shared
    VPC host project). Default: `project`."""
    fleet_project: str | None = None
    """The fleet host project: the membership and the Workload Identity pool
    (`<fleet_project>.svc.id.goog`). Default: `project`."""
    after: tuple[pulumi.Resource, ...] = ()
    """What the cluster waits for: the Shared VPC attachment and IAM of its service project."""
    membership_after: tuple[pulumi.Resource, ...] = ()
    """What the membership waits for: the fleet host's agents' roles in this project."""


class PrivateGkeCluster(pulumi.ComponentResource):
    """A private, Workload Identity-enabled GKE cluster with its own node pool and fleet membership.

    Defaults are hardened (private nodes, authorized networks, shielded nodes, GKE metadata
    server, least-privilege node account); each is commented with its reason.

    Outputs: `cluster`, `node_pool`, `membership`, `provider` (resources), `cluster_name`,
    `membership_id`, `endpoint`, `kubeconfig` (secret), `node_tag`.
    """

    def __init__(
        self, name: str, args: PrivateGkeClusterArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        # The platform's rules for one cluster, before anything is registered: a library that
        # builds the component alone gets the same refusal as a spec (a /24 master range).
        check_gke_cluster(args.cluster, "PrivateGkeClusterArgs.cluster")
        super().__init__(TOKEN, name, None, opts)
        spec = args.cluster
        child = pulumi.ResourceOptions(parent=self)
        tag = node_tag(spec.name)
        # The spec refuses a prefixed cluster name over GKE's 40 characters rather than cut it:
        # it is the name people type.
        physical = prefixed(args.name_prefix, spec.name)

        self.node_service_account = gcp.serviceaccount.Account(
            f"{name}-nodes",
            project=args.project,
            account_id=node_service_account_id(physical),
            display_name=f"GKE nodes of {physical}",
            opts=child,
        )
        member = self.node_service_account.email.apply(lambda email: f"serviceAccount:{email}")
        self.node_roles = [
            gcp.projects.IAMMember(
                f"{name}-nodes-{role_suffix(role)}",
                project=args.project,
                role=role,
                member=member,
                opts=child,
            )
            for role in NODE_ROLES
        ]

        fleet_project = args.fleet_project or args.project
        common: dict[str, Any] = {
            "name": physical,
            "project": args.project,
            "location": spec.location,
            "network": args.network,
            "subnetwork": args.subnetwork,
            "networking_mode": "VPC_NATIVE",
            "ip_allocation_policy": gcp.container.ClusterIpAllocationPolicyArgs(
                cluster_secondary_range_name=args.pods_range_name,
                services_secondary_range_name=args.services_range_name,
            ),
            "private_cluster_config": gcp.container.ClusterPrivateClusterConfigArgs(
                enable_private_nodes=True,
                # The public endpoint stays, closed to all but the authorized networks, so
                # CI can reach the API server; nodes have no public IP at all.
                enable_private_endpoint=False,
                master_ipv4_cidr_block=spec.master_cidr,
                master_global_access_config=gcp.container.ClusterPrivateClusterConfigMasterGlobalAccessConfigArgs(
                    enabled=spec.master_global_access
                ),
            ),
            # Always on, even with no ranges listed: then only private addresses reach the API.
            "master_authorized_networks_config": gcp.container.ClusterMasterAuthorizedNetworksConfigArgs(
                cidr_blocks=[
                    gcp.container.ClusterMasterAuthorizedNetworksConfigCidrBlockArgs(
                        cidr_block=n.cidr, display_name=n.name
                    )
                    for n in spec.authorized_networks
                ],
            ),
            # Cloud Service Mesh needs Workload Identity; Pods get KSA-bound identities instead
            # of the node's. The fleet host's pool: clusters of several projects in one fleet
            # share it (Google's multi-project Cloud Service Mesh setup).
            "workload_identity_config": gcp.container.ClusterWorkloadIdentityConfigArgs(
                workload_pool=f"{fleet_project}.svc.id.goog"
            ),
            # The managed control plane follows the cluster's release channel.
            "release_channel": gcp.container.ClusterReleaseChannelArgs(channel=spec.release_channel),
        }
        if spec.autopilot:
            self.cluster = gcp.container.Cluster(
                f"{name}-cluster",
                **common,
                enable_autopilot=True,
                # Autopilot's nodes run as the least-privilege account too, not as the
                # Compute Engine default one, and carry the tag the firewall rules target.
                cluster_autoscaling=gcp.container.ClusterClusterAutoscalingArgs(
                    auto_provisioning_defaults=gcp.container.ClusterClusterAutoscalingAutoProvisioningDefaultsArgs(
                        service_account=self.node_service_account.email,
                        oauth_scopes=["https://www.googleapis.com/auth/cloud-platform"],
                    )
                ),
                node_pool_auto_config=gcp.container.ClusterNodePoolAutoConfigArgs(
                    network_tags=gcp.container.ClusterNodePoolAutoConfigNetworkTagsArgs(tags=[tag])
                ),
                deletion_protection=args.protect,
                opts=pulumi.ResourceOptions(
                    parent=self,
                    protect=args.protect,
                    depends_on=[*args.after, *self.node_roles],
                    ignore_changes=list(AUTOPILOT_OWNED),
                ),
            )
            self.node_pool: gcp.container.NodePool | None = None
        else:
            self.cluster = gcp.container.Cluster(
                f"{name}-cluster",
                **common,
                enable_shielded_nodes=True,
                # The default pool cannot be configured the way we need; GKE still wants one at
                # creation, so it is created with one node and deleted at once.
                remove_default_node_pool=True,
                initial_node_count=1,
                deletion_protection=args.protect,
                opts=pulumi.ResourceOptions(parent=self, protect=args.protect, depends_on=list(args.after)),
            )
            self.node_pool = self._node_pool(name, spec, args, tag)

        self.master_webhook_firewall = gcp.compute.Firewall(
            f"{name}-master-webhooks",
            name=fit(physical, COMPUTE_NAME_LIMIT, suffix="-master-webhooks"),
            # Firewall rules belong to the network's project (the Shared VPC host).
            project=args.network_project or args.project,
            network=args.network,
            direction="INGRESS",
            source_ranges=[spec.master_cidr],
            target_tags=[tag],
            allows=[gcp.compute.FirewallAllowArgs(protocol="tcp", ports=list(MASTER_TO_NODE_PORTS))],
            opts=child,
        )

        # A global membership, made here rather than through the cluster's `fleet` block: that
        # block registers a regional membership, which Multi Cluster Ingress and other fleet
        # features do not support (terraform-provider-google #16795).
        self.membership = gcp.gkehub.Membership(
            f"{name}-membership",
            project=fleet_project,
            membership_id=physical,
            location="global",
            endpoint=gcp.gkehub.MembershipEndpointArgs(
                gke_cluster=gcp.gkehub.MembershipEndpointGkeClusterArgs(
                    resource_link=self.cluster.id.apply(lambda cid: f"//container.googleapis.com/{cid}")
                )
            ),
            # The fleet's Workload Identity trusts this cluster's issuer.
            authority=gcp.gkehub.MembershipAuthorityArgs(
                issuer=self.cluster.id.apply(lambda cid: f"https://container.googleapis.com/v1/{cid}")
            ),
            opts=pulumi.ResourceOptions(parent=self, depends_on=list(args.membership_after)),
        )

        context = f"gke_{args.project}_{spec.location}_{physical}"
        self.kubeconfig = pulumi.Output.secret(
            pulumi.Output.all(self.cluster.endpoint, self.cluster.master_auth.cluster_ca_certificate).apply(
                lambda parts: gke_kubeconfig(context, parts[0], parts[1] or "")
            )
        )
        # Kubernetes objects wait for the node pool: gateways need nodes to schedule on.
        # Autopilot makes nodes for the Pods that need them.
        self.provider = kubernetes.Provider(
            f"{name}-k8s",
            kubeconfig=self.kubeconfig,
            opts=pulumi.ResourceOptions(parent=self, depends_on=self.nodes),
        )

        self.cluster_name = self.cluster.name
        self.endpoint = self.cluster.endpoint
        # The control plane's address inside the VPC: what other clusters' control planes (and
        # istioctl's remote secrets, Google's "Set up a multi-cluster mesh on managed Cloud Service Mesh")
        # reach, whatever the authorized networks say.
        self.private_endpoint: pulumi.Output[str] = self.cluster.private_cluster_config.apply(
            lambda c: c.private_endpoint if c and c.private_endpoint else _assigned_later()
        )
        self.membership_id = self.membership.membership_id
        self.membership_name = self.membership.name
        self.node_tag = tag
        self.register_outputs(
            {
                "cluster_name": self.cluster_name,
                "endpoint": self.endpoint,
                "private_endpoint": self.private_endpoint,
                "membership_id": self.membership_id,
                "kubeconfig": self.kubeconfig,
                "node_tag": self.node_tag,
            }
        )

    @property
    def nodes(self) -> list[pulumi.Resource]:
        """The cluster's node pool, or nothing on Autopilot: what needs nodes waits for these."""
        return [self.node_pool] if self.node_pool is not None else []

    def _node_pool(
        self, name: str, spec: GkeClusterSpec, args: PrivateGkeClusterArgs, tag: str
    ) -> gcp.container.NodePool:
        return gcp.container.NodePool(
            f"{name}-pool",
            # Unique within its cluster only, so no prefix; a long cluster name is cut to fit.
            name=fit(spec.name, NODE_POOL_NAME_LIMIT, suffix="-pool"),
            project=args.project,
            location=spec.location,
            cluster=self.cluster.name,
            node_locations=spec.node_pool.zones,
            # Start at the autoscaler's floor (at least one node, so gateways can schedule
            # during the first `pulumi up`); counts are per zone for a regional cluster.
            initial_node_count=max(spec.node_pool.min, 1),
            autoscaling=gcp.container.NodePoolAutoscalingArgs(
                min_node_count=spec.node_pool.min, max_node_count=spec.node_pool.max
            ),
            management=gcp.container.NodePoolManagementArgs(auto_repair=True, auto_upgrade=True),
            node_config=gcp.container.NodePoolNodeConfigArgs(
                machine_type=spec.node_pool.machine_type,
                disk_size_gb=spec.node_pool.disk_size_gb,
                service_account=self.node_service_account.email,
                # Access is governed by the account's IAM roles, not by legacy scopes.
                oauth_scopes=["https://www.googleapis.com/auth/cloud-platform"],
                tags=[tag],
                # Pods see the GKE metadata server, never the node's credentials.
                workload_metadata_config=gcp.container.NodePoolNodeConfigWorkloadMetadataConfigArgs(
                    mode="GKE_METADATA"
                ),
                shielded_instance_config=gcp.container.NodePoolNodeConfigShieldedInstanceConfigArgs(
                    enable_secure_boot=True, enable_integrity_monitoring=True
                ),
            ),
            # GKE reads the count only at creation, and a change replaces the pool; the
            # autoscaler or a manual resize moves the real count, so a later spec edit of
            # `min` (which seeds it) must never recreate every node.
            opts=pulumi.ResourceOptions(parent=self, ignore_changes=["initial_node_count"]),
        )


class ReachedGkeCluster(pulumi.ComponentResource):
    """A GKE cluster that another stack (the clusters layer) built, reached from a layer above.

    It creates nothing in the cloud: only the Kubernetes provider, from the kubeconfig the
    clusters layer exports (a secret). It has the `PrivateGkeCluster` type and name, so the
    provider's URN is the one the whole stack gives it, and `pulumi state move` carries the
    objects that use it into the layer without replacing them.

    Outputs: `provider`, `kubeconfig` (secret).
    """

    def __init__(
        self, name: str, kubeconfig: pulumi.Input[str], opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__(TOKEN, name, None, opts)
        self.kubeconfig = pulumi.Output.secret(kubeconfig)
        self.provider = kubernetes.Provider(
            f"{name}-k8s", kubeconfig=self.kubeconfig, opts=pulumi.ResourceOptions(parent=self)
        )
        self.register_outputs({"kubeconfig": self.kubeconfig})
