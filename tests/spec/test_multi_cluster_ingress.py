"""multiClusterIngress in the platform spec: its references and what it requires of the gateway."""

from __future__ import annotations

from typing import Any

from components.spec import parse_platform
from tests.spec.fixtures import dev_platform, spec_message


def _with_mci(**fields: Any) -> dict[str, Any]:
    raw = dev_platform()
    raw["gateways"][0]["serviceType"] = "ClusterIP"
    raw["multiClusterIngress"] = {"configCluster": "tokyo-1", "gateway": "istio-ingressgateway", **fields}
    return raw


def test_no_multi_cluster_ingress_by_default() -> None:
    assert parse_platform(dev_platform()).multi_cluster_ingress is None


def test_static_ip_is_off_by_default() -> None:
    mci = parse_platform(_with_mci()).multi_cluster_ingress

    assert mci is not None and mci.static_ip is False


def test_config_cluster_must_be_a_cluster_of_the_spec() -> None:
    assert spec_message(_with_mci(configCluster="osaka-1")) == (
        "platform.multiClusterIngress.configCluster: 'osaka-1' is not a GKE cluster in clusters"
        " (tokyo-1, tokyo-2)"
    )


def test_gateway_must_be_a_gateway_of_the_spec() -> None:
    assert spec_message(_with_mci(gateway="edge")) == (
        "platform.multiClusterIngress.gateway: 'edge' is not a gateway in gateways (istio-ingressgateway)"
    )


def test_gateway_with_the_default_load_balancer_service_is_refused() -> None:
    raw = _with_mci()
    del raw["gateways"][0]["serviceType"]

    assert spec_message(raw) == (
        "platform.gateways[0].serviceType: LoadBalancer exposes istio-ingressgateway beside Multi Cluster"
        " Ingress, which fronts it; set serviceType: ClusterIP"
    )


def test_gateway_with_a_node_port_service_is_refused() -> None:
    raw = _with_mci()
    raw["gateways"][0]["serviceType"] = "NodePort"

    assert spec_message(raw).startswith("platform.gateways[0].serviceType: NodePort exposes")


def test_misspelt_field_names_the_right_one() -> None:
    raw = _with_mci()
    raw["multiClusterIngress"]["staticIP"] = True

    assert "did you mean staticIp?" in spec_message(raw)


def test_static_ip_must_be_a_boolean() -> None:
    assert spec_message(_with_mci(staticIp="yes")).startswith(
        "platform.multiClusterIngress.staticIp: must be true or false"
    )


def test_certificates_need_a_static_ip() -> None:
    assert spec_message(_with_mci(certificates={"preShared": ["shop-cert"]})) == (
        "platform.multiClusterIngress.staticIp: must be true with certificates:"
        " GKE serves HTTPS only on a static IP"
    )


def test_certificates_name_at_least_one() -> None:
    assert spec_message(_with_mci(staticIp=True, certificates={})) == (
        "platform.multiClusterIngress.certificates:"
        " name at least one preShared certificate or managedDomains entry"
    )


def test_managed_domain_is_no_wildcard() -> None:
    raw = _with_mci(staticIp=True, certificates={"managedDomains": ["*.example.com"]})

    assert spec_message(raw).startswith(
        "platform.multiClusterIngress.certificates.managedDomains[0]: '*.example.com'"
        " must be a fully qualified"
    )


def test_pre_shared_certificate_is_a_resource_name() -> None:
    raw = _with_mci(staticIp=True, certificates={"preShared": ["Shop_Cert"]})

    assert spec_message(raw).startswith(
        "platform.multiClusterIngress.certificates.preShared[0]: 'Shop_Cert' must be"
    )
