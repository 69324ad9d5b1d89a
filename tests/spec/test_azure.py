"""The AKS rules (components/spec/rules/azure.py): one test per rule, each the one line it gives."""

from __future__ import annotations

from components.spec import parse_platform
from components.spec.models import AksClusterSpec

from .fixtures import aks_platform, dev_platform, spec_message


def test_aks_fixture_is_valid() -> None:
    spec = parse_platform(aks_platform())

    assert isinstance(spec.clusters[0], AksClusterSpec)


def test_gke_and_aks_clusters_in_one_spec() -> None:
    raw = dev_platform()
    aks = aks_platform()
    raw["azure"] = aks["azure"]
    raw["clusters"] += aks["clusters"]
    raw["gateways"][0]["clusters"] = ["tokyo-1", "tokyo-2"]
    raw["routes"][0]["clusters"] = ["tokyo-1", "tokyo-2"]
    raw["gateways"] += aks["gateways"]
    raw["routes"] += aks["routes"]

    assert [c.cloud for c in parse_platform(raw).clusters] == ["gcp", "gcp", "azure"]


def test_a_gateway_meshfleet_runs_is_not_placed_on_aks_by_default() -> None:
    raw = dev_platform()
    aks = aks_platform()
    raw["azure"] = aks["azure"]
    raw["clusters"] += aks["clusters"]

    assert spec_message(raw) == (
        "platform.gateways[0].clusters: is required with AKS clusters (osaka-1): name where "
        "istio-ingressgateway runs; on AKS the Istio add-on runs the ingress gateways "
        "(addon: external | internal)"
    )


def test_long_cluster_name_is_refused_at_the_dns_prefix_limit() -> None:
    raw = aks_platform()
    raw["namePrefix"] = "p" * 40
    raw["clusters"][0]["name"] = "cluster-name-of-15"

    assert spec_message(raw).startswith("platform.clusters[0].name: 'cluster-name-of-15' becomes the AKS")
    assert "59 characters, and AKS allows at most 54" in spec_message(raw)


def test_long_resource_group_name_is_refused() -> None:
    raw = aks_platform()
    raw["namePrefix"] = "p" * 40
    raw["azure"]["resourceGroup"] = "r" * 55

    assert spec_message(raw).startswith("platform.azure.resourceGroup: becomes the resource group")


def test_cluster_outside_the_vnet_region_is_refused() -> None:
    raw = aks_platform()
    raw["clusters"][0]["location"] = "japanwest"

    assert spec_message(raw) == (
        "platform.clusters[0].location: japanwest is not japaneast, the region of the VNet its nodes join"
    )


def test_subnet_outside_the_address_space_is_refused() -> None:
    raw = aks_platform()
    raw["azure"]["network"]["internalLbSubnet"] = "10.17.0.0/24"

    assert spec_message(raw) == (
        "platform.azure.network.internalLbSubnet: 10.17.0.0/24 is not inside addressSpace 10.16.0.0/16"
    )


def test_overlapping_subnets_are_refused() -> None:
    raw = aks_platform()
    raw["azure"]["network"]["internalLbSubnet"] = "10.16.1.0/24"

    assert spec_message(raw) == (
        "platform.azure.network.internalLbSubnet: 10.16.1.0/24 overlaps"
        " platform.azure.network.nodeSubnet (10.16.0.0/20)"
    )


def test_address_space_over_the_aks_service_range_is_refused() -> None:
    raw = aks_platform()
    raw["azure"]["network"] = {
        "name": "mesh-vnet",
        "addressSpace": "10.0.0.0/8",
        "nodeSubnet": "10.16.0.0/20",
        "internalLbSubnet": "10.16.16.0/24",
    }

    assert spec_message(raw) == (
        "platform.azure.network.addressSpace: 10.0.0.0/8 overlaps 10.244.0.0/16,"
        " the AKS Pod range (Azure CNI overlay); choose another range"
    )


def test_public_api_server_without_authorized_ranges_is_refused() -> None:
    raw = aks_platform()
    raw["clusters"][0]["apiServer"] = {"private": False}

    assert spec_message(raw) == (
        "platform.clusters[0].apiServer.authorizedRanges: a public API server needs at least one"
        " authorized range (or set private: true)"
    )


