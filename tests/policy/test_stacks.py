"""The whole pack on real programs: every stack passes; a gateway in istio-system fails preview."""

from __future__ import annotations

import json
from pathlib import Path

import pulumi_kubernetes as kubernetes
import pytest

from components.spec.models import GatewaySpec

from .helpers import (
    GATEWAY_LABELS,
    components_plan,
    gateway_deployment_spec,
    helloworld_route,
    on_cluster,
    plan_of,
    run_pack,
    stack_files,
    stack_plan,
)

SEPARATION = "gateway-namespace-separation"


@pytest.mark.parametrize(
    "stack_file",
    stack_files(),
    ids=lambda p: p.name,
)
def test_every_stack_passes_the_pack(stack_file: Path) -> None:
    # With the stack's own policy config, as `pulumi preview --policy-pack-config` gets it.
    stack = stack_file.name.removeprefix("Pulumi.").removesuffix(".yaml")
    config = json.loads((stack_file.parent / "policy" / f"{stack}.json").read_text())
    report = run_pack(stack_plan(stack_file), config)

    assert report.mandatory == [], [(v.policy_name, v.resource_name, v.message) for v in report.mandatory]
    # Unchecked only: the node policies on an Autopilot cluster, whose nodes GKE chooses, and in a
    # layered routes stack the Gateways' selectors, left to the layers' joined plan.
    elsewhere = config.get("gateway-selector-match", {}).get("gatewaysInOtherStacks", False)
    unchecked = [n.policy_name for n in report.not_checked if " is Autopilot: " not in n.message]
    assert unchecked == (["gateway-selector-match"] if elsewhere else [])
    # Only advisories a stack chooses knowingly: dev does not protect its network and cluster.
    assert {v.policy_name for v in report.advisory} <= {"protect-stateful"}


def test_there_is_a_stack_to_check() -> None:
    assert [p.name for p in stack_files()][:1] == ["Pulumi.dev.yaml"]


def istio_system_program() -> None:
    """An ingress gateway installed the way the seeds advise against: beside istiod."""
    opts = on_cluster()
    kubernetes.core.v1.Namespace(
        "istio-system", metadata={"name": "istio-system", "labels": {"istio-injection": "enabled"}}, opts=opts
    )
    kubernetes.apps.v1.Deployment(
        "ingressgateway",
        metadata={"name": "istio-ingressgateway", "namespace": "istio-system"},
        spec=gateway_deployment_spec(GATEWAY_LABELS),
        opts=opts,
    )
    kubernetes.core.v1.Service(
        "ingressgateway",
        metadata={"name": "istio-ingressgateway", "namespace": "istio-system"},
        spec={"type": "LoadBalancer", "selector": GATEWAY_LABELS, "ports": [{"name": "http2", "port": 80}]},
        opts=opts,
    )


def test_plain_gateway_in_istio_system_fails_with_the_separation_message() -> None:
    report = run_pack(plan_of(istio_system_program))

    assert report.mandatory_failed
    assert {v.policy_name for v in report.mandatory} == {SEPARATION}
    advice = (
        "is in istio-system, a control-plane or system namespace. Run gateways in a namespace of their "
        "own (e.g. istio-gateway), deployed and upgraded apart from the control plane."
    )
    assert [v.message for v in report.mandatory] == [
        f"gateway Deployment istio-system/istio-ingressgateway {advice}",
        f"gateway Service istio-system/istio-ingressgateway {advice}",
    ]


def test_components_with_a_gateway_in_istio_system_fail_the_pack() -> None:
    spec = GatewaySpec.model_construct(name="istio-ingressgateway", namespace="istio-system")
    report = run_pack(components_plan(spec, routes=(helloworld_route(),)))

    assert report.mandatory_failed
    assert {v.policy_name for v in report.mandatory} == {SEPARATION}
    assert {v.resource_name for v in report.mandatory} == {"gw-deployment", "gw-service"}
