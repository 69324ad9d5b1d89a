"""gateway-min-tls and traffic-director-unsupported: TLS of Istio Gateway servers (seeds 000, 003)."""

from __future__ import annotations

from typing import Any

import pulumi_kubernetes as kubernetes
import pytest

from components.engine import PlannedResource
from tests.policy.helpers import (
    assert_no_violation,
    assert_violation,
    components_plan,
    edited,
    helloworld_route,
    istio_object,
    on_cluster,
    plan_from,
    plan_of,
    run_policy,
)

MIN_TLS = "gateway-min-tls"
TRAFFIC_DIRECTOR = "traffic-director-unsupported"


def https_gateway(tls: dict[str, Any], version: str = "v1") -> PlannedResource:
    server = {"port": {"number": 443, "name": "https", "protocol": "HTTPS"}, "hosts": ["*"], "tls": tls}
    return istio_object(
        "Gateway", "edge", "sample", {"selector": {"istio": "ingressgateway"}, "servers": [server]}, version
    )


@pytest.fixture(scope="module")
def tls_route_plan() -> Any:
    route = helloworld_route(tls={"credentialName": "helloworld-cert", "hosts": ["hello.example.com"]})
    return components_plan(routes=(route,))


def test_our_https_route_sets_tls_1_2(tls_route_plan: Any) -> None:
    assert_no_violation(MIN_TLS, tls_route_plan)
    assert_no_violation(TRAFFIC_DIRECTOR, tls_route_plan)


def test_our_route_with_a_lower_version_fails(tls_route_plan: Any) -> None:
    def lower(item: PlannedResource) -> None:
        item.inputs["spec"]["servers"][1]["tls"]["minProtocolVersion"] = "TLSV1_1"

    plan = edited(tls_route_plan, "kubernetes:networking.istio.io/v1:Gateway", lower)

    violation = assert_violation(MIN_TLS, plan, "server 1 (port 443)", "TLSV1_1", "TLSV1_2 or TLSV1_3")
    assert violation.mandatory


def test_plain_gateway_terminating_tls_without_a_minimum_fails() -> None:
    def program() -> None:
        kubernetes.apiextensions.CustomResource(
            "edge",
            api_version="networking.istio.io/v1beta1",
            kind="Gateway",
            metadata={"name": "edge", "namespace": "sample"},
            spec={
                "selector": {"istio": "ingressgateway"},
                "servers": [
                    {
                        "port": {"number": 443, "name": "https", "protocol": "HTTPS"},
                        "hosts": ["*"],
                        "tls": {"mode": "MUTUAL", "credentialName": "edge-cert"},
                    }
                ],
            },
            opts=on_cluster(),
        )

    assert_violation(MIN_TLS, plan_of(program), "terminates TLS (MUTUAL) with minProtocolVersion unset")


@pytest.mark.parametrize("mode", ["PASSTHROUGH", "AUTO_PASSTHROUGH"])
def test_passthrough_servers_terminate_nothing(mode: str) -> None:
    assert_no_violation(MIN_TLS, plan_from(https_gateway({"mode": mode})))


def test_tls_without_a_mode_is_passthrough() -> None:
    assert_no_violation(MIN_TLS, plan_from(https_gateway({"httpsRedirect": True})))


def test_tls_1_3_floor_by_config() -> None:
    plan = plan_from(
        https_gateway({"mode": "SIMPLE", "credentialName": "c", "minProtocolVersion": "TLSV1_2"})
    )

    assert_no_violation(MIN_TLS, plan)
    assert_violation(MIN_TLS, plan, "set minProtocolVersion to TLSV1_3", minimumVersion="TLSV1_3")


def test_unknown_tls_mode_is_not_checked() -> None:
    report = run_policy(MIN_TLS, plan_from(https_gateway({"mode": "<unknown>"})))

    assert report.violations == [] and len(report.not_checked) == 1


@pytest.mark.parametrize(
    ("tls", "field"),
    [
        ({"mode": "AUTO_PASSTHROUGH"}, "tls.mode AUTO_PASSTHROUGH"),
        (
            {"mode": "MUTUAL", "minProtocolVersion": "TLSV1_2", "verifyCertificateSpki": ["abc="]},
            "verifyCertificateSpki",
        ),
        (
            {"mode": "MUTUAL", "minProtocolVersion": "TLSV1_2", "verifyCertificateHash": ["AB:CD"]},
            "verifyCertificateHash",
        ),
    ],
)
def test_traffic_director_rejects_what_it_does_not_support(tls: dict[str, Any], field: str) -> None:
    plan = plan_from(https_gateway(tls, version="v1alpha3"))

    violation = assert_violation(TRAFFIC_DIRECTOR, plan, field, "TRAFFIC_DIRECTOR")
    assert violation.mandatory


def test_traffic_director_checks_nothing_with_istiod() -> None:
    plan = plan_from(https_gateway({"mode": "AUTO_PASSTHROUGH"}))

    assert_no_violation(TRAFFIC_DIRECTOR, plan, controlPlaneImplementation="ISTIOD")
