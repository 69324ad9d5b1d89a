"""AksCluster: a hardened AKS cluster with the Istio service-mesh add-on (Microsoft's "Deploy ingress
gateways for Istio service mesh add-on for Azure Kubernetes Service")."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pulumi
import pulumi_azure_native as azure_native
import pulumi_kubernetes as kubernetes

from components.mesh.readiness import (
    ConditionCheck,
    ControlPlaneReadiness,
    ControlPlaneReadinessArgs,
    ObjectRef,
)
from components.render.addon import addon_service_patch
from components.spec import check_aks_cluster
from components.spec.azure import (
    ADDON_INGRESS_NAMESPACE,
    ADDON_SYSTEM_NAMESPACE,
    AksClusterSpec,
    AksPoolSpec,
    addon_gateway_name,
)
from components.spec.models import GatewaySpec
from components.spec.rules.azure import AKS_POD_CIDR, AKS_SERVICE_CIDR
from components.spec.trust import TRUST_ROOT_TAG

from .kubeconfig import decode_kubeconfig, kubelogin_kubeconfig
from .names import SYSTEM_POOL, USER_POOL, prefixed

cs = azure_native.containerservice

TOKEN = "meshfleet:index:AksCluster"

# The cluster DNS Service's IP: AKS's default, inside AKS_SERVICE_CIDR (the tenth address).
DNS_SERVICE_IP = "10.0.0.10"

# Built-in role "Network Contributor": the cluster's identity joins nodes to the node subnet
# and creates internal load balancers in the VNet's subnets. With a VNet of our own AKS needs
# it granted before it creates anything there (AKS docs, "Use a managed identity in AKS":
# az aks create grants it itself, an ARM deployment must).
NETWORK_CONTRIBUTOR = "4d97b98b-1d4f-4787-a291-c67834d212e7"

# Built-in role "Azure Kubernetes Service RBAC Cluster Admin": every Kubernetes action on the
# cluster through Azure RBAC (Microsoft's docs, "Use Azure RBAC for Kubernetes Authorization").
AKS_RBAC_CLUSTER_ADMIN = "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b"

# The system pool keeps application Pods off: AKS's recommended taint for system pools, which
# the Istio add-on's components tolerate since AKS release 2024-04-28 (CHANGELOG: "can now
# tolerate running on the system node pools with the CriticalAddonsOnly taint").
CRITICAL_ADDONS_ONLY = "CriticalAddonsOnly=true:NoSchedule"

# The add-on's two ingress gateways, in the order the ManagedCluster lists them.
ADDON_GATEWAY_MODES = (
    ("external", cs.IstioIngressGatewayMode.EXTERNAL),
    ("internal", cs.IstioIngressGatewayMode.INTERNAL),
)

# The node label the add-on's gateway Pods prefer, in their own node affinity (before asm-1-30
# weight 50 against AKS system nodes' 100; from asm-1-30 100 against 50, AKS release notes
# 2026-06-19): the add-on owns the Deployments, so a label is all meshfleet can add.
REPLICA_PREFERRED = "azureservicemesh/istio.replica.preferred"

# Built-in role "Key Vault Secrets User": reads secret contents, nothing else. Microsoft's "Plug
# in CA certificates for Istio-based service mesh add-on for AKS" grants it to the add-on's
# Key Vault secrets provider identity on the vault that holds the CA.
KEY_VAULT_SECRETS_USER = "4633458b-17de-408a-b874-0445c86b69e6"

# The add-on (ManagedCluster addonProfiles key) whose CSI driver mounts the plug-in CA into the
# add-on's istiod; the identity AKS gives it is the one the vault must trust.
SECRETS_PROVIDER = "azureKeyvaultSecretsProvider"


def secrets_provider_object_id(profiles: Any) -> Any:
    """The object id of the Key Vault secrets provider's identity, from the cluster's
    `addonProfiles` output; None until AKS has created the add-on."""
    profile = (profiles or {}).get(SECRETS_PROVIDER)
    identity = getattr(profile, "identity", None)
    return getattr(identity, "object_id", None)


def _unknown() -> pulumi.Output[Any]:
    loop = asyncio.get_event_loop()
    value, known = loop.create_future(), loop.create_future()
    value.set_result(None)
    known.set_result(False)
    return pulumi.Output(set(), value, known)


def addon_principal(profiles: Any) -> Any:
    """The grant's principal: the add-on's identity, unknown in a preview of a cluster that has
    yet to enable the add-on (its planned `addonProfiles` are the inputs, without the identity
    AKS creates), and an error, never an empty principal, if AKS returned none."""
    object_id = secrets_provider_object_id(profiles)
    if object_id is not None:
        return object_id
    if pulumi.runtime.is_dry_run():
        return _unknown()
    raise ValueError(f"AKS returned no identity for the {SECRETS_PROVIDER} add-on")


def addon_istiod_check(revision: str) -> ConditionCheck:
    """The add-on's istiod of `revision` (Deployment `istiod-<revision>` in aks-istio-system),
    ready when `Available`: the injector that namespaces labelled with it need is running."""
    return ConditionCheck(
        group_version="apps/v1",
        plural="deployments",
        namespace=ADDON_SYSTEM_NAMESPACE,
        name=f"istiod-{revision}",
        condition="Available",
    )


def addon_service_ref(gateway: GatewaySpec) -> ObjectRef:
    """The add-on's Service of the add-on gateway `gateway`, which the gate waits to exist."""
    return ObjectRef(
        group_version="v1",
        plural="services",
        namespace=ADDON_INGRESS_NAMESPACE,
        name=addon_gateway_name(gateway.addon or ""),
    )


