"""IstioGateway's canary Deployment and Istio objects: children on the cluster's provider."""

from __future__ import annotations

from typing import Any

import pytest

from components.engine import Plan
from tests.harness import (
    DEPLOYMENT,
    DESTINATION_RULE,
    FEATURE_MEMBERSHIP,
    ISTIO_GATEWAY,
    ISTIO_GATEWAY_CR,
    K8S_SERVICE,
    VIRTUAL_SERVICE,
    kubernetes_objects,
)
from tests.mesh.test_gateway import gateway_plan

COMPONENT_URN = f"urn:pulumi:test::meshfleet::{ISTIO_GATEWAY}::gw"
PROVIDER_URN = "urn:pulumi:test::meshfleet::pulumi:providers:kubernetes::tokyo-1-k8s"
SERVICE_ENTRY = "kubernetes:networking.istio.io/v1:ServiceEntry"


def _plan(gateway: dict[str, Any]) -> Plan:
    return gateway_plan(
        {"namespace": "istio-gateway", **gateway},
        injection_labels={},
        network="mesh-vpc",
        internal_lb_annotations={"networking.gke.io/load-balancer-type": "Internal"},
    )


@pytest.fixture(scope="module")
def canary() -> Plan:
    return _plan({"name": "istio-ingressgateway", "revision": "1-23-4", "canary": {"revision": "1-24-2"}})


@pytest.fixture(scope="module")
def egress() -> Plan:
    return _plan(
        {"name": "istio-egressgateway", "kind": "egress", "egressHosts": [{"host": "api.example.com"}]}
    )


def test_canary_is_a_second_deployment_named_after_its_role(canary: Plan) -> None:
    deployments = [r for r in kubernetes_objects(canary, COMPONENT_URN) if r.type == DEPLOYMENT]

    assert [(r.name, r.inputs["metadata"]["name"]) for r in deployments] == [
        ("gw-deployment", "istio-ingressgateway"),
        ("gw-canary-deployment", "istio-ingressgateway-canary"),
    ]


def test_canary_is_on_the_cluster_provider_and_waits_for_the_control_plane(canary: Plan) -> None:
    deployment = canary.find(DEPLOYMENT, "gw-canary-deployment")

    assert (deployment.provider, deployment.parent) == (PROVIDER_URN, COMPONENT_URN)
    assert canary.find(FEATURE_MEMBERSHIP, "csm-tokyo-1").urn in deployment.dependencies


def test_egress_objects_are_istio_custom_resources_of_the_gateway(egress: Plan) -> None:
    istio = [r for r in kubernetes_objects(egress, COMPONENT_URN) if "istio.io" in r.type]

    assert [(r.type, r.name) for r in istio] == [
        (SERVICE_ENTRY, "gw-serviceentry/istio-egressgateway-api-example-com"),
        (ISTIO_GATEWAY_CR, "gw-gateway/istio-egressgateway-api-example-com"),
        (VIRTUAL_SERVICE, "gw-virtualservice/istio-egressgateway-api-example-com"),
        (DESTINATION_RULE, "gw-destinationrule/istio-egressgateway"),
    ]
    assert {(r.provider, r.parent) for r in istio} == {(PROVIDER_URN, COMPONENT_URN)}


def test_istio_objects_wait_for_the_control_plane(egress: Plan) -> None:
    membership = egress.find(FEATURE_MEMBERSHIP, "csm-tokyo-1").urn
    istio = [r for r in kubernetes_objects(egress, COMPONENT_URN) if "istio.io" in r.type]

    assert [membership in r.dependencies for r in istio] == [True] * 4


def test_east_west_gateway_gets_its_cross_network_gateway_and_internal_service() -> None:
    plan = _plan({"name": "istio-eastwestgateway", "kind": "east-west"})
    gateway = plan.find(ISTIO_GATEWAY_CR, "gw-gateway/cross-network-gateway")
    service = plan.find(K8S_SERVICE, "gw-service")

    assert gateway.inputs["spec"]["servers"][0]["tls"] == {"mode": "AUTO_PASSTHROUGH"}
    assert service.inputs["metadata"]["annotations"] == {"networking.gke.io/load-balancer-type": "Internal"}
