"""aks-addon-gateway-annotations and aks-addon-gateway-not-owned: the add-on's gateway Services
(seed 002) are patched, with the annotations the add-on supports only."""

from __future__ import annotations

import pulumi_kubernetes as kubernetes

from tests.policy.helpers import assert_no_violation, assert_violation, plan_of

from .programs import ADDON_NAMESPACE, EXTERNAL, INTERNAL, gateway_patch, gateway_service

ANNOTATIONS = "aks-addon-gateway-annotations"
NOT_OWNED = "aks-addon-gateway-not-owned"

SEED_002 = {
    "service.beta.kubernetes.io/azure-load-balancer-internal-subnet": "ilb-subnet",
    "service.beta.kubernetes.io/azure-shared-securityrule": "true",
    "service.beta.kubernetes.io/azure-allowed-service-tags": "AzureFrontDoor.Backend",
    "service.beta.kubernetes.io/azure-load-balancer-ipv4": "10.10.2.10",
    "service.beta.kubernetes.io/azure-load-balancer-resource-group": "mesh-rg",
    "service.beta.kubernetes.io/azure-pip-name": "bookinfo-pip",
    "external-dns.alpha.kubernetes.io/hostname": "bookinfo.example.com",
}


def test_the_seed_002_annotations_pass() -> None:
    plan = plan_of(lambda: gateway_patch(INTERNAL, SEED_002))

    assert_no_violation(ANNOTATIONS, plan)
    assert_no_violation(NOT_OWNED, plan)


def test_an_unsupported_annotation_fails_by_name() -> None:
    plan = plan_of(
        lambda: gateway_patch(
            EXTERNAL, {"service.beta.kubernetes.io/azure-load-balancer-tcp-idle-timeout": "10"}
        )
    )

    violation = assert_violation(
        ANNOTATIONS,
        plan,
        f"add-on gateway Service {ADDON_NAMESPACE}/{EXTERNAL}",
        "(service.beta.kubernetes.io/azure-load-balancer-tcp-idle-timeout)",
        "azure-pip-name",
    )
    assert violation.mandatory


def test_health_probe_annotations_of_ports_80_and_443_pass() -> None:
    probes = {
        "service.beta.kubernetes.io/port_80_health-probe_protocol": "http",
        "service.beta.kubernetes.io/port_443_health-probe_request-path": "/healthz/ready",
    }

    assert_no_violation(ANNOTATIONS, plan_of(lambda: gateway_patch(EXTERNAL, probes)))


def test_a_health_probe_annotation_of_another_port_fails() -> None:
    plan = plan_of(
        lambda: gateway_patch(
            EXTERNAL, {"service.beta.kubernetes.io/port_15021_health-probe_protocol": "http"}
        )
    )

    assert_violation(ANNOTATIONS, plan, "port_15021_health-probe_protocol")


def test_the_internal_annotation_passes_on_the_internal_gateway_only() -> None:
    internal = {"service.beta.kubernetes.io/azure-load-balancer-internal": "true"}

    assert_no_violation(ANNOTATIONS, plan_of(lambda: gateway_patch(INTERNAL, internal)))
    assert_violation(
        ANNOTATIONS, plan_of(lambda: gateway_patch(EXTERNAL, internal)), "azure-load-balancer-internal"
    )


def test_pulumi_patch_directives_pass() -> None:
    plan = plan_of(lambda: gateway_patch(EXTERNAL, {"pulumi.com/patchForce": "true"}))

    assert_no_violation(ANNOTATIONS, plan)


def test_a_service_of_that_name_elsewhere_is_not_the_add_ons() -> None:
    plan = plan_of(lambda: gateway_service(EXTERNAL, namespace="edge", annotations={"example.com/x": "y"}))

    assert_no_violation(ANNOTATIONS, plan)
    assert_no_violation(NOT_OWNED, plan)


def test_creating_the_add_ons_service_fails() -> None:
    violation = assert_violation(
        NOT_OWNED,
        plan_of(lambda: gateway_service(EXTERNAL)),
        f"Service {ADDON_NAMESPACE}/{EXTERNAL} belongs to the AKS Istio add-on",
        "ServicePatch",
    )
    assert violation.mandatory


def test_creating_it_through_the_providers_namespace_fails_too() -> None:
    def program() -> None:
        provider = kubernetes.Provider(
            "aks-k8s", kubeconfig="apiVersion: v1\nkind: Config\n", namespace=ADDON_NAMESPACE
        )
        gateway_service(INTERNAL, namespace=None, provider=provider)

    assert_violation(NOT_OWNED, plan_of(program), INTERNAL)


def test_annotations_of_a_created_service_are_checked_as_well() -> None:
    plan = plan_of(lambda: gateway_service(EXTERNAL, annotations={"example.com/x": "y"}))

    assert_violation(ANNOTATIONS, plan, "example.com/x")
