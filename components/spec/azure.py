"""The Azure half of the spec: the `azure` section and clusters with `cloud: azure` (AKS with the
Istio service-mesh add-on, as Microsoft's "Deploy ingress gateways for Istio service mesh add-on for Azure
Kubernetes Service"). Rules across fields live in
`rules/azure.py`."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated, Literal, final

from pydantic import AfterValidator, Field

from .base import Bounds, Cidr, DnsLabel, Revision, SpecModel
from .cluster import ClusterModel, ControlPlaneKind, Created, Reach
from .errors import quoted
from .limits import NodeCount

if TYPE_CHECKING:
    from .models import PlatformSpec


class AzureNetworkSpec(SpecModel):
    name: DnsLabel
    """Virtual network name."""
    address_space: Cidr
    """The VNet's address space; both subnets lie in it."""
    node_subnet: Cidr
    """Subnet of the AKS nodes (Azure CNI overlay: Pods take no VNet addresses)."""
    internal_lb_subnet: Cidr
    """Subnet of internal load balancers: the add-on's internal ingress gateway gets its IP here
    (annotation `service.beta.kubernetes.io/azure-load-balancer-internal-subnet`)."""


class AzureSpec(SpecModel):
    resource_group: DnsLabel
    """Resource group this stack creates for the VNet and clusters (prefixed with namePrefix)."""
    location: DnsLabel
    """Azure region of the resource group and VNet, e.g. japaneast."""
    network: AzureNetworkSpec
    """The VNet of the AKS clusters: node and internal load balancer subnets."""


class AksPoolSpec(Bounds):
    vm_size: str = "Standard_D4s_v5"
    """VM size of the pool's nodes. Default Standard_D4s_v5: 4 vCPU, the mesh's minimum per node."""
    min: NodeCount = Field(default=1, ge=1)
    """Autoscaler minimum."""
    max: NodeCount = Field(default=3, ge=1)
    """Autoscaler maximum."""
    istio_replica_preferred: bool = False
    """Label the pool's nodes `azureservicemesh/istio.replica.preferred: "true"`, which the
    add-on's gateway Pods prefer by their own node affinity (meshfleet cannot change it: the
    add-on owns the Deployments). The weights depend on the revision (AKS release notes
    2026-06-19; Microsoft's "Deploy ingress gateways for Istio service mesh add-on for AKS"):
    before asm-1-30, AKS system nodes 100 and this label 50, so it draws gateways to the pool
    when the system pool is full; from asm-1-30, this label 100 and system nodes 50, so it
    draws them to the pool first. Applies to AKS clusters; on the user pool, where nothing else
    draws the gateways."""


class AksApiServerSpec(SpecModel):
    private: bool = True
    """A private API server (no public endpoint). Default true: safe by default."""
    authorized_ranges: list[Cidr] = []
    """With a public API server, the only ranges allowed to reach it. A public server needs at
    least one; refused on a private one (`private: true`), which is reached from its VNet."""


AddonRevision = Revision
"""An add-on revision, e.g. asm-1-24 (`az aks mesh get-revisions`)."""


_KEY_VAULT_ID = re.compile(
    r"^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\.KeyVault/vaults/[A-Za-z0-9-]{3,24}$"
)
_VAULT_OBJECT = re.compile(r"^[A-Za-z0-9-]{1,127}$")


def _key_vault_id(value: str) -> str:
    if not _KEY_VAULT_ID.fullmatch(value):
        raise ValueError(
            f"{quoted(value)} is not a Key Vault resource id "
            "(/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.KeyVault/vaults/<vault>)"
        )
    return value


def _vault_object(value: str) -> str:
    if not _VAULT_OBJECT.fullmatch(value):
        raise ValueError(f"{quoted(value)} is not a Key Vault secret name (1-127 letters, digits and '-')")
    return value


KeyVaultId = Annotated[str, AfterValidator(_key_vault_id)]
"""A Key Vault's resource id, as `az keyvault show --query id` prints it."""
VaultObjectName = Annotated[str, AfterValidator(_vault_object)]
"""The name of a Key Vault secret."""


