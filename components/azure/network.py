"""AzureNetwork: a resource group and a VNet with a node subnet and an internal-LB subnet."""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_azure_native as azure_native

from components.spec.azure import AzureSpec

from .names import INTERNAL_LB_SUBNET, NODE_SUBNET, prefixed

TOKEN = "meshfleet:index:AzureNetwork"


@dataclass(frozen=True)
class AzureNetworkArgs:
    azure: AzureSpec
    """The validated `azure` section: resource group, region, VNet ranges."""
    protect: bool = False
    """Pulumi `protect` on the resource group and VNet, and a CanNotDelete lock on the
    resource group; set in production."""
    name_prefix: str | None = None
    """Start of the resource group's name, so that stacks sharing a subscription never
    collide; MeshPlatform passes the spec's prefix. None: the spec's name."""


class AzureNetwork(pulumi.ComponentResource):
    """A resource group with one VNet, its node subnet and its internal-load-balancer subnet.

    With `protect`, besides Pulumi's `protect`, the resource group gets Azure's own deletion
    safeguard, a `CanNotDelete` management lock: AKS has no deletion-protection flag of its own
    (GKE has `deletion_protection`), and a lock on the group covers everything in it (the VNet,
    the clusters) against a delete from any tool, the portal and `az` included. Removing it
    takes Microsoft.Authorization/locks/delete (Owner or User Access Administrator), so tearing
    down production is two deliberate steps. AKS's node resource group (MC_...) is not locked:
    AKS documents locks there as unsupported.

    Outputs: `resource_group`, `vnet`, `lock` (None without protect), `resource_group_name`,
    `vnet_id`, `node_subnet_id`, `internal_lb_subnet_name`.
    """

    def __init__(self, name: str, args: AzureNetworkArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(TOKEN, name, None, opts)
        spec = args.azure
        guarded = pulumi.ResourceOptions(parent=self, protect=args.protect)

        self.resource_group = azure_native.resources.ResourceGroup(
            f"{name}-rg",
            resource_group_name=prefixed(args.name_prefix, spec.resource_group),
            location=spec.location,
            opts=guarded,
        )
        self.lock = (
            azure_native.authorization.ManagementLockAtResourceGroupLevel(
                f"{name}-lock",
                lock_name="meshfleet-protect",
                level=azure_native.authorization.LockLevel.CAN_NOT_DELETE,
                notes="platform.protect: delete nothing here before turning protect off",
                resource_group_name=self.resource_group.name,
                opts=pulumi.ResourceOptions(parent=self),
            )
            if args.protect
            else None
        )

        net = spec.network
        # Subnets inline, not as Subnet resources: a VNet update that lists no subnets would
        # remove separately managed ones, and two resources owning one list fight on every
        # update (pulumi-azure-native #611).
        self.vnet = azure_native.network.VirtualNetwork(
            f"{name}-vnet",
            virtual_network_name=net.name,
            resource_group_name=self.resource_group.name,
            location=spec.location,
            address_space=azure_native.network.AddressSpaceArgs(address_prefixes=[net.address_space]),
            subnets=[
                azure_native.network.SubnetArgs(name=NODE_SUBNET, address_prefix=net.node_subnet),
                azure_native.network.SubnetArgs(
                    name=INTERNAL_LB_SUBNET, address_prefix=net.internal_lb_subnet
                ),
            ],
            opts=guarded,
        )

        self.resource_group_name: pulumi.Output[str] = self.resource_group.name
        self.vnet_id: pulumi.Output[str] = self.vnet.id
        # ARM ids of child resources are the parent's id and a path: known as soon as the
        # VNet's id is, without waiting on the provider's subnet list.
        self.node_subnet_id: pulumi.Output[str] = self.vnet.id.apply(
            lambda vid: f"{vid}/subnets/{NODE_SUBNET}"
        )
        self.internal_lb_subnet_name = INTERNAL_LB_SUBNET
        self.register_outputs(
            {
                "resource_group_name": self.resource_group_name,
                "vnet_id": self.vnet_id,
                "node_subnet_id": self.node_subnet_id,
                "internal_lb_subnet_name": self.internal_lb_subnet_name,
            }
        )