def test_private_api_server_with_authorized_ranges_is_refused() -> None:
    raw = aks_platform()
    raw["clusters"][0]["apiServer"] = {"authorizedRanges": ["203.0.113.10/32"]}

    assert spec_message(raw).startswith(
        "platform.clusters[0].apiServer.authorizedRanges: apply to a public API server only"
    )


def test_revision_not_installed_is_refused() -> None:
    raw = aks_platform()
    raw["clusters"][0]["istio"] = {"revisions": ["asm-1-24"], "revision": "asm-1-25"}

    assert spec_message(raw) == (
        "platform.clusters[0].istio.revision: 'asm-1-25' is not installed (revisions: asm-1-24);"
        " namespaces labelled with it would never get a proxy"
    )


def test_duplicate_revision_is_refused() -> None:
    raw = aks_platform()
    raw["clusters"][0]["istio"] = {"revisions": ["asm-1-24", "asm-1-24"]}

    assert spec_message(raw) == (
        "platform.clusters[0].istio.revisions[1]: revision 'asm-1-24' is already used by"
        " platform.clusters[0].istio.revisions[0]"
    )


def test_pool_under_four_vcpus_is_refused() -> None:
    raw = aks_platform()
    raw["clusters"][0]["userPool"] = {"vmSize": "Standard_D2s_v5"}

    assert spec_message(raw) == (
        "platform.clusters[0].userPool.vmSize: Standard_D2s_v5 has 2 vCPU; mesh nodes need at least 4"
    )


def test_unknown_vm_size_is_refused_in_one_line() -> None:
    raw = aks_platform()
    raw["clusters"][0]["systemPool"] = {"vmSize": "n2-standard-4"}

    assert spec_message(raw) == (
        "platform.clusters[0].systemPool.vmSize: 'n2-standard-4' is not an Azure VM size name"
        " (e.g. Standard_D4s_v5)"
    )


def test_addon_gateway_with_another_name_is_refused() -> None:
    raw = aks_platform()
    raw["gateways"][1]["name"] = "private-gateway"

    assert spec_message(raw) == (
        "platform.gateways[1].name: 'private-gateway' must be aks-istio-ingressgateway-internal:"
        " the add-on names its internal gateway"
    )


def test_addon_gateway_in_another_namespace_is_refused() -> None:
    raw = aks_platform()
    raw["gateways"][0]["namespace"] = "ingress"

    assert spec_message(raw) == (
        "platform.gateways[0].namespace: 'ingress' must be aks-istio-ingress,"
        " where the add-on runs its gateways"
    )


def test_addon_gateway_of_another_kind_is_refused() -> None:
    raw = aks_platform()
    raw["gateways"][0]["kind"] = "egress"

    assert spec_message(raw) == "platform.gateways[0].kind: egress: add-on gateways are ingress gateways"


def test_addon_gateway_without_clusters_is_refused() -> None:
    raw = aks_platform()
    del raw["gateways"][0]["clusters"]

    assert spec_message(raw).startswith("platform.gateways[0].clusters: is required for an add-on gateway")


def test_addon_gateway_on_a_gke_cluster_is_refused() -> None:
    raw = dev_platform()
    raw["gateways"].append(
        {
            "name": "aks-istio-ingressgateway-external",
            "namespace": "aks-istio-ingress",
            "addon": "external",
            "clusters": ["tokyo-1"],
        }
    )

    assert spec_message(raw) == (
        "platform.gateways[1].clusters[0]: 'tokyo-1' is not an AKS cluster;"
        " the add-on's gateways run on AKS only"
    )


def test_addon_gateway_with_a_field_the_addon_owns_is_refused() -> None:
    raw = aks_platform()
    raw["gateways"][0]["canary"] = {"revision": "asm-1-25"}

    assert spec_message(raw) == (
        "platform.gateways[0].canary: is not supported on an add-on gateway:"
        " the add-on manages aks-istio-ingressgateway-external itself"
    )


def test_addon_owned_field_error_names_the_field_as_the_spec_file_spells_it() -> None:
    raw = aks_platform()
    raw["gateways"][0]["loadBalancerIP"] = "10.16.16.10"

    assert spec_message(raw).startswith(
        "platform.gateways[0].loadBalancerIP: is not supported on an add-on gateway"
    )


def test_unsupported_annotation_is_refused_naming_it() -> None:
    raw = aks_platform()
    raw["gateways"][0]["annotations"]["service.beta.kubernetes.io/azure-dns-label-name"] = "shop"

    assert spec_message(raw) == (
        "platform.gateways[0].annotations.service.beta.kubernetes.io/azure-dns-label-name:"
        " is not an annotation the AKS Istio add-on supports on its gateway Services"
    )


