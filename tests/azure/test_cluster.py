"""AksCluster: hardened defaults, the Istio add-on, credentials, and the add-on gateway patches."""

from __future__ import annotations

import base64
from types import SimpleNamespace
from typing import Any

import pytest
import yaml

from components.azure import AksCluster, AksClusterArgs
from components.azure.cluster import kubeconfig_from_credentials, secrets_provider_object_id
from components.azure.kubeconfig import kubelogin_kubeconfig
from components.engine import SECRET, UNKNOWN, Plan, diff_plans
from components.spec import parse_platform
from components.spec.azure import AksClusterSpec
from tests.harness import K8S_PROVIDER, MESH_READY, plan_of, platform_plan
from tests.spec.fixtures import aks_platform

from .helpers import (
    AKS_CLUSTER,
    IDENTITY,
    MANAGED_CLUSTER,
    ROLE_ASSIGNMENT,
    SERVICE_PATCH,
    aks_plan,
    cluster_inputs,
)

VNET_ID = "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet"


def cluster_spec(**changes: object) -> AksClusterSpec:
    return AksClusterSpec.model_validate(aks_platform()["clusters"][0] | changes)


def test_component_type_token_is_meshfleet_index_aks_cluster() -> None:
    plan = aks_plan()

    assert (
        plan.find(AKS_CLUSTER, "mesh-osaka-1").parent == plan.find("meshfleet:index:MeshPlatform", "mesh").urn
    )


def test_cluster_name_and_dns_prefix_start_with_the_prefix() -> None:
    inputs = cluster_inputs(aks_plan())

    assert (inputs["resourceName"], inputs["dnsPrefix"]) == ("dev-osaka-1", "dev-osaka-1")


def test_api_server_is_private_by_default() -> None:
    assert cluster_inputs(aks_plan())["apiServerAccessProfile"] == {
        "enablePrivateCluster": True,
        "privateDNSZone": "system",
    }


def test_public_api_server_is_limited_to_the_authorized_ranges() -> None:
    spec = cluster_spec(apiServer={"private": False, "authorizedRanges": ["203.0.113.10/32"]})
    args = AksClusterArgs(cluster=spec, resource_group_name="rg", vnet_id=VNET_ID, node_subnet_id="s")
    plan = plan_of(lambda: AksCluster("aks", args))

    assert plan.find(MANAGED_CLUSTER, "aks-cluster").inputs["apiServerAccessProfile"] == {
        "authorizedIPRanges": ["203.0.113.10/32"]
    }


def test_oidc_issuer_and_workload_identity_are_on() -> None:
    inputs = cluster_inputs(aks_plan())

    assert inputs["oidcIssuerProfile"] == {"enabled": True}
    assert inputs["securityProfile"] == {"workloadIdentity": {"enabled": True}}


def test_network_is_azure_cni_overlay() -> None:
    profile = cluster_inputs(aks_plan())["networkProfile"]

    assert (profile["networkPlugin"], profile["networkPluginMode"]) == ("azure", "overlay")


def test_system_and_user_pools_join_the_node_subnet_with_autoscaling() -> None:
    pools = cluster_inputs(aks_plan())["agentPoolProfiles"]

    assert [(p["name"], p["mode"], p["enableAutoScaling"]) for p in pools] == [
        ("system", "System", True),
        ("user", "User", True),
    ]
    assert all("vnetSubnetID" in p for p in pools)


def test_system_pool_is_tainted_for_critical_addons_only() -> None:
    system, user = cluster_inputs(aks_plan())["agentPoolProfiles"]

    assert system["nodeTaints"] == ["CriticalAddonsOnly=true:NoSchedule"]
    assert "nodeTaints" not in user


def test_autoscaled_node_count_is_ignored_after_creation() -> None:
    cluster = aks_plan().find(MANAGED_CLUSTER, "mesh-osaka-1-cluster")

    assert cluster.ignore_changes == ["agentPoolProfiles[*].count"]


def test_service_mesh_profile_is_the_istio_addon_with_its_revisions() -> None:
    mesh = cluster_inputs(aks_plan())["serviceMeshProfile"]

    assert (mesh["mode"], mesh["istio"]["revisions"]) == ("Istio", ["asm-1-24"])


