"""gateway-image-auto: gateway Deployments take their proxy image from the control plane."""

from __future__ import annotations

import pulumi_kubernetes as kubernetes

from components.engine import PlannedResource
from tests.policy.helpers import (
    GATEWAY_LABELS,
    assert_no_violation,
    assert_violation,
    components_plan,
    edited,
    gateway_deployment,
    gateway_deployment_spec,
    on_cluster,
    plan_from,
    plan_of,
    platform_plan,
    resource,
    run_policy,
)

POLICY = "gateway-image-auto"


def test_our_gateways_pass() -> None:
    assert_no_violation(POLICY, platform_plan())
    assert_no_violation(POLICY, components_plan())


def test_our_gateway_with_a_pinned_image_fails() -> None:
    def pin(item: PlannedResource) -> None:
        item.inputs["spec"]["template"]["spec"]["containers"][0]["image"] = (
            "gcr.io/istio-release/proxyv2:1.20.3"
        )

    plan = edited(components_plan(), "kubernetes:apps/v1:Deployment", pin)

    violation = assert_violation(POLICY, plan, "'gcr.io/istio-release/proxyv2:1.20.3'", "image: auto")
    assert violation.mandatory


def test_plain_gateway_without_the_gateway_template_fails() -> None:
    def program() -> None:
        kubernetes.apps.v1.Deployment(
            "gateway",
            metadata={"name": "istio-ingressgateway", "namespace": "istio-gateway"},
            spec=gateway_deployment_spec(GATEWAY_LABELS, template=False),
            opts=on_cluster(),
        )

    assert_violation(POLICY, plan_of(program), "inject.istio.io/templates: gateway")


def test_a_gateway_without_a_proxy_container_fails() -> None:
    plan = plan_from(gateway_deployment(containers=[{"name": "envoy", "image": "envoyproxy/envoy:v1.30"}]))

    assert_violation(POLICY, plan, "no container named istio-proxy")


def test_other_deployments_may_pin_images() -> None:
    app = resource(
        "kubernetes:apps/v1:Deployment",
        "helloworld",
        {
            "metadata": {"name": "helloworld-v1", "namespace": "sample"},
            "spec": {
                "template": {
                    "metadata": {"labels": {"app": "helloworld", "version": "v1"}},
                    "spec": {"containers": [{"name": "helloworld", "image": "helloworld:1.0"}]},
                }
            },
        },
    )

    assert_no_violation(POLICY, plan_from(app))


def test_gateway_template_among_others_counts() -> None:
    plan = plan_from(gateway_deployment(annotations={"inject.istio.io/templates": "gateway,spire"}))

    assert_no_violation(POLICY, plan)


def test_an_unknown_image_is_not_checked() -> None:
    report = run_policy(POLICY, plan_from(gateway_deployment(image="<unknown>")))

    assert report.violations == []
    assert len(report.not_checked) == 1
