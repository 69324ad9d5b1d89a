"""Field docstrings say where a field applies, for the fields a rule limits to some gateways."""

from __future__ import annotations

import pytest

from components.spec.json_schema import field_docstrings
from components.spec.models import GatewaySpec

# Fields a cross-field rule refuses outside some gateways (rules/gateways.py, rules/azure.py).
LIMITED = [
    "load_balancer_ip",
    "node_ports",
    "vip",
    "egress_hosts",
    "addon",
    "annotations",
    "external_traffic_policy",
]


@pytest.mark.parametrize("field", LIMITED)
def test_a_limited_gateway_field_says_where_it_applies(field: str) -> None:
    assert "Applies " in field_docstrings(GatewaySpec)[field]


def test_external_traffic_policy_names_add_on_gateways() -> None:
    text = " ".join(field_docstrings(GatewaySpec)["external_traffic_policy"].split())

    assert "Applies to add-on gateways (`addon`) only" in text
