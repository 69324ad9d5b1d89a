"""Multi Cluster Ingress wired by GkeFleet on the two-cluster dev spec, tokyo-1 as config cluster."""

from __future__ import annotations

import functools
from typing import Any

from components.engine import Plan, PlannedResource
from tests.harness import (
    API_SERVICE,
    CLUSTER,
    FEATURE,
    IAM_MEMBER,
    K8S_PROVIDER,
    K8S_SERVICE,
    MESH_READY,
    NAMESPACE,
    platform_plan,
)
from tests.schemas import validate_manifest
from tests.spec.fixtures import dev_platform

MCI_KINDS = {"BackendConfig", "MultiClusterService", "MultiClusterIngress"}
GLOBAL_ADDRESS = "gcp:compute/globalAddress:GlobalAddress"


def mci_raw(**fields: Any) -> dict[str, Any]:
    raw = dev_platform()
    raw["gateways"][0]["serviceType"] = "ClusterIP"
    raw["multiClusterIngress"] = {"configCluster": "tokyo-1", "gateway": "istio-ingressgateway", **fields}
    return raw


@functools.cache
def mci_plan() -> Plan:
    return platform_plan(mci_raw())


@functools.cache
def static_ip_plan() -> Plan:
    return platform_plan(mci_raw(staticIp=True))


def mci_objects(plan: Plan) -> list[PlannedResource]:
    return [r for r in plan if r.type.startswith("kubernetes:") and r.inputs.get("kind") in MCI_KINDS]


def provider_of(plan: Plan, cluster: str) -> str:
    return plan.find(K8S_PROVIDER, f"mesh-{cluster}-k8s").urn


def feature(plan: Plan, name: str) -> PlannedResource:
    (found,) = [f for f in plan.by_type(FEATURE) if f.inputs["name"] == name]
    return found


def test_ingress_feature_names_the_config_clusters_global_membership() -> None:
    spec = feature(mci_plan(), "multiclusteringress").inputs["spec"]

    assert spec == {
        "multiclusteringress": {
            "configMembership": "projects/acme-mesh-dev/locations/global/memberships/dev-tokyo-1"
        }
    }


def test_both_fleet_features_are_global() -> None:
    for name in ("multiclusteringress", "multiclusterservicediscovery"):
        assert feature(mci_plan(), name).inputs["location"] == "global"


def test_mcs_importer_may_view_the_network() -> None:
    (binding,) = [b for b in mci_plan().by_type(IAM_MEMBER) if b.name == "mesh-mci-mcs-importer"]

    assert (binding.inputs["role"], binding.inputs["member"]) == (
        "roles/compute.networkViewer",
        "serviceAccount:acme-mesh-dev.svc.id.goog[gke-mcs/gke-mcs-importer]",
    )


def test_mcs_importer_binding_waits_for_the_config_cluster_that_creates_the_identity_pool() -> None:
    # On a fresh project `<project>.svc.id.goog` exists once a Workload Identity cluster does;
    # bound before, IAM fails with "Identity Pool does not exist".
    plan = mci_plan()
    binding = plan.find(IAM_MEMBER, "mesh-mci-mcs-importer")
    config_cluster = plan.find(CLUSTER, "mesh-tokyo-1-cluster")

    assert config_cluster.inputs["workloadIdentityConfig"] == {"workloadPool": "acme-mesh-dev.svc.id.goog"}
    assert config_cluster.urn in binding.dependencies
    assert plan.find(FEATURE, "mesh-mci-discovery").urn in binding.dependencies


def test_apis_of_mci_and_mcs_are_enabled() -> None:
    services = {s.inputs["service"] for s in mci_plan().by_type(API_SERVICE)}

    assert {
        "multiclusteringress.googleapis.com",
        "multiclusterservicediscovery.googleapis.com",
        "dns.googleapis.com",
        "trafficdirector.googleapis.com",
        "cloudresourcemanager.googleapis.com",
    } <= services


