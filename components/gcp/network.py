"""GcpNetwork: a custom-mode VPC with private subnets and Cloud NAT (Google's "Set up a multi-cluster mesh
on managed Cloud Service Mesh")."""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_gcp as gcp

from components.spec.models import GcpNetworkSpec

from .names import COMPUTE_NAME_LIMIT, fit, prefixed

TOKEN = "meshfleet:index:GcpNetwork"


def pods_range_name(subnet: str) -> str:
    """Name of a subnet's Pod secondary range; clusters refer to it by this name."""
    return fit(subnet, COMPUTE_NAME_LIMIT, suffix="-pods")


def services_range_name(subnet: str) -> str:
    """Name of a subnet's Service secondary range; clusters refer to it by this name."""
    return fit(subnet, COMPUTE_NAME_LIMIT, suffix="-services")


@dataclass(frozen=True)
class GcpNetworkArgs:
    project: str
    """Project that owns the network."""
    network: GcpNetworkSpec
    """The validated network spec: VPC name, subnets with secondary ranges, NAT logging."""
    protect: bool = False
    """Protect the VPC and subnets from `pulumi destroy`; set in production."""
    name_prefix: str | None = None
    """Start of the physical names (VPC, subnets, routers, NATs), so that stacks sharing the
    project never collide; MeshPlatform passes the spec's prefix. None: the spec's names."""


class GcpNetwork(pulumi.ComponentResource):
    """Custom-mode VPC, one subnet per spec entry, and a Cloud Router + NAT per region.

    Outputs: `network` and `subnets` (resources), `network_id`, `network_name`,
    `subnet_ids` (by subnet name), `routers` and `nats` (by region).
    """

    network: gcp.compute.Network
    subnets: dict[str, gcp.compute.Subnetwork]
    routers: dict[str, gcp.compute.Router]
    nats: dict[str, gcp.compute.RouterNat]

    def __init__(self, name: str, args: GcpNetworkArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(TOKEN, name, None, opts)
        spec = args.network
        vpc = fit(prefixed(args.name_prefix, spec.name), COMPUTE_NAME_LIMIT)
        child = pulumi.ResourceOptions(parent=self)
        guarded = pulumi.ResourceOptions(parent=self, protect=args.protect)

        self.network = gcp.compute.Network(
            f"{name}-vpc",
            name=vpc,
            project=args.project,
            # Custom mode: auto mode would create a subnet in every region with ranges
            # that collide with the ones we plan.
            auto_create_subnetworks=False,
            routing_mode="REGIONAL",
            opts=guarded,
        )

        self.subnets = {}
        for subnet in spec.subnets:
            self.subnets[subnet.name] = gcp.compute.Subnetwork(
                f"{name}-{subnet.name}",
                name=fit(prefixed(args.name_prefix, subnet.name), COMPUTE_NAME_LIMIT),
                project=args.project,
                region=subnet.region,
                network=self.network.id,
                ip_cidr_range=subnet.cidr,
                # Private nodes have no external IP: Private Google Access lets them reach
                # Artifact Registry and other Google APIs (Google's "Set up a multi-cluster mesh on managed
                # Cloud Service Mesh").
                private_ip_google_access=True,
                secondary_ip_ranges=[
                    gcp.compute.SubnetworkSecondaryIpRangeArgs(
                        range_name=pods_range_name(subnet.name), ip_cidr_range=subnet.pods
                    ),
                    gcp.compute.SubnetworkSecondaryIpRangeArgs(
                        range_name=services_range_name(subnet.name), ip_cidr_range=subnet.services
                    ),
                ],
                opts=guarded,
            )

        self.routers = {}
        self.nats = {}
        for region in sorted({s.region for s in spec.subnets}):
            router = gcp.compute.Router(
                f"{name}-router-{region}",
                name=fit(f"{vpc}-{region}", COMPUTE_NAME_LIMIT, suffix="-router"),
                project=args.project,
                region=region,
                network=self.network.id,
                opts=child,
            )
            logging = spec.nat.logging != "NONE"
            self.routers[region] = router
            self.nats[region] = gcp.compute.RouterNat(
                f"{name}-nat-{region}",
                name=fit(f"{vpc}-{region}", COMPUTE_NAME_LIMIT, suffix="-nat"),
                project=args.project,
                region=region,
                router=router.name,
                # Auto-allocated IPs and every range of every subnet, as Google's "Set up a multi-cluster
                # mesh on managed Cloud Service Mesh":
                # nodes and Pods both pull images from the internet (Docker Hub).
                nat_ip_allocate_option="AUTO_ONLY",
                source_subnetwork_ip_ranges_to_nat="ALL_SUBNETWORKS_ALL_IP_RANGES",
                log_config=gcp.compute.RouterNatLogConfigArgs(
                    enable=logging, filter=spec.nat.logging if logging else "ALL"
                ),
                opts=child,
            )

        self.network_id = self.network.id
        self.network_name = self.network.name
        self.subnet_ids = {k: v.id for k, v in self.subnets.items()}
        self.register_outputs(
            {"network_id": self.network_id, "network_name": self.network_name, "subnet_ids": self.subnet_ids}
        )