def test_addon_ingress_gateways_are_the_ones_placed_on_the_cluster() -> None:
    mesh = cluster_inputs(aks_plan())["serviceMeshProfile"]

    assert mesh["istio"]["components"]["ingressGateways"] == [
        {"enabled": True, "mode": "External"},
        {"enabled": True, "mode": "Internal"},
    ]


def test_cluster_without_addon_gateways_enables_none() -> None:
    args = AksClusterArgs(
        cluster=cluster_spec(), resource_group_name="rg", vnet_id=VNET_ID, node_subnet_id="s"
    )
    plan = plan_of(lambda: AksCluster("aks", args))

    assert plan.find(MANAGED_CLUSTER, "aks-cluster").inputs["serviceMeshProfile"]["istio"]["components"] == {
        "ingressGateways": [{"enabled": False, "mode": "External"}, {"enabled": False, "mode": "Internal"}]
    }
    assert plan.by_type(SERVICE_PATCH) == []


def test_identity_is_user_assigned_and_granted_network_contributor_before_the_cluster() -> None:
    plan = aks_plan()
    cluster = plan.find(MANAGED_CLUSTER, "mesh-osaka-1-cluster")
    role = plan.find(ROLE_ASSIGNMENT, "mesh-osaka-1-network-contributor")

    assert cluster.inputs["identity"]["type"] == "UserAssigned"
    assert role.urn in cluster.dependencies
    assert plan.find(IDENTITY, "mesh-osaka-1-identity").urn in role.dependencies


def test_network_contributor_role_id_is_built_from_the_vnet_subscription() -> None:
    args = AksClusterArgs(
        cluster=cluster_spec(), resource_group_name="rg", vnet_id=VNET_ID, node_subnet_id="s"
    )
    role = plan_of(lambda: AksCluster("aks", args)).find(ROLE_ASSIGNMENT, "aks-network-contributor")

    assert role.inputs["roleDefinitionId"] == (
        "/subscriptions/0000/providers/Microsoft.Authorization/roleDefinitions/4d97b98b-1d4f-4787-a291-c67834d212e7"
    )
    assert (role.inputs["scope"], role.inputs["principalType"]) == (VNET_ID, "ServicePrincipal")


def test_local_accounts_stay_without_entra_id() -> None:
    inputs = cluster_inputs(aks_plan())

    assert inputs["disableLocalAccounts"] is False
    assert "aadProfile" not in inputs


def test_entra_id_turns_on_azure_rbac_and_off_local_accounts() -> None:
    spec = cluster_spec(entraId={"adminGroupObjectIds": ["00000000-0000-0000-0000-000000000001"]})
    args = AksClusterArgs(cluster=spec, resource_group_name="rg", vnet_id=VNET_ID, node_subnet_id="s")
    inputs = plan_of(lambda: AksCluster("aks", args)).find(MANAGED_CLUSTER, "aks-cluster").inputs

    assert inputs["aadProfile"] == {
        "adminGroupObjectIDs": ["00000000-0000-0000-0000-000000000001"],
        "enableAzureRBAC": True,
        "managed": True,
    }
    assert inputs["disableLocalAccounts"] is True


ENTRA = {"adminGroupObjectIds": ["00000000-0000-0000-0000-000000000001"]}


def entra_plan(**entra: object) -> Plan:
    spec = cluster_spec(entraId={**ENTRA, **entra})
    gateways = tuple(g for g in parse_platform(aks_platform()).gateways if g.addon is not None)
    args = AksClusterArgs(
        cluster=spec, resource_group_name="rg", vnet_id=VNET_ID, node_subnet_id="s", ingress_gateways=gateways
    )
    return plan_of(lambda: AksCluster("aks", args))


def test_with_entra_id_the_deploying_identity_is_cluster_admin_through_azure_rbac() -> None:
    plan = entra_plan()
    role = plan.find(ROLE_ASSIGNMENT, "aks-deployer-cluster-admin")

    # Scoped to this cluster (its id), role "Azure Kubernetes Service RBAC Cluster Admin".
    assert role.property_dependencies["scope"] == [plan.find(MANAGED_CLUSTER, "aks-cluster").urn]
    assert role.inputs["roleDefinitionId"] == (
        "/subscriptions/0000/providers/Microsoft.Authorization/roleDefinitions/b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b"
    )