def test_without_mci_no_mci_api_feature_or_binding_exists() -> None:
    plan = platform_plan()

    assert "multiclusteringress.googleapis.com" not in {
        s.inputs["service"] for s in plan.by_type(API_SERVICE)
    }
    assert {f.inputs["name"] for f in plan.by_type(FEATURE)} == {"servicemesh"}
    assert mci_objects(plan) == []


def test_mci_objects_exist_once_each() -> None:
    assert sorted(r.inputs["kind"] for r in mci_objects(mci_plan())) == sorted(MCI_KINDS)


def test_mci_objects_are_on_the_config_cluster_only() -> None:
    assert {r.provider for r in mci_objects(mci_plan())} == {provider_of(mci_plan(), "tokyo-1")}


def test_mci_objects_live_in_the_gateway_namespace() -> None:
    assert {r.inputs["metadata"]["namespace"] for r in mci_objects(mci_plan())} == {"istio-gateway"}


def test_mci_objects_wait_for_the_namespace_gate_and_feature() -> None:
    plan = mci_plan()
    namespace = plan.find(NAMESPACE, "mesh-tokyo-1-ns/istio-gateway").urn
    gate = plan.find(MESH_READY, "mesh-tokyo-1-mesh-ready").urn
    ingress_feature = feature(plan, "multiclusteringress").urn

    for resource in mci_objects(plan):
        assert {namespace, gate, ingress_feature} <= set(resource.dependencies), resource.name


def test_gateway_service_is_cluster_ip_on_every_cluster() -> None:
    services = [
        s for s in mci_plan().by_type(K8S_SERVICE) if s.inputs["metadata"]["name"] == "istio-ingressgateway"
    ]

    assert len(services) == 2
    assert {s.inputs["spec"]["type"] for s in services} == {"ClusterIP"}


def test_every_mci_object_validates_strictly() -> None:
    for resource in [*mci_objects(mci_plan()), *mci_objects(https_plan())]:
        manifest = {k: resource.inputs[k] for k in ("apiVersion", "kind", "metadata", "spec")}
        annotations = manifest["metadata"].get("annotations", {})
        # The address is unknown in a preview; the schema checks the annotation as a string.
        manifest["metadata"]["annotations"] = {
            k: v if isinstance(v, str) else "203.0.113.7" for k, v in annotations.items()
        }
        if not manifest["metadata"]["annotations"]:
            del manifest["metadata"]["annotations"]
        validate_manifest(manifest)


def test_no_static_ip_by_default() -> None:
    assert mci_plan().by_type(GLOBAL_ADDRESS) == []


def test_static_ip_is_a_global_external_address_named_with_the_prefix() -> None:
    (address,) = static_ip_plan().by_type(GLOBAL_ADDRESS)

    assert (address.inputs["name"], address.inputs["addressType"]) == ("dev-mci", "EXTERNAL")


def test_static_ip_is_annotated_on_the_multi_cluster_ingress() -> None:
    (mci,) = [r for r in mci_objects(static_ip_plan()) if r.inputs["kind"] == "MultiClusterIngress"]

    assert list(mci.inputs["metadata"]["annotations"]) == ["networking.gke.io/static-ip"]


MANAGED_CERT = "gcp:compute/managedSslCertificate:ManagedSslCertificate"


@functools.cache
def https_plan() -> Plan:
    certificates = {"preShared": ["shop-cert"], "managedDomains": ["shop.example.com"]}
    return platform_plan(mci_raw(staticIp=True, certificates=certificates))


def test_no_certificate_without_certificates() -> None:
    assert static_ip_plan().by_type(MANAGED_CERT) == []


def test_managed_certificate_covers_the_listed_domains() -> None:
    (cert,) = https_plan().by_type(MANAGED_CERT)

    assert (cert.inputs["name"], cert.inputs["managed"]) == (
        "dev-mci-cert",
        {"domains": ["shop.example.com"]},
    )


def test_pre_shared_and_managed_certificates_are_annotated_on_the_multi_cluster_ingress() -> None:
    (mci,) = [r for r in mci_objects(https_plan()) if r.inputs["kind"] == "MultiClusterIngress"]

    assert (
        mci.inputs["metadata"]["annotations"]["networking.gke.io/pre-shared-certs"]
        == "shop-cert,dev-mci-cert"
    )