class AksPluginCaSpec(SpecModel):
    """The add-on's plug-in CA, read from an existing Key Vault (Microsoft's "Plug in CA
    certificates for Istio-based service mesh add-on for AKS").

    The vault is yours, not meshfleet's: you sign the cluster's intermediate from the mesh's
    root and store the four PEMs as secrets (`az keyvault secret set`), so neither the root's
    key nor the intermediate's ever reaches a spec, a plan or Pulumi state. meshfleet enables
    the add-on's Key Vault secrets provider and grants its identity "Key Vault Secrets User" on
    the vault (an RBAC-enabled vault). Set it when the mesh is first enabled: Microsoft's guide
    does not support switching a running add-on mesh from its self-signed root to a plug-in CA
    (disable the mesh, then enable it with the plug-in CA). Applies to AKS clusters."""

    key_vault_id: KeyVaultId
    """Resource id of the vault holding the four secrets."""
    root: DnsLabel = "mesh-root"
    """The name of the root the intermediate chains to: give `mesh.trustRoot.name` when this
    cluster shares the in-cluster control planes' root, so that plans and `mesh.json` count
    them as one."""
    cert_object_name: VaultObjectName = "ca-cert"
    """Secret holding the intermediate certificate (PEM)."""
    key_object_name: VaultObjectName = "ca-key"
    """Secret holding the intermediate's private key (PEM)."""
    root_cert_object_name: VaultObjectName = "root-cert"
    """Secret holding the root certificate (PEM)."""
    cert_chain_object_name: VaultObjectName = "cert-chain"
    """Secret holding the chain: the intermediate, then the root (PEM)."""


class AksIstioSpec(SpecModel):
    revisions: list[AddonRevision] = Field(min_length=1, max_length=2)
    """Installed add-on revisions: one, or two during a canary upgrade (the add-on's limit)."""
    revision: AddonRevision | None = None
    """The revision namespaces are labelled with (`istio.io/rev`), one of `revisions` (refused
    otherwise). Default: the first of `revisions`."""
    plugin_ca: AksPluginCaSpec | None = None
    """The add-on's CA from Key Vault, so that one root can span AKS and in-cluster control
    planes. Default none: the add-on's istiod signs with a self-signed root of its own (then
    mTLS with other clusters' workloads fails under STRICT)."""


_GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_AKS_VERSION = re.compile(r"^[0-9]{1,2}\.[0-9]{1,3}(\.[0-9]{1,3})?$")


def _object_id(value: str) -> str:
    if not _GUID.fullmatch(value):
        raise ValueError(f"{quoted(value)} is not an Entra ID object id (a lowercase GUID)")
    return value


def _aks_version(value: str) -> str:
    if not _AKS_VERSION.fullmatch(value):
        raise ValueError(f"{quoted(value)} is not a Kubernetes version (e.g. 1.30 or 1.30.5)")
    return value


EntraObjectId = Annotated[str, AfterValidator(_object_id)]
"""An Entra ID object id: a lowercase GUID, as `az ad group show --query id` prints it."""
AksVersion = Annotated[str, AfterValidator(_aks_version)]
"""A Kubernetes version AKS takes: minor (1.30, then AKS picks the patch) or patch (1.30.5)."""


class AksEntraIdSpec(SpecModel):
    admin_group_object_ids: list[EntraObjectId] = Field(min_length=1)
    """Entra ID groups that administer the cluster; kubeconfigs then need kubelogin."""
    grant_deployer: bool = True
    """Give the identity that runs `pulumi up` (the Azure provider's client config) the role
    "Azure Kubernetes Service RBAC Cluster Admin" on the cluster. With Azure RBAC and no local
    accounts, Owner on the subscription grants no Kubernetes access, so without it the stack's
    own readiness gate and Kubernetes objects get 403 unless that identity is in an admin group.
    Default true; false when the deployer is in `adminGroupObjectIds` or is granted elsewhere."""