def test_the_gate_and_the_patches_wait_for_the_deployers_role() -> None:
    plan = entra_plan()
    role = plan.find(ROLE_ASSIGNMENT, "aks-deployer-cluster-admin").urn

    assert role in plan.find(MESH_READY, "aks-mesh-ready").dependencies
    patches = plan.by_type(SERVICE_PATCH)
    assert patches and all(role in p.dependencies for p in patches)


def test_grant_deployer_false_grants_nothing() -> None:
    roles = {r.name for r in entra_plan(grantDeployer=False).by_type(ROLE_ASSIGNMENT)}

    assert roles == {"aks-network-contributor"}


def test_without_entra_id_local_accounts_need_no_grant() -> None:
    roles = {r.name for r in aks_plan().by_type(ROLE_ASSIGNMENT)}

    assert roles == {"mesh-osaka-1-network-contributor"}


def test_cluster_is_protected_with_protect() -> None:
    args = AksClusterArgs(
        cluster=cluster_spec(), resource_group_name="rg", vnet_id=VNET_ID, node_subnet_id="s", protect=True
    )
    plan = plan_of(lambda: AksCluster("aks", args))

    assert plan.find(MANAGED_CLUSTER, "aks-cluster").protect


def test_kubernetes_provider_kubeconfig_is_recorded_as_secret() -> None:
    provider = aks_plan().find(K8S_PROVIDER, "mesh-osaka-1-k8s")

    assert provider.inputs["kubeconfig"] == SECRET
    assert "kubeconfig" in provider.secret_paths


def test_kubeconfig_stays_unknown_offline() -> None:
    seen: list[str] = []

    def build() -> None:
        args = AksClusterArgs(
            cluster=cluster_spec(), resource_group_name="rg", vnet_id=VNET_ID, node_subnet_id="s"
        )
        AksCluster("aks", args).kubeconfig.apply(seen.append)

    plan_of(build)

    assert seen == []


def test_empty_credentials_result_is_an_error_not_an_invented_kubeconfig() -> None:
    with pytest.raises(ValueError, match="AKS returned no kubeconfig"):
        kubeconfig_from_credentials(SimpleNamespace(kubeconfigs=[]), False, "azurecli")


def test_credentials_result_is_decoded() -> None:
    value = base64.b64encode(b"apiVersion: v1\nkind: Config\n").decode()
    result = SimpleNamespace(kubeconfigs=[SimpleNamespace(value=value)])

    assert kubeconfig_from_credentials(result, False, "azurecli") == "apiVersion: v1\nkind: Config\n"


DEVICE_CODE_KUBECONFIG = """
apiVersion: v1
kind: Config
users:
- name: clusterUser_rg_aks
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: kubelogin
      args: [get-token, --environment, AzurePublicCloud, --server-id, 6dae42f8-4368-4678-94ff-3960e28e3630,
             --client-id, 80faf920-1908-4b52-b5ef-a8e7bedfc67a, --tenant-id, t, --login, devicecode]
"""


def test_entra_id_kubeconfig_uses_kubelogin_with_the_azure_cli_login() -> None:
    user = yaml.safe_load(kubelogin_kubeconfig(DEVICE_CODE_KUBECONFIG))["users"][0]["user"]["exec"]

    assert user["args"] == [
        "get-token",
        "--login",
        "azurecli",
        "--server-id",
        "6dae42f8-4368-4678-94ff-3960e28e3630",
    ]
    assert user["interactiveMode"] == "Never"


def test_kubelogin_refuses_an_interactive_login_mode() -> None:
    with pytest.raises(ValueError, match="devicecode"):
        kubelogin_kubeconfig(DEVICE_CODE_KUBECONFIG, "devicecode")


def test_addon_gateway_services_are_patched_not_created() -> None:
    plan = aks_plan()

    assert [p.inputs["metadata"]["name"] for p in plan.by_type(SERVICE_PATCH)] == [
        "aks-istio-ingressgateway-external",
        "aks-istio-ingressgateway-internal",
    ]
    assert plan.by_type("kubernetes:core/v1:Service") == []


