"""The AKS Istio add-on's gateways: the selector routes bind to, and the patch of their Service."""

from __future__ import annotations

import pytest

from components.render.addon import addon_service_patch
from components.render.gateway import gateway_selector
from components.spec.models import GatewaySpec
from tests.schemas import validate_manifest

SUBNET = "internal-lb"


def addon_gateway(addon: str = "external", **fields: object) -> GatewaySpec:
    return GatewaySpec.model_validate(
        {
            "name": f"aks-istio-ingressgateway-{addon}",
            "namespace": "aks-istio-ingress",
            "addon": addon,
            **fields,
        }
    )


def test_external_addon_gateway_selector_is_the_addons_istio_label() -> None:
    assert gateway_selector(addon_gateway("external")) == {"istio": "aks-istio-ingressgateway-external"}


def test_internal_addon_gateway_selector_is_the_addons_istio_label() -> None:
    assert gateway_selector(addon_gateway("internal")) == {"istio": "aks-istio-ingressgateway-internal"}


def test_own_gateway_selector_is_its_pod_labels() -> None:
    gateway = GatewaySpec.model_validate({"name": "istio-ingressgateway", "namespace": "istio-gateway"})

    assert gateway_selector(gateway) == {"app": "istio-ingressgateway", "istio": "ingressgateway"}


def test_patch_targets_the_addons_service() -> None:
    patch = addon_service_patch(
        addon_gateway("external", externalTrafficPolicy="Local"), internal_lb_subnet=SUBNET
    )

    assert patch is not None
    assert (patch["kind"], patch["metadata"]["namespace"], patch["metadata"]["name"]) == (
        "Service",
        "aks-istio-ingress",
        "aks-istio-ingressgateway-external",
    )


def test_patch_sets_external_traffic_policy() -> None:
    patch = addon_service_patch(
        addon_gateway("external", externalTrafficPolicy="Local"), internal_lb_subnet=SUBNET
    )

    assert patch is not None and patch["spec"] == {"externalTrafficPolicy": "Local"}


def test_patch_carries_the_spec_annotations_and_force() -> None:
    gateway = addon_gateway(
        "external", annotations={"external-dns.alpha.kubernetes.io/hostname": "a.example.com"}
    )

    patch = addon_service_patch(gateway, internal_lb_subnet=SUBNET)

    assert patch is not None and patch["metadata"]["annotations"] == {
        "pulumi.com/patchForce": "true",
        "external-dns.alpha.kubernetes.io/hostname": "a.example.com",
    }


def test_internal_patch_puts_the_lb_in_the_internal_subnet() -> None:
    patch = addon_service_patch(addon_gateway("internal"), internal_lb_subnet=SUBNET)

    assert patch is not None
    assert (
        patch["metadata"]["annotations"]["service.beta.kubernetes.io/azure-load-balancer-internal-subnet"]
        == SUBNET
    )


def test_internal_patch_keeps_a_subnet_the_spec_names() -> None:
    key = "service.beta.kubernetes.io/azure-load-balancer-internal-subnet"
    patch = addon_service_patch(
        addon_gateway("internal", annotations={key: "other"}), internal_lb_subnet=SUBNET
    )

    assert patch is not None and patch["metadata"]["annotations"][key] == "other"


def test_external_patch_gets_no_internal_subnet() -> None:
    patch = addon_service_patch(
        addon_gateway("external", externalTrafficPolicy="Local"), internal_lb_subnet=SUBNET
    )

    assert patch is not None and "spec" in patch
    assert (
        "service.beta.kubernetes.io/azure-load-balancer-internal-subnet"
        not in patch["metadata"]["annotations"]
    )


def test_nothing_to_patch_gives_no_patch() -> None:
    assert addon_service_patch(addon_gateway("external"), internal_lb_subnet=SUBNET) is None


def test_patch_carries_no_labels_of_ours() -> None:
    patch = addon_service_patch(addon_gateway("internal"), internal_lb_subnet=SUBNET)

    assert patch is not None and "labels" not in patch["metadata"]


def test_patch_of_a_non_addon_gateway_raises() -> None:
    gateway = GatewaySpec.model_validate({"name": "istio-ingressgateway", "namespace": "istio-gateway"})

    with pytest.raises(ValueError, match="not an add-on gateway"):
        addon_service_patch(gateway, internal_lb_subnet=SUBNET)


@pytest.mark.parametrize("addon", ["external", "internal"])
def test_patch_passes_the_core_service_schema_strictly(addon: str) -> None:
    gateway = addon_gateway(
        addon,
        externalTrafficPolicy="Local",
        annotations={"service.beta.kubernetes.io/azure-pip-name": "shop-ip"},
    )
    patch = addon_service_patch(gateway, internal_lb_subnet=SUBNET)

    assert patch is not None
    validate_manifest(patch)