# final: pyright then refuses the model if it leaves out a trait of `ClusterModel`.
@final
class AksClusterSpec(ClusterModel):
    name: DnsLabel
    """Cluster name, unique in the platform."""
    cloud: Literal["azure"]
    """An AKS cluster with the Istio add-on."""
    location: DnsLabel
    """Azure region, e.g. japaneast."""
    kubernetes_version: AksVersion | None = None
    """AKS Kubernetes version. Default: AKS's default for new clusters."""
    api_server: AksApiServerSpec = AksApiServerSpec()
    """Reach of the cluster's API server: private (default) or public with authorized ranges."""
    system_pool: AksPoolSpec = AksPoolSpec()
    """The system pool, tainted `CriticalAddonsOnly=true:NoSchedule` (AKS's "Manage system node
    pools"): application Pods stay off it, while the add-on's components tolerate the taint
    since AKS release 2024-04-28 ("The Istio-based service mesh add-on components can now
    tolerate running on the system node pools with the CriticalAddonsOnly taint"), and its
    gateway Pods prefer system nodes (see `istioReplicaPreferred` for the weights)."""
    user_pool: AksPoolSpec = AksPoolSpec()
    """The pool application Pods run on."""
    istio: AksIstioSpec
    """The Istio add-on (serviceMeshProfile mode Istio)."""
    entra_id: AksEntraIdSpec | None = None
    """Entra ID integration with Azure RBAC. Default: none (local accounts)."""
    network: DnsLabel | None = None
    """The cluster's Istio network (`topology.istio.io/network`). Default: the cluster name."""
    sku_tier: Literal["Free", "Standard", "Premium"] = "Standard"
    """AKS tier; Standard gives the API server an uptime SLA."""
    outbound: Literal["loadBalancer", "managedNATGateway"] = "loadBalancer"
    """Node egress. Default loadBalancer, AKS's default."""

    def control_plane(self, platform: PlatformSpec) -> ControlPlaneKind:
        # AKS clusters always run the Istio add-on, whatever `mesh.controlPlane` says of GKE's.
        return "aks-addon"

    def reach(self) -> Reach:
        return Created()

    def default_network(self, platform: PlatformSpec) -> str:
        # Each AKS cluster is a network of its own: its Pods have overlay addresses.
        return self.name

    def revisions(self, platform: PlatformSpec) -> tuple[str, ...]:
        return tuple(self.istio.revisions)

    @property
    def internal_load_balancer(self) -> bool:
        # service.beta.kubernetes.io/azure-load-balancer-internal
        return True


ADDON_INGRESS_NAMESPACE = "aks-istio-ingress"
"""Where the Istio add-on runs its ingress gateways; the add-on creates and owns it."""

ADDON_SYSTEM_NAMESPACE = "aks-istio-system"
"""The add-on's control plane and Istio root namespace."""

LB_ANNOTATION = "service.beta.kubernetes.io/"
INTERNAL_SUBNET_ANNOTATION = LB_ANNOTATION + "azure-load-balancer-internal-subnet"

ADDON_SERVICE_ANNOTATIONS = frozenset(
    {
        INTERNAL_SUBNET_ANNOTATION,
        LB_ANNOTATION + "azure-shared-securityrule",
        LB_ANNOTATION + "azure-allowed-service-tags",
        LB_ANNOTATION + "azure-load-balancer-ipv4",
        LB_ANNOTATION + "azure-load-balancer-resource-group",
        LB_ANNOTATION + "azure-pip-name",
        "external-dns.alpha.kubernetes.io/hostname",
    }
)
"""Annotations the add-on supports on its gateway Services (Microsoft's "Deploy ingress gateways for Istio
service mesh add-on for Azure Kubernetes Service"; AKS docs, "Istio
service mesh add-on: ingress gateway customization"). The add-on reconciles its Services, and
keeps only the fields it allows customers to own; others are overwritten or break its
reconciliation."""

HEALTH_PROBE_ANNOTATION = re.compile(
    r"service\.beta\.kubernetes\.io/port_(80|443)_"
    r"(health-probe_(protocol|request-path|interval|num-of-probe|probe-threshold)|no_lb_rule|no_probe_rule)"
)
"""The load balancer's per-port health-probe annotations, which the add-on supports for ports 80
and 443 only (Microsoft's "ingress gateway customization"; cloud-provider-azure's annotation
names)."""


def addon_service_annotation(key: str) -> bool:
    """Whether the add-on supports annotation `key` on its gateway Services."""
    return key in ADDON_SERVICE_ANNOTATIONS or HEALTH_PROBE_ANNOTATION.fullmatch(key) is not None


def addon_gateway_name(addon: str) -> str:
    """The name of the add-on's `external` or `internal` ingress gateway (Service, Deployment,
    and the `istio` label of its Pods)."""
    return f"aks-istio-ingressgateway-{addon}"
