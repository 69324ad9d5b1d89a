"""AksFleet: a platform's AKS clusters, from the resource group to the Istio add-on on each.

This is what `components.clouds` registers for `cloud: azure`. It builds the resource group
and VNet, then one AksCluster per AKS cluster of the spec, with the add-on's ingress gateways
the spec places on it, and describes each to the mesh layer as a `MeshCluster`.

A builder, not a ComponentResource, as GkeFleet: its resources are children of the
`MeshPlatform` it builds for.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pulumi

from components.mesh.cluster import ControlPlane, MeshCluster
from components.render.injection import REVISION_LABEL
from components.spec.azure import ADDON_SYSTEM_NAMESPACE, AksClusterSpec
from components.spec.models import PlatformSpec
from components.spec.placement import placed_on

from .cluster import AksCluster, AksClusterArgs
from .network import AzureNetwork, AzureNetworkArgs


class AksFleet:
    """The AKS clusters of `spec` (those with `cloud: azure`), each with the Istio add-on.

    Attributes: `network` (AzureNetwork), `aks` (AksCluster by spec name), and `clusters`, the
    `MeshCluster` of each for the mesh layer: namespaces are labelled
    `istio.io/rev=<revision>` (the add-on injects by revision only, never by
    `istio-injection=enabled`), and mesh-wide policies go to `aks-istio-system`.
    """

    def __init__(self, name: str, spec: PlatformSpec, parent: pulumi.Resource) -> None:
        azure = spec.azure_section()
        child = pulumi.ResourceOptions(parent=parent)
        self.network = AzureNetwork(
            f"{name}-azure-network",
            AzureNetworkArgs(azure=azure, protect=spec.protect, name_prefix=spec.prefix),
            opts=child,
        )
        self.aks = {
            c.name: self._cluster(name, spec, c, child)
            for c in spec.clusters
            if isinstance(c, AksClusterSpec)
        }
        self._clusters = {
            n: MeshCluster(
                name=n,
                provider=c.provider,
                # The add-on is part of the ManagedCluster; its gate says its CRDs are served
                # and the labelled revision's istiod runs.
                control_plane=ControlPlane(
                    ready=(c.cluster, c.mesh_ready),
                    injection_labels={REVISION_LABEL: c.revision},
                    revisions=spec.revisions(c.cluster_spec),
                    root_namespace=ADDON_SYSTEM_NAMESPACE,
                ),
                cluster_name=c.cluster_name,
                kubeconfig=c.kubeconfig,
            )
            for n, c in self.aks.items()
        }

    @property
    def clusters(self) -> Mapping[str, MeshCluster]:
        return self._clusters

    @property
    def exports(self) -> Mapping[str, Any]:
        return {
            "azureResourceGroup": self.network.resource_group_name,
            "azureVnetId": self.network.vnet_id,
            "oidcIssuerUrls": {n: c.oidc_issuer_url for n, c in self.aks.items()},
        }

    def _cluster(
        self, name: str, spec: PlatformSpec, cluster: AksClusterSpec, opts: pulumi.ResourceOptions
    ) -> AksCluster:
        return AksCluster(
            f"{name}-{cluster.name}",
            AksClusterArgs(
                cluster=cluster,
                resource_group_name=self.network.resource_group_name,
                vnet_id=self.network.vnet_id,
                node_subnet_id=self.network.node_subnet_id,
                internal_lb_subnet_name=self.network.internal_lb_subnet_name,
                ingress_gateways=[
                    g for g in spec.gateways if g.addon is not None and placed_on(g.clusters, cluster.name)
                ],
                protect=spec.protect,
                name_prefix=spec.prefix,
            ),
            opts=opts,
        )
