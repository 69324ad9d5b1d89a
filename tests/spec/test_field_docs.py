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
    assert "Applies " in " ".join(field_docstrings(GatewaySpec)[field].split())


def test_external_traffic_policy_names_add_on_gateways() -> None:
    text = " ".join(field_docstrings(GatewaySpec)["external_traffic_policy"].split())

    assert "Applies to add-on gateways (`addon`) only" in text


def _every_field() -> list[tuple[str, str]]:
    from components.spec.json_schema import spec_models
    from components.spec.models import PlatformSpec

    models = spec_models(PlatformSpec, {})
    return [(name, field) for name, model in sorted(models.items()) for field in model.model_fields]


@pytest.mark.parametrize(("model", "field"), _every_field(), ids=lambda v: v)
def test_every_spec_field_has_a_docstring(model: str, field: str) -> None:
    from components.spec.json_schema import spec_models
    from components.spec.models import PlatformSpec

    docs = field_docstrings(spec_models(PlatformSpec, {})[model])

    assert docs.get(field, "").strip(), f"{model}.{field} has no docstring"


def test_the_walk_reaches_the_models_of_every_cloud_and_section() -> None:
    models = {model for model, _ in _every_field()}

    assert {
        "GkeClusterSpec",
        "AksClusterSpec",
        "AttachedClusterSpec",
        "TrustRootSpec",
        "AksPluginCaSpec",
    } <= models


@pytest.mark.parametrize("field", ["implementation", "channel", "injection"])
def test_a_managed_only_mesh_field_says_it_is_refused_without_a_managed_control_plane(field: str) -> None:
    from components.spec.models import MeshSpec
    from components.spec.rules.control_planes import MANAGED_ONLY

    assert field in MANAGED_ONLY
    text = " ".join(field_docstrings(MeshSpec)[field].split())
    assert "Managed control plane only: refused when no cluster runs it" in text


@pytest.mark.parametrize(
    ("field", "where"),
    [
        ("load_balancer_ip", "refused otherwise"),
        ("node_ports", "refused otherwise"),
        ("vip", "refused otherwise"),
        ("egress_hosts", "refused on other kinds"),
        ("annotations", "refused on others"),
        ("external_traffic_policy", "refused on others"),
    ],
)
def test_a_limited_gateway_field_says_it_is_refused_where_it_does_not_apply(field: str, where: str) -> None:
    text = " ".join(field_docstrings(GatewaySpec)[field].split())

    assert where in text