def test_annotations_on_a_non_addon_gateway_are_refused() -> None:
    raw = dev_platform()
    raw["gateways"][0]["annotations"] = {"external-dns.alpha.kubernetes.io/hostname": "a.example.com"}

    assert (
        spec_message(raw) == "platform.gateways[0].annotations: is supported on add-on gateways (addon) only"
    )


def test_external_traffic_policy_on_a_non_addon_gateway_is_refused() -> None:
    raw = dev_platform()
    raw["gateways"][0]["externalTrafficPolicy"] = "Local"

    assert spec_message(raw) == (
        "platform.gateways[0].externalTrafficPolicy: is supported on add-on gateways (addon) only"
    )


def test_non_addon_gateway_in_the_addon_namespace_is_refused() -> None:
    raw = dev_platform()
    raw["gateways"][0]["namespace"] = "aks-istio-ingress"

    assert spec_message(raw) == (
        "platform.gateways[0].namespace: aks-istio-ingress belongs to the AKS Istio add-on;"
        " set addon, or use another namespace"
    )


def test_route_in_the_addon_namespace_is_refused() -> None:
    raw = aks_platform()
    raw["routes"][0]["namespace"] = "aks-istio-ingress"

    assert spec_message(raw) == (
        "platform.routes[0].namespace: aks-istio-ingress belongs to the AKS Istio add-on;"
        " routes live in their application's namespace"
    )


def test_entra_admin_group_that_is_no_guid_is_refused() -> None:
    raw = aks_platform()
    raw["clusters"][0]["entraId"] = {"adminGroupObjectIds": ["platform-admins"]}

    assert spec_message(raw) == (
        "platform.clusters[0].entraId.adminGroupObjectIds[0]: 'platform-admins' is not an Entra ID"
        " object id (a lowercase GUID)"
    )


def test_kubernetes_version_that_is_no_version_is_refused() -> None:
    raw = aks_platform()
    raw["clusters"][0]["kubernetesVersion"] = "latest"

    assert spec_message(raw) == (
        "platform.clusters[0].kubernetesVersion: 'latest' is not a Kubernetes version (e.g. 1.30 or 1.30.5)"
    )


def test_health_probe_annotations_for_80_and_443_are_accepted() -> None:
    raw = aks_platform()
    annotations = {
        "service.beta.kubernetes.io/port_80_health-probe_protocol": "http",
        "service.beta.kubernetes.io/port_443_health-probe_request-path": "/healthz/ready",
        "service.beta.kubernetes.io/port_443_no_probe_rule": "false",
    }
    raw["gateways"][0]["annotations"] = annotations

    assert dict(parse_platform(raw).gateways[0].annotations) == annotations


def test_a_health_probe_annotation_for_another_port_is_refused() -> None:
    raw = aks_platform()
    raw["gateways"][0]["annotations"] = {
        "service.beta.kubernetes.io/port_15021_health-probe_protocol": "http"
    }

    assert spec_message(raw).startswith(
        "platform.gateways[0].annotations.service.beta.kubernetes.io/port_15021_health-probe_protocol:"
        " is not an annotation the AKS Istio add-on supports"
    )


def test_plugin_ca_key_vault_id_that_is_no_vault_is_refused() -> None:
    raw = aks_platform()
    raw["clusters"][0]["istio"]["pluginCa"] = {"keyVaultId": "mesh-ca"}

    assert spec_message(raw) == (
        "platform.clusters[0].istio.pluginCa.keyVaultId: 'mesh-ca' is not a Key Vault resource id"
        " (/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.KeyVault/vaults/<vault>)"
    )


def test_plugin_ca_object_name_that_key_vault_refuses_is_refused() -> None:
    raw = aks_platform()
    raw["clusters"][0]["istio"]["pluginCa"] = {
        "keyVaultId": "/subscriptions/1/resourceGroups/pki/providers/Microsoft.KeyVault/vaults/mesh-ca",
        "keyObjectName": "ca_key",
    }

    assert spec_message(raw) == (
        "platform.clusters[0].istio.pluginCa.keyObjectName: 'ca_key' is not a Key Vault secret name"
        " (1-127 letters, digits and '-')"
    )