def test_service_patches_use_the_cluster_provider_after_the_cluster() -> None:
    plan = aks_plan()
    provider = plan.find(K8S_PROVIDER, "mesh-osaka-1-k8s")
    cluster = plan.find(MANAGED_CLUSTER, "mesh-osaka-1-cluster")

    for patch in plan.by_type(SERVICE_PATCH):
        assert patch.provider is not None and patch.provider.startswith(provider.urn)
        assert cluster.urn in patch.dependencies


def test_internal_gateway_patch_uses_the_vnet_internal_lb_subnet() -> None:
    patch = aks_plan().find(SERVICE_PATCH, "mesh-osaka-1-aks-istio-ingressgateway-internal")

    assert (
        patch.inputs["metadata"]["annotations"][
            "service.beta.kubernetes.io/azure-load-balancer-internal-subnet"
        ]
        == "internal-lb"
    )


def test_external_gateway_patch_sets_external_traffic_policy_local() -> None:
    patch = aks_plan().find(SERVICE_PATCH, "mesh-osaka-1-aks-istio-ingressgateway-external")

    assert patch.inputs["spec"] == {"externalTrafficPolicy": "Local"}


def test_mesh_objects_wait_for_the_addon_readiness_gate() -> None:
    plan = aks_plan()
    gate = plan.find("pulumi-python:dynamic/meshfleet:ControlPlaneReadiness", "mesh-osaka-1-mesh-ready")
    route_gateway = plan.find(
        "kubernetes:networking.istio.io/v1:Gateway", "mesh-osaka-1/bookinfo/productpage-gateway"
    )

    assert gate.urn in route_gateway.dependencies
    assert all(gate.urn in p.dependencies for p in plan.by_type(SERVICE_PATCH))


def test_readiness_gate_waits_for_the_labelled_revisions_istiod() -> None:
    gate = aks_plan().find("pulumi-python:dynamic/meshfleet:ControlPlaneReadiness", "mesh-osaka-1-mesh-ready")

    assert gate.inputs["condition"] == {
        "groupVersion": "apps/v1",
        "plural": "deployments",
        "namespace": "aks-istio-system",
        "name": "istiod-asm-1-24",
        "type": "Available",
        "status": "True",
    }


def test_readiness_gate_waits_for_the_addon_gateway_services_it_patches() -> None:
    gate = aks_plan().find("pulumi-python:dynamic/meshfleet:ControlPlaneReadiness", "mesh-osaka-1-mesh-ready")

    assert gate.inputs["objects"] == [
        {"groupVersion": "v1", "plural": "services", "namespace": "aks-istio-ingress", "name": name}
        for name in ("aks-istio-ingressgateway-external", "aks-istio-ingressgateway-internal")
    ]


VAULT_ID = "/subscriptions/1111/resourceGroups/pki/providers/Microsoft.KeyVault/vaults/mesh-ca"
KEY_VAULT_SECRETS_USER_ID = (
    "/subscriptions/1111/providers/Microsoft.Authorization/roleDefinitions/"
    "4633458b-17de-408a-b874-0445c86b69e6"
)


def plugin_ca_plan(**plugin: object) -> Any:
    istio = {"revisions": ["asm-1-24"], "pluginCa": {"keyVaultId": VAULT_ID, **plugin}}
    args = AksClusterArgs(
        cluster=cluster_spec(istio=istio), resource_group_name="rg", vnet_id=VNET_ID, node_subnet_id="s"
    )
    return plan_of(lambda: AksCluster("aks", args))


def test_plugin_ca_names_the_vault_and_its_four_secrets_in_the_mesh_profile() -> None:
    istio = (
        plugin_ca_plan(rootCertObjectName="mesh-root-cert")
        .find(MANAGED_CLUSTER, "aks-cluster")
        .inputs["serviceMeshProfile"]["istio"]
    )

    assert istio["certificateAuthority"] == {
        "plugin": {
            "keyVaultId": VAULT_ID,
            "certObjectName": "ca-cert",
            "keyObjectName": "ca-key",
            "rootCertObjectName": "mesh-root-cert",
            "certChainObjectName": "cert-chain",
        }
    }


