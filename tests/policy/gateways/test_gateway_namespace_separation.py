"""gateway-namespace-separation: no gateway Deployment or Service in a control-plane or system namespace."""

from __future__ import annotations

import pulumi_kubernetes as kubernetes
import pytest

from components.spec.models import GatewaySpec, MeshSpec
from tests.policy.helpers import (
    GATEWAY_LABELS,
    assert_no_violation,
    assert_violation,
    components_plan,
    gateway_deployment,
    gateway_deployment_spec,
    k8s_provider,
    on_cluster,
    plan_from,
    plan_of,
    platform_plan,
    resource,
    run_policy,
    service,
)

POLICY = "gateway-namespace-separation"


def test_our_gateways_pass() -> None:
    assert_no_violation(POLICY, platform_plan())


def test_components_with_a_gateway_in_istio_system_fail() -> None:
    # The platform spec refuses this namespace; a hand-built spec reaches the component.
    spec = GatewaySpec.model_construct(name="istio-ingressgateway", namespace="istio-system")
    plan = components_plan(spec, mesh=MeshSpec())

    deployment = assert_violation(
        POLICY,
        plan,
        "istio-system/istio-ingressgateway",
        "control-plane or system namespace",
        resource="gw-deployment",
    )
    service_violation = assert_violation(POLICY, plan, "gateway Service", resource="gw-service")

    assert deployment.mandatory and service_violation.mandatory


@pytest.mark.parametrize(
    "namespace", ["istio-system", "aks-istio-system", "kube-system", "gke-system", "kube-public"]
)
def test_plain_gateway_deployment_in_a_system_namespace_fails(namespace: str) -> None:
    labels = {"istio": "ingressgateway"}

    def program() -> None:
        kubernetes.apps.v1.Deployment(
            "gateway",
            metadata={"name": "ingress", "namespace": namespace},
            spec=gateway_deployment_spec(labels, template=False),
            opts=on_cluster(),
        )

    assert_violation(POLICY, plan_of(program), f"{namespace}/ingress", resource="gateway")


def test_a_workload_using_the_gateway_template_is_a_gateway_whatever_its_labels() -> None:
    plan = plan_from(gateway_deployment(namespace="istio-system", labels={"app": "edge"}))

    assert_violation(POLICY, plan, "gateway Deployment istio-system/istio-ingressgateway")


def test_east_west_gateway_service_in_istio_system_fails() -> None:
    plan = plan_from(service("istio-eastwestgateway", "istio-system", selector={"istio": "eastwestgateway"}))

    assert_violation(POLICY, plan, "gateway Service istio-system/istio-eastwestgateway")


def test_aks_addon_gateway_service_in_the_control_plane_namespace_fails() -> None:
    plan = plan_from(
        service("external", "aks-istio-system", selector={"istio": "aks-istio-ingressgateway-external"})
    )

    assert_violation(POLICY, plan, "aks-istio-system/external")


def test_the_control_plane_itself_may_stay_in_istio_system() -> None:
    istiod = resource(
        "kubernetes:apps/v1:Deployment",
        "istiod",
        {
            "metadata": {"name": "istiod", "namespace": "istio-system"},
            "spec": {"template": {"metadata": {"labels": {"app": "istiod", "istio": "pilot"}}}},
        },
    )
    plan = plan_from(istiod, service("istiod", "istio-system", selector={"app": "istiod", "istio": "pilot"}))

    assert_no_violation(POLICY, plan)


def test_namespace_comes_from_the_provider_when_metadata_has_none() -> None:
    provider = k8s_provider(namespace="istio-system")
    plan = plan_from(provider, gateway_deployment(namespace=None, provider=provider))

    assert_violation(POLICY, plan, "istio-system/istio-ingressgateway")


def test_no_namespace_anywhere_means_default() -> None:
    assert_no_violation(POLICY, plan_from(gateway_deployment(namespace=None)))


def test_configured_namespaces_are_reserved_too() -> None:
    plan = plan_from(gateway_deployment(namespace="platform-ops"))

    assert_no_violation(POLICY, plan)
    assert_violation(POLICY, plan, "platform-ops/", extraReservedNamespaces=["platform-ops"])


def test_an_unknown_namespace_is_not_checked_rather_than_failed() -> None:
    plan = plan_from(gateway_deployment(namespace="<unknown>"))

    report = run_policy(POLICY, plan)

    assert report.violations == []
    assert [n.policy_name for n in report.not_checked] == [POLICY]
    assert "can't be known during preview" in report.not_checked[0].message


def test_gateway_pods_are_recognised_by_their_istio_label() -> None:
    plan = plan_from(gateway_deployment(namespace="kube-system", labels=GATEWAY_LABELS, annotations={}))

    assert_violation(POLICY, plan, "kube-system/")
