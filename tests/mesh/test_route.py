"""Route: an Istio Gateway, VirtualService and DestinationRule that expose one service through a gateway."""

from __future__ import annotations

from typing import Any

import pulumi_kubernetes as kubernetes
import pytest

from components.engine import Plan
from components.gcp.mesh import CloudServiceMesh, CloudServiceMeshArgs
from components.mesh.gateway import IstioGateway, IstioGatewayArgs
from components.mesh.route import Route, RouteArgs
from components.render.injection import namespace_labels
from components.spec.models import GatewaySpec, MeshSpec, RouteSpec
from tests.harness import (
    DEPLOYMENT,
    DESTINATION_RULE,
    FEATURE_MEMBERSHIP,
    ISTIO_GATEWAY_CR,
    K8S_PROVIDER,
    ROUTE,
    STACK_URN,
    VIRTUAL_SERVICE,
    kubernetes_objects,
    plan_of,
    platform_plan,
)
from tests.spec.fixtures import dev_platform

COMPONENT_URN = f"urn:pulumi:test::meshfleet::{ROUTE}::route"
PROVIDER_URN = f"urn:pulumi:test::meshfleet::{K8S_PROVIDER}::tokyo-1-k8s"
TLS = {"credentialName": "helloworld-cert", "hosts": ["hello.example.com"]}


def route_plan(**changes: Any) -> Plan:
    """The dev spec's helloworld route with `changes` (camelCase), served by istio-ingressgateway."""
    route = RouteSpec.model_validate(dev_platform()["routes"][0] | changes)
    gateway = GatewaySpec.model_validate(dev_platform()["gateways"][0])
    mesh = MeshSpec.model_validate(dev_platform()["mesh"])

    def build() -> None:
        provider = kubernetes.Provider("tokyo-1-k8s", kubeconfig="apiVersion: v1\nkind: Config\n")
        csm = CloudServiceMesh(
            "csm", CloudServiceMeshArgs(project="acme-mesh-dev", memberships={"tokyo-1": "tokyo-1"})
        )
        ready = csm.ready("tokyo-1")
        gw = IstioGateway(
            "gw",
            IstioGatewayArgs(
                gateway=gateway,
                injection_labels=namespace_labels(mesh),
                provider=provider,
                mesh_ready=ready,
            ),
        )
        Route(
            "route",
            RouteArgs(
                route=route,
                selector=gw.pod_labels,
                gateway_namespace=gw.namespace_name,
                provider=provider,
                mesh_ready=ready,
            ),
        )

    return plan_of(build)


@pytest.fixture(scope="module")
def plan() -> Plan:
    return route_plan()


def istio_objects(plan: Plan) -> list[Any]:
    return kubernetes_objects(plan, COMPONENT_URN)


def spec_of(plan: Plan, type_: str, name: str) -> dict[str, Any]:
    return plan.find(type_, name).inputs["spec"]


def http_routes(plan: Plan) -> list[dict[str, Any]]:
    return spec_of(plan, VIRTUAL_SERVICE, "route-virtualservice")["http"][0]["route"]


def test_component_type_token_is_meshfleet_index_route(plan: Plan) -> None:
    component = plan.find(ROUTE, "route")

    assert (component.urn, component.custom, component.parent) == (COMPONENT_URN, False, STACK_URN)


def test_creates_gateway_destination_rule_and_virtual_service(plan: Plan) -> None:
    assert [(r.type, r.name) for r in istio_objects(plan)] == [
        (ISTIO_GATEWAY_CR, "route-gateway"),
        (DESTINATION_RULE, "route-destinationrule"),
        (VIRTUAL_SERVICE, "route-virtualservice"),
    ]


def test_every_istio_object_uses_the_clusters_explicit_provider(plan: Plan) -> None:
    assert [r.provider for r in istio_objects(plan)] == [PROVIDER_URN] * 3


def test_istio_objects_are_networking_v1_in_the_route_namespace(plan: Plan) -> None:
    objects = istio_objects(plan)

    assert {r.inputs["apiVersion"] for r in objects} == {"networking.istio.io/v1"}
    assert {r.inputs["metadata"]["namespace"] for r in objects} == {"sample"}


def test_istio_gateway_selector_equals_the_gateway_pod_labels(plan: Plan) -> None:
    selector = spec_of(plan, ISTIO_GATEWAY_CR, "route-gateway")["selector"]
    deployment = plan.find(DEPLOYMENT, "gw-deployment").inputs["spec"]

    assert selector == deployment["selector"]["matchLabels"]
    assert selector == {"app": "istio-ingressgateway", "istio": "ingressgateway"}