def test_plugin_ca_enables_the_key_vault_secrets_provider_with_rotation() -> None:
    inputs = plugin_ca_plan().find(MANAGED_CLUSTER, "aks-cluster").inputs

    assert inputs["addonProfiles"] == {
        "azureKeyvaultSecretsProvider": {
            "enabled": True,
            "config": {"enableSecretRotation": "true", "rotationPollInterval": "2m"},
        }
    }


def test_plugin_ca_tags_the_cluster_with_its_root() -> None:
    inputs = plugin_ca_plan(root="corp-root").find(MANAGED_CLUSTER, "aks-cluster").inputs

    assert inputs["tags"] == {"meshfleet-trust-root": "corp-root"}


def test_secrets_provider_identity_is_granted_key_vault_secrets_user_on_the_vault() -> None:
    plan = plugin_ca_plan()
    role = plan.find(ROLE_ASSIGNMENT, "aks-key-vault-secrets-user")

    assert (role.inputs["scope"], role.inputs["roleDefinitionId"], role.inputs["principalType"]) == (
        VAULT_ID,
        KEY_VAULT_SECRETS_USER_ID,
        "ServicePrincipal",
    )
    # The add-on's identity: an output of the cluster, so the grant follows its create.
    assert role.inputs["principalId"] == UNKNOWN
    assert plan.find(MANAGED_CLUSTER, "aks-cluster").urn in role.dependencies


def test_mesh_is_ready_only_after_the_vault_grant() -> None:
    plan = plugin_ca_plan()

    assert (
        plan.find(ROLE_ASSIGNMENT, "aks-key-vault-secrets-user").urn
        in plan.find("pulumi-python:dynamic/meshfleet:ControlPlaneReadiness", "aks-mesh-ready").dependencies
    )


def test_secrets_provider_object_id_is_read_from_the_addon_profiles() -> None:
    identity = SimpleNamespace(object_id="00000000-0000-0000-0000-0000000000aa")

    profiles = {"azureKeyvaultSecretsProvider": SimpleNamespace(identity=identity)}

    assert secrets_provider_object_id(profiles) == "00000000-0000-0000-0000-0000000000aa"
    assert secrets_provider_object_id(None) is None


def test_without_plugin_ca_no_vault_access_is_granted() -> None:
    args = AksClusterArgs(
        cluster=cluster_spec(), resource_group_name="rg", vnet_id=VNET_ID, node_subnet_id="s"
    )
    plan = plan_of(lambda: AksCluster("aks", args))
    inputs = plan.find(MANAGED_CLUSTER, "aks-cluster").inputs

    assert "certificateAuthority" not in inputs["serviceMeshProfile"]["istio"]
    assert "addonProfiles" not in inputs
    assert [r.name for r in plan.by_type(ROLE_ASSIGNMENT)] == ["aks-network-contributor"]


def test_a_gateway_taken_out_of_the_spec_is_disabled_not_dropped() -> None:
    raw = aks_platform()
    raw["gateways"] = [g for g in raw["gateways"] if g.get("addon") != "internal"]
    diff = diff_plans(aks_plan(), platform_plan(raw))
    cluster = diff.get("mesh-osaka-1-cluster")

    assert cluster.action == "update"
    assert [(p.path, p.old, p.new) for p in cluster.properties if p.kind != "recomputed"] == [
        ("serviceMeshProfile.istio.components.ingressGateways[1].enabled", True, False)
    ]


def test_user_pool_can_carry_the_label_the_addon_gateways_prefer() -> None:
    spec = cluster_spec(userPool={"istioReplicaPreferred": True})
    args = AksClusterArgs(cluster=spec, resource_group_name="rg", vnet_id=VNET_ID, node_subnet_id="s")
    pools = (
        plan_of(lambda: AksCluster("aks", args))
        .find(MANAGED_CLUSTER, "aks-cluster")
        .inputs["agentPoolProfiles"]
    )

    assert {p["name"]: p.get("nodeLabels") for p in pools} == {
        "system": None,
        "user": {"azureservicemesh/istio.replica.preferred": "true"},
    }