def role_definition(resource_id: pulumi.Input[str], role: str) -> pulumi.Output[str]:
    """The id of built-in `role` in the subscription of `resource_id` (an ARM id)."""
    return pulumi.Output.from_input(resource_id).apply(
        lambda rid: (
            f"/subscriptions/{rid.split('/')[2]}/providers/Microsoft.Authorization/roleDefinitions/{role}"
        )
    )


def kubeconfig_from_credentials(result: Any, entra_id: bool, login: str) -> Any:
    """The kubeconfig of a `listClusterUserCredential` result: decoded, and converted for
    kubelogin with Entra ID.

    Never called for a cluster a preview has yet to create: the call takes the cluster's
    `name` output, unknown until it exists, so the credentials stay unknown (as offline)."""
    configs = getattr(result, "kubeconfigs", None) or []
    if not configs or not getattr(configs[0], "value", None):
        raise ValueError("AKS returned no kubeconfig in the cluster's user credentials")
    text = decode_kubeconfig(configs[0].value)
    return kubelogin_kubeconfig(text, login) if entra_id else text


@dataclass(frozen=True)
class AksClusterArgs:
    cluster: AksClusterSpec
    """The validated cluster spec: region, API server access, pools, add-on revisions, Entra ID."""
    resource_group_name: pulumi.Input[str]
    """Resource group of the cluster (AzureNetwork.resource_group_name)."""
    vnet_id: pulumi.Input[str]
    """The VNet the cluster's identity may use (Network Contributor is granted on it)."""
    node_subnet_id: pulumi.Input[str]
    """Subnet of the nodes (AzureNetwork.node_subnet_id)."""
    internal_lb_subnet_name: str | None = None
    """Name of the VNet's internal-LB subnet: the add-on's internal gateway takes its IP there
    (`azure-load-balancer-internal-subnet`) unless the gateway's annotations name another.
    None: AKS's default, the node subnet."""
    ingress_gateways: Sequence[GatewaySpec] = field(default_factory=tuple)
    """The add-on gateways (`addon` set) placed on this cluster: the add-on runs each, and the
    ones the spec customizes get a patch of their Service. Default none."""
    protect: bool = False
    """Pulumi `protect` on the ManagedCluster; set in production (AzureNetwork's lock covers
    Azure-side deletes)."""
    name_prefix: str | None = None
    """Start of the cluster's name and DNS prefix, so that stacks sharing a subscription never
    collide; MeshPlatform passes the spec's prefix. None: the cluster's own name."""
    kubelogin_login: str = "azurecli"
    """kubelogin's login mode in the kubeconfig of an Entra ID cluster (see `kubeconfig.py`).
    Default azurecli: the `az login` session."""


