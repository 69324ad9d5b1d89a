"""The Istio egress pattern per egress host (istio.io Egress Gateways task)."""

from __future__ import annotations

from typing import Any

import pytest

from components.render.egress import egress_objects
from components.spec.models import GatewaySpec
from tests.schemas import validate_manifest

GATEWAY_FQDN = "istio-egressgateway.istio-egress.svc.cluster.local"


def _egress(*hosts: dict[str, Any]) -> GatewaySpec:
    return GatewaySpec.model_validate(
        {
            "name": "istio-egressgateway",
            "kind": "egress",
            "namespace": "istio-egress",
            "egressHosts": list(hosts),
        }
    )


def _by_kind(objects: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [o for o in objects if o["kind"] == kind]


TLS = _egress({"host": "api.example.com"})
HTTP = _egress({"host": "httpbin.org", "port": 80, "protocol": "HTTP"})


def test_no_objects_without_egress_hosts() -> None:
    assert egress_objects(_egress()) == []


def test_each_host_gets_service_entry_gateway_and_virtual_service_and_one_destination_rule() -> None:
    both = _egress({"host": "api.example.com"}, {"host": "httpbin.org", "port": 80, "protocol": "HTTP"})

    assert [o["kind"] for o in egress_objects(both)] == [
        "ServiceEntry",
        "Gateway",
        "VirtualService",
        "ServiceEntry",
        "Gateway",
        "VirtualService",
        "DestinationRule",
    ]


def test_every_object_lives_in_the_egress_gateway_namespace() -> None:
    assert {o["metadata"]["namespace"] for o in egress_objects(TLS)} == {"istio-egress"}


def test_service_entry_declares_the_external_host() -> None:
    (entry,) = _by_kind(egress_objects(TLS), "ServiceEntry")

    assert entry["spec"] == {
        "hosts": ["api.example.com"],
        "ports": [{"number": 443, "name": "tls", "protocol": "TLS"}],
        "resolution": "DNS",
        "location": "MESH_EXTERNAL",
    }


def test_tls_host_is_passed_through_by_the_egress_gateway() -> None:
    (gateway,) = _by_kind(egress_objects(TLS), "Gateway")

    assert gateway["spec"] == {
        "selector": {"app": "istio-egressgateway", "istio": "egressgateway"},
        "servers": [
            {
                "port": {"number": 443, "name": "tls", "protocol": "TLS"},
                "hosts": ["api.example.com"],
                "tls": {"mode": "PASSTHROUGH"},
            }
        ],
    }


def test_tls_virtual_service_routes_mesh_to_gateway_to_host_by_sni() -> None:
    (service,) = _by_kind(egress_objects(TLS), "VirtualService")
    bound = "istio-egress/istio-egressgateway-api-example-com"

    assert service["spec"] == {
        "hosts": ["api.example.com"],
        "gateways": ["mesh", bound],
        "tls": [
            {
                "match": [{"gateways": ["mesh"], "port": 443, "sniHosts": ["api.example.com"]}],
                "route": [
                    {
                        "destination": {
                            "host": GATEWAY_FQDN,
                            "subset": "api-example-com",
                            "port": {"number": 443},
                        },
                        "weight": 100,
                    }
                ],
            },
            {
                "match": [{"gateways": [bound], "port": 443, "sniHosts": ["api.example.com"]}],
                "route": [
                    {"destination": {"host": "api.example.com", "port": {"number": 443}}, "weight": 100}
                ],
            },
        ],
    }


def test_http_host_is_routed_on_port_80_without_tls() -> None:
    objects = egress_objects(HTTP)
    (gateway,) = _by_kind(objects, "Gateway")
    (service,) = _by_kind(objects, "VirtualService")

    assert gateway["spec"]["servers"] == [
        {"port": {"number": 80, "name": "http", "protocol": "HTTP"}, "hosts": ["httpbin.org"]}
    ]
    assert [r["match"][0]["port"] for r in service["spec"]["http"]] == [80, 80]


def test_destination_rule_names_a_subset_per_host_of_the_gateway_service() -> None:
    both = _egress({"host": "api.example.com"}, {"host": "httpbin.org", "port": 80, "protocol": "HTTP"})
    (rule,) = _by_kind(egress_objects(both), "DestinationRule")

    assert rule["spec"] == {
        "host": GATEWAY_FQDN,
        "subsets": [{"name": "api-example-com"}, {"name": "httpbin-org"}],
    }


@pytest.mark.parametrize(
    "obj",
    [
        pytest.param(o, id=f"{o['kind']}-{o['metadata']['name']}")
        for o in egress_objects(TLS) + egress_objects(HTTP)
    ],
)
def test_egress_objects_validate_strictly(obj: dict[str, Any]) -> None:
    validate_manifest(obj)
