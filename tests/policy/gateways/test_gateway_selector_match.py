"""gateway-selector-match: every Istio Gateway selects gateway pods on its own cluster (seed 000)."""

from __future__ import annotations

from typing import Any

import pytest

from components.engine import PlannedResource
from tests.policy.helpers import (
    GATEWAY_LABELS,
    assert_no_violation,
    assert_violation,
    components_plan,
    gateway_deployment,
    helloworld_route,
    istio_object,
    k8s_provider,
    plan_from,
    platform_plan,
    run_policy,
)

POLICY = "gateway-selector-match"
SERVER = {"port": {"number": 80, "name": "http", "protocol": "HTTP"}, "hosts": ["*"]}


def gateway(selector: dict[str, str] | str, **kwargs: Any) -> PlannedResource:
    return istio_object(
        "Gateway", "helloworld-gateway", "sample", {"selector": selector, "servers": [SERVER]}, **kwargs
    )


def test_our_routes_select_our_gateways_on_each_cluster() -> None:
    assert_no_violation(POLICY, platform_plan())  # two clusters, a gateway and a route on each
    assert_no_violation(POLICY, components_plan(routes=(helloworld_route(),)))


def test_a_route_given_the_wrong_selector_fails() -> None:
    plan = components_plan(routes=(helloworld_route(),), selector={"istio": "ingress"})

    violation = assert_violation(
        POLICY,
        plan,
        "Gateway sample/helloworld-gateway selects {istio: ingress}",
        "gateway pods there are labelled {app: istio-ingressgateway, istio: ingressgateway, "
        "sidecar.istio.io/inject: true}",
        resource="route-helloworld-gateway",
    )
    assert violation.mandatory


def test_gateway_pods_on_another_cluster_do_not_count() -> None:
    cluster_a, cluster_b = k8s_provider("cluster-a"), k8s_provider("cluster-b")
    plan = plan_from(
        cluster_a,
        cluster_b,
        gateway_deployment(provider=cluster_a),
        gateway({"istio": "ingressgateway"}, provider=cluster_b),
    )

    assert_violation(POLICY, plan, "provider cluster-b", "no gateway Deployment runs there")


def test_a_subset_of_the_pod_labels_matches() -> None:
    plan = plan_from(gateway_deployment(), gateway({"istio": "ingressgateway"}))

    assert_no_violation(POLICY, plan)


def test_a_selector_wider_than_the_pod_labels_fails() -> None:
    plan = plan_from(gateway_deployment(), gateway(GATEWAY_LABELS | {"version": "v2"}))

    assert_violation(POLICY, plan, "version: v2")


def test_aks_addon_gateways_are_accepted() -> None:
    plan = plan_from(
        gateway({"istio": "aks-istio-ingressgateway-external"}),
        istio_object(
            "Gateway",
            "internal",
            "bookinfo",
            {"selector": {"istio": "aks-istio-ingressgateway-internal"}, "servers": [SERVER]},
            version="v1beta1",
        ),
    )

    assert_no_violation(POLICY, plan)


def test_an_empty_selector_fails() -> None:
    plan = plan_from(gateway_deployment(), gateway({}))

    assert_violation(POLICY, plan, "has no selector")


def test_gateways_deployed_elsewhere_can_be_declared_in_config() -> None:
    plan = plan_from(gateway({"istio": "helm-ingress"}))

    assert_violation(POLICY, plan, "no gateway Deployment runs there")
    assert_no_violation(POLICY, plan, additionalGatewaySelectors=[{"istio": "helm-ingress", "app": "x"}])


def test_v1alpha3_gateways_are_checked_too() -> None:
    plan = plan_from(
        istio_object("Gateway", "old", "sample", {"selector": {"istio": "nothing"}}, version="v1alpha3")
    )

    assert_violation(POLICY, plan, "selects {istio: nothing}")


@pytest.mark.parametrize(
    ("plan", "unknown"),
    [
        (
            plan_from(gateway_deployment(), gateway("<unknown>")),
            ".spec.selector of helloworld-gateway-gateway",
        ),
        (
            plan_from(
                gateway_deployment(labels={"istio": "ingressgateway", "app": "<unknown>"}),
                gateway({"istio": "other"}),
            ),
            ".spec.template.metadata.labels of istio-ingressgateway-deployment",
        ),
    ],
    ids=["selector", "pod-labels"],
)
def test_unknown_selectors_or_pod_labels_are_not_checked_rather_than_failed(plan: Any, unknown: str) -> None:
    report = run_policy(POLICY, plan)

    assert report.violations == []
    assert [n.message for n in report.not_checked] == [f"unknown until the resources exist: {unknown}"]
