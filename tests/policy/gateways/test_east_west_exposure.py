"""east-west-exposure: an east-west gateway is not open to the internet (seeds 000/003)."""

from __future__ import annotations

from typing import Any

import pulumi_kubernetes as kubernetes
import pytest

from tests.policy.helpers import (
    assert_no_violation,
    assert_violation,
    on_cluster,
    plan_from,
    plan_of,
    platform_plan,
    run_policy,
    service,
)

POLICY = "east-west-exposure"
EAST_WEST = {"istio": "eastwestgateway", "app": "istio-eastwestgateway"}
# Istio's samples/multicluster east-west gateway Service, reduced to what matters here.
SAMPLE_SPEC: Any = {
    "type": "LoadBalancer",
    "selector": EAST_WEST,
    "ports": [{"name": "tls", "port": 15443, "targetPort": 15443}],
}


def east_west(
    spec: dict[str, Any] | None = None, annotations: dict[str, str] | None = None, **kwargs: Any
) -> Any:
    return plan_from(
        service(
            "istio-eastwestgateway",
            "istio-eastwest",
            selector=EAST_WEST,
            labels=EAST_WEST | {"topology.istio.io/network": "network1"},
            annotations=annotations,
            spec={"type": "LoadBalancer", **(spec or {})},
            **kwargs,
        )
    )


def test_our_ingress_gateway_is_not_east_west() -> None:
    assert_no_violation(POLICY, platform_plan())


def test_istio_sample_east_west_gateway_is_flagged() -> None:
    def program() -> None:
        kubernetes.core.v1.Service(
            "eastwest",
            metadata={"name": "istio-eastwestgateway", "namespace": "istio-gateways", "labels": EAST_WEST},
            spec=SAMPLE_SPEC,
            opts=on_cluster(),
        )

    violation = assert_violation(
        POLICY, plan_of(program), "istio-gateways/istio-eastwestgateway", "public LoadBalancer"
    )
    assert not violation.mandatory


@pytest.mark.parametrize(
    ("spec", "annotations"),
    [
        ({"loadBalancerSourceRanges": ["10.0.0.0/8"]}, None),
        (None, {"networking.gke.io/load-balancer-type": "Internal"}),
        (None, {"service.beta.kubernetes.io/azure-load-balancer-internal": "true"}),
        (None, {"service.beta.kubernetes.io/load-balancer-source-ranges": "10.0.0.0/8, 172.16.0.0/12"}),
        ({"type": "ClusterIP"}, None),
    ],
)
def test_restricted_or_internal_east_west_gateways_pass(spec: Any, annotations: Any) -> None:
    assert_no_violation(POLICY, east_west(spec, annotations))


def test_any_source_counts_as_open() -> None:
    assert_violation(POLICY, east_west({"loadBalancerSourceRanges": ["0.0.0.0/0"]}), "open to any source")


def test_gateway_service_marked_with_a_mesh_network_is_east_west() -> None:
    plan = plan_from(
        service(
            "cross-network",
            "istio-gateways",
            selector={"istio": "crossnetworkgateway"},
            labels={"topology.istio.io/network": "network2"},
            spec={"type": "LoadBalancer"},
        )
    )

    assert_violation(POLICY, plan, "cross-network")


def test_unknown_source_ranges_are_not_checked() -> None:
    report = run_policy(POLICY, east_west({"loadBalancerSourceRanges": "<unknown>"}))

    assert report.violations == [] and len(report.not_checked) == 1