class AksCluster(pulumi.ComponentResource):
    """An AKS cluster on a VNet of ours, with the Istio service-mesh add-on.

    Defaults are hardened, each with its reason below: a private or IP-restricted API server,
    OIDC issuer and workload identity, Azure CNI overlay, a tainted system pool apart from the
    user pool, a user-assigned control-plane identity with only Network Contributor on the VNet.

    Outputs: `identity`, `network_role`, `vault_role` (with a plug-in CA), `cluster`, `provider`,
    `mesh_ready` (the readiness gate), `service_patches` (by gateway name), `cluster_name`, `oidc_issuer_url`,
    `kubeconfig` (secret), `revision` (the one namespaces are labelled with), `cluster_spec`.
    """

    def __init__(self, name: str, args: AksClusterArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        # The platform's rules for one AKS cluster, before anything is registered, for a
        # library that builds the component alone (a public API server open to all, a 2-vCPU pool).
        check_aks_cluster(args.cluster, "AksClusterArgs.cluster")
        super().__init__(TOKEN, name, None, opts)
        spec = args.cluster
        child = pulumi.ResourceOptions(parent=self)
        physical = prefixed(args.name_prefix, spec.name)

        # A user-assigned identity exists before the cluster, so its role on the VNet is in
        # place when AKS first joins nodes to the subnet; a system-assigned one would only
        # exist (and be granted) after the create that needs it.
        self.identity = azure_native.managedidentity.UserAssignedIdentity(
            f"{name}-identity",
            resource_name_=f"{physical}-control-plane",
            resource_group_name=args.resource_group_name,
            location=spec.location,
            opts=child,
        )
        self.network_role = azure_native.authorization.RoleAssignment(
            f"{name}-network-contributor",
            scope=args.vnet_id,
            principal_id=self.identity.principal_id,
            principal_type=azure_native.authorization.PrincipalType.SERVICE_PRINCIPAL,
            role_definition_id=role_definition(args.vnet_id, NETWORK_CONTRIBUTOR),
            opts=child,
        )

        api = spec.api_server
        gateways = sorted(args.ingress_gateways, key=lambda g: g.addon or "")
        entra = spec.entra_id
        plugin = spec.istio.plugin_ca
        self.cluster = cs.ManagedCluster(
            f"{name}-cluster",
            resource_name_=physical,
            resource_group_name=args.resource_group_name,
            location=spec.location,
            dns_prefix=physical,
            kubernetes_version=spec.kubernetes_version,
            sku=cs.ManagedClusterSKUArgs(name=cs.ManagedClusterSKUName.BASE, tier=spec.sku_tier),
            identity=cs.ManagedClusterIdentityArgs(
                type=cs.ResourceIdentityType.USER_ASSIGNED,
                user_assigned_identities=[self.identity.id],
            ),
            agent_pool_profiles=[
                self._pool(
                    SYSTEM_POOL, "System", spec.system_pool, args.node_subnet_id, [CRITICAL_ADDONS_ONLY]
                ),
                self._pool(USER_POOL, "User", spec.user_pool, args.node_subnet_id, None),
            ],
            # Private: no public endpoint at all. Public: closed to all but the listed ranges
            # (the spec refuses a public server with none).
            api_server_access_profile=cs.ManagedClusterAPIServerAccessProfileArgs(
                enable_private_cluster=True, private_dns_zone="system"
            )
            if api.private
            else cs.ManagedClusterAPIServerAccessProfileArgs(
                authorized_ip_ranges=list(api.authorized_ranges)
            ),
            # Pods get Entra ID workload identities federated through the cluster's issuer,
            # instead of sharing the nodes' identity.
            oidc_issuer_profile=cs.ManagedClusterOIDCIssuerProfileArgs(enabled=True),
            security_profile=cs.ManagedClusterSecurityProfileArgs(
                workload_identity=cs.ManagedClusterSecurityProfileWorkloadIdentityArgs(enabled=True)
            ),
            # Azure CNI overlay: Pods take addresses from a private overlay range, not the VNet,
            # so a small node subnet scales; ranges are AKS's defaults made explicit, and the
            # spec refuses a VNet that overlaps them.
            network_profile=cs.ContainerServiceNetworkProfileArgs(
                network_plugin=cs.NetworkPlugin.AZURE,
                network_plugin_mode=cs.NetworkPluginMode.OVERLAY,
                pod_cidr=AKS_POD_CIDR,
                service_cidr=AKS_SERVICE_CIDR,
                dns_service_ip=DNS_SERVICE_IP,
                load_balancer_sku=cs.LoadBalancerSku.STANDARD,
                outbound_type=spec.outbound,
            ),
            enable_rbac=True,
            # With Entra ID, Azure RBAC decides who may do what, and the local admin account
            # (a static certificate that bypasses it) is turned off.
            aad_profile=cs.ManagedClusterAADProfileArgs(
                managed=True,
                enable_azure_rbac=True,
                admin_group_object_ids=list(entra.admin_group_object_ids),
            )
            if entra is not None
            else None,
            disable_local_accounts=entra is not None,
            # Node OS security patches arrive as new node images; Kubernetes upgrades stay a
            # deliberate change of kubernetesVersion.
            auto_upgrade_profile=cs.ManagedClusterAutoUpgradeProfileArgs(
                node_os_upgrade_channel=cs.NodeOSUpgradeChannel.NODE_IMAGE
            ),
            # The Istio add-on: its revisions (two during a canary upgrade) and the ingress
            # gateways the spec places here, as `az aks mesh enable-ingress-gateway` enables them.
            service_mesh_profile=cs.ServiceMeshProfileArgs(
                mode=cs.ServiceMeshMode.ISTIO,
                istio=cs.IstioServiceMeshArgs(
                    revisions=list(spec.istio.revisions),
                    # The add-on's istiod mounts these four secrets through the Key Vault
                    # secrets provider (CSI) as its `cacerts`: it cannot start without them,
                    # so it never signs with a root of its own, even before the role below
                    # has propagated (the mount is retried until the vault answers).
                    certificate_authority=cs.IstioCertificateAuthorityArgs(
                        plugin=cs.IstioPluginCertificateAuthorityArgs(
                            key_vault_id=plugin.key_vault_id,
                            cert_object_name=plugin.cert_object_name,
                            key_object_name=plugin.key_object_name,
                            root_cert_object_name=plugin.root_cert_object_name,
                            cert_chain_object_name=plugin.cert_chain_object_name,
                        )
                    )
                    if plugin is not None
                    else None,
                    # Both modes always, the ones not placed here `enabled: false`: a gateway
                    # taken out of the spec is disabled, as `az aks mesh
                    # disable-ingress-gateway` does (it sets `enabled` on the entry), never
                    # left to what the API makes of an entry missing from the list.
                    components=cs.IstioComponentsArgs(
                        ingress_gateways=[
                            cs.IstioIngressGatewayArgs(
                                mode=mode, enabled=any(g.addon == addon for g in gateways)
                            )
                            for addon, mode in ADDON_GATEWAY_MODES
                        ]
                    ),
                ),
            ),
            # Secret rotation: a new intermediate set in the vault reaches the add-on's istiod
            # within the poll interval, without a restart (Microsoft's "Plug in CA certificates
            # for Istio-based service mesh add-on on AKS": `az aks addon update --addon
            # azure-keyvault-secrets-provider --enable-secret-rotation --rotation-poll-interval`;
            # at most 2m, then, from a new secret in the vault to the add-on's istiod).
            addon_profiles={
                SECRETS_PROVIDER: cs.ManagedClusterAddonProfileArgs(
                    enabled=True, config={"enableSecretRotation": "true", "rotationPollInterval": "2m"}
                )
            }
            if plugin is not None
            else None,
            # The root's name, so that a plan (and `mesh.json`) tells which clusters share it;
            # Azure tag names may not hold '/', hence not the `cacerts` annotation's key.
            tags={TRUST_ROOT_TAG: plugin.root} if plugin is not None else None,
            opts=pulumi.ResourceOptions(
                parent=self,
                protect=args.protect,
                depends_on=[self.network_role],
                # The autoscaler moves the node count; the spec's min only seeds it at creation.
                ignore_changes=["agentPoolProfiles[*].count"],
            ),
        )

        # The vault trusts the add-on's own identity, which exists only once AKS has enabled
        # the add-on: granted after the cluster, before the mesh is declared ready.
        self.vault_role = (
            azure_native.authorization.RoleAssignment(
                f"{name}-key-vault-secrets-user",
                scope=plugin.key_vault_id,
                principal_id=self.cluster.addon_profiles.apply(addon_principal),
                principal_type=azure_native.authorization.PrincipalType.SERVICE_PRINCIPAL,
                role_definition_id=role_definition(plugin.key_vault_id, KEY_VAULT_SECRETS_USER),
                opts=child,
            )
            if plugin is not None
            else None
        )

        # With Entra ID, Azure RBAC and no local accounts, Owner on the subscription grants no
        # Kubernetes access: the identity running `pulumi up` gets the cluster-admin role on
        # this cluster, so that its own gate and Kubernetes objects are not refused.
        self.deployer_role: azure_native.authorization.RoleAssignment | None = None
        if entra is not None and entra.grant_deployer:
            deployer = azure_native.authorization.get_client_config_output()
            self.deployer_role = azure_native.authorization.RoleAssignment(
                f"{name}-deployer-cluster-admin",
                scope=self.cluster.id,
                principal_id=deployer.object_id,
                role_definition_id=role_definition(args.vnet_id, AKS_RBAC_CLUSTER_ADMIN),
                opts=child,
            )
        # What reaching the cluster with the deployer's credentials needs first.
        reachable: list[pulumi.Resource] = [self.cluster]
        if self.deployer_role is not None:
            reachable.append(self.deployer_role)

        # `name`, not the input: it is known once the cluster exists, so a preview of a new
        # cluster never lists credentials of a cluster that is not there (the call stays unknown).
        credentials = cs.list_managed_cluster_user_credentials_output(
            resource_group_name=args.resource_group_name,
            resource_name=self.cluster.name,
            format="exec" if entra is not None else None,
        )
        self.kubeconfig: pulumi.Output[str] = pulumi.Output.secret(
            credentials.apply(
                lambda result: kubeconfig_from_credentials(result, entra is not None, args.kubelogin_login)
            )
        )
        self.provider = kubernetes.Provider(
            f"{name}-k8s",
            kubeconfig=self.kubeconfig,
            opts=pulumi.ResourceOptions(parent=self, depends_on=[self.cluster]),
        )

        self.revision = spec.istio.revision or spec.istio.revisions[0]
        # The add-on's CRDs and istiod come with the ManagedCluster's create or update, but
        # nothing says they are served and running when it returns: mesh objects (and the
        # patches below) wait for this gate, as GKE's do for theirs.
        self.mesh_ready = ControlPlaneReadiness(
            f"{name}-mesh-ready",
            ControlPlaneReadinessArgs(
                cluster=spec.name,
                kubeconfig=self.kubeconfig,
                revision=self.revision,
                condition=addon_istiod_check(self.revision),
                # The Services patched below: the add-on creates them after istiod, and a
                # patch of a missing one would create a Service without ports, and fail.
                objects=tuple(addon_service_ref(g) for g in gateways if g.addon is not None),
            ),
            opts=pulumi.ResourceOptions(
                parent=self,
                depends_on=[*reachable, self.provider, *([self.vault_role] if self.vault_role else [])],
            ),
        )

        # The add-on owns its gateway Services: patched by server-side apply, never created,
        # so a destroy gives up our fields and leaves the add-on's objects alone. The add-on
        # creates them with the cluster's operation; a patch that ran before would create a
        # Service without ports and fail, so they wait for the gate too.
        self.service_patches: dict[str, kubernetes.core.v1.ServicePatch] = {}
        for gateway in gateways:
            body = addon_service_patch(gateway, internal_lb_subnet=args.internal_lb_subnet_name)
            if body is None:
                continue
            self.service_patches[gateway.name] = kubernetes.core.v1.ServicePatch(
                f"{name}-{gateway.name}",
                metadata=kubernetes.meta.v1.ObjectMetaPatchArgs(**body["metadata"]),
                spec=kubernetes.core.v1.ServiceSpecPatchArgs(
                    external_traffic_policy=body["spec"]["externalTrafficPolicy"]
                )
                if "spec" in body
                else None,
                opts=pulumi.ResourceOptions(
                    parent=self, provider=self.provider, depends_on=[*reachable, self.mesh_ready]
                ),
            )

        self.cluster_name: pulumi.Output[str] = self.cluster.name
        self.oidc_issuer_url = self.cluster.oidc_issuer_profile.apply(lambda p: p.issuer_url if p else None)
        self.cluster_spec = spec
        self.register_outputs(
            {
                "cluster_name": self.cluster_name,
                "oidc_issuer_url": self.oidc_issuer_url,
                "kubeconfig": self.kubeconfig,
                "revision": self.revision,
            }
        )

    @staticmethod
    def _pool(
        name: str, mode: str, pool: AksPoolSpec, subnet: pulumi.Input[str], taints: list[str] | None
    ) -> cs.ManagedClusterAgentPoolProfileArgs:
        return cs.ManagedClusterAgentPoolProfileArgs(
            name=name,
            mode=mode,
            vm_size=pool.vm_size,
            os_type=cs.OSType.LINUX,
            type=cs.AgentPoolType.VIRTUAL_MACHINE_SCALE_SETS,
            enable_auto_scaling=True,
            count=pool.min,
            min_count=pool.min,
            max_count=pool.max,
            vnet_subnet_id=subnet,
            node_taints=taints,
            node_labels={REPLICA_PREFERRED: "true"} if pool.istio_replica_preferred else None,
        )