def test_istio_gateway_selector_follows_a_renamed_gateway_in_the_platform() -> None:
    raw = dev_platform()
    raw["gateways"][0]["name"] = "edge"
    raw["routes"][0]["gateway"] = "edge"
    plan = platform_plan(raw)

    for cluster in ("tokyo-1", "tokyo-2"):
        selector = spec_of(plan, ISTIO_GATEWAY_CR, f"mesh-{cluster}/sample/helloworld-gateway")["selector"]
        deployment = spec_of(plan, DEPLOYMENT, f"mesh-{cluster}/edge-deployment")
        assert selector == deployment["selector"]["matchLabels"] == {"app": "edge", "istio": "edge"}


def test_istio_gateway_serves_http_on_80_for_the_route_hosts(plan: Plan) -> None:
    servers = spec_of(plan, ISTIO_GATEWAY_CR, "route-gateway")["servers"]

    assert servers == [{"port": {"number": 80, "name": "http", "protocol": "HTTP"}, "hosts": ["*"]}]


def test_tls_route_adds_an_https_server_with_tls_1_2_minimum() -> None:
    servers = spec_of(route_plan(tls=TLS), ISTIO_GATEWAY_CR, "route-gateway")["servers"]

    assert len(servers) == 2
    assert servers[1] == {
        "port": {"number": 443, "name": "https", "protocol": "HTTPS"},
        "hosts": ["hello.example.com"],
        "tls": {"mode": "SIMPLE", "credentialName": "helloworld-cert", "minProtocolVersion": "TLSV1_2"},
    }


def test_virtual_service_is_bound_to_the_route_gateway(plan: Plan) -> None:
    gateway_name = plan.find(ISTIO_GATEWAY_CR, "route-gateway").inputs["metadata"]["name"]

    assert gateway_name == "helloworld-gateway"
    assert spec_of(plan, VIRTUAL_SERVICE, "route-virtualservice")["gateways"] == [gateway_name]


def test_virtual_service_matches_the_spec_uris(plan: Plan) -> None:
    match = spec_of(plan, VIRTUAL_SERVICE, "route-virtualservice")["http"][0]["match"]

    assert match == [{"uri": {"exact": "/hello"}}]


def test_virtual_service_weights_follow_the_spec(plan: Plan) -> None:
    assert [(r["destination"]["subset"], r["weight"]) for r in http_routes(plan)] == [("v1", 20), ("v2", 80)]


def test_virtual_service_weights_keep_the_spec_order() -> None:
    plan = route_plan(weights={"v2": 80, "v1": 20})

    assert [(r["destination"]["subset"], r["weight"]) for r in http_routes(plan)] == [("v2", 80), ("v1", 20)]


def test_virtual_service_routes_to_the_service_host_and_port(plan: Plan) -> None:
    destinations = [r["destination"] for r in http_routes(plan)]

    assert {(d["host"], d["port"]["number"]) for d in destinations} == {("helloworld", 5000)}


def test_destination_rule_defines_the_subsets_by_labels(plan: Plan) -> None:
    spec = spec_of(plan, DESTINATION_RULE, "route-destinationrule")

    assert spec == {
        "host": "helloworld",
        "subsets": [{"name": "v1", "labels": {"version": "v1"}}, {"name": "v2", "labels": {"version": "v2"}}],
    }


def test_no_destination_rule_and_one_plain_destination_without_subsets() -> None:
    plan = route_plan(subsets={}, weights={})

    assert plan.by_type(DESTINATION_RULE) == []
    assert http_routes(plan) == [{"destination": {"host": "helloworld", "port": {"number": 5000}}}]


def test_istio_objects_wait_for_the_mesh_membership(plan: Plan) -> None:
    membership = plan.find(FEATURE_MEMBERSHIP, "csm-tokyo-1").urn

    assert [membership in r.dependencies for r in istio_objects(plan)] == [True, True, True]


def test_virtual_service_waits_for_its_gateway_and_destination_rule(plan: Plan) -> None:
    virtual_service = plan.find(VIRTUAL_SERVICE, "route-virtualservice")

    assert plan.find(ISTIO_GATEWAY_CR, "route-gateway").urn in virtual_service.dependencies
    assert plan.find(DESTINATION_RULE, "route-destinationrule").urn in virtual_service.dependencies


def test_children_are_parented_to_the_component(plan: Plan) -> None:
    assert {r.parent for r in istio_objects(plan)} == {COMPONENT_URN}
