"""Layered stacks' config (`meshfleet:layer`, `meshfleet:references`, `meshfleet:namespaces`),
read and refused in one line naming the key, and their dependency order."""

from __future__ import annotations

from typing import Any

import pytest

from components.spec import SpecError, parse_platform
from components.spec.layers import (
    LayerConfig,
    LayerError,
    check_layered,
    layer_config,
    layer_order,
    owns_route,
    stack_of,
    waits_for_mesh,
)
from tests.spec.fixtures import aks_platform, dev_platform


def _config(**keys: Any) -> dict[str, Any]:
    return {f"meshfleet:{k}": v for k, v in keys.items()}


def test_a_stack_without_a_layer_builds_everything() -> None:
    assert layer_config(_config(platform={}), "staging") is None


def test_references_follow_the_naming_rule_when_left_out() -> None:
    layer = layer_config(_config(layer="routes"), "staging-routes")

    assert layer == LayerConfig("routes", {"clusters": "staging-clusters"})


def test_a_written_reference_wins_over_the_naming_rule() -> None:
    layer = layer_config(
        _config(layer="mesh", references={"clusters": "acme/meshfleet/shared-clusters"}), "staging-mesh"
    )

    assert layer is not None and layer.references == {"clusters": "acme/meshfleet/shared-clusters"}


def test_the_network_layer_reads_nothing() -> None:
    layer = layer_config(_config(layer="network"), "anything")

    assert layer is not None and layer.references == {}


def test_an_unknown_layer_is_refused_naming_the_layers() -> None:
    with pytest.raises(
        LayerError, match=r"^meshfleet:layer: 'gateways' is not a layer; layers are network, "
    ):
        layer_config(_config(layer="gateways"), "staging-gateways")


def test_a_reference_to_a_layer_it_does_not_read_is_refused() -> None:
    with pytest.raises(LayerError, match=r"^meshfleet:references.network: the routes layer reads clusters$"):
        layer_config(_config(layer="routes", references={"network": "staging-network"}), "staging-routes")


def test_a_reference_that_is_no_stack_name_is_refused() -> None:
    with pytest.raises(
        LayerError, match=r"^meshfleet:references.clusters: 'acme/clusters' is not a stack name"
    ):
        layer_config(_config(layer="mesh", references={"clusters": "acme/clusters"}), "staging-mesh")


def test_a_stack_off_the_naming_rule_must_name_its_references() -> None:
    with pytest.raises(
        LayerError, match=r"^meshfleet:references.clusters: is required: stack 'routes-team-a'"
    ):
        layer_config(_config(layer="routes"), "routes-team-a")


def test_references_without_a_layer_are_refused() -> None:
    with pytest.raises(LayerError, match=r"^meshfleet:references: is set, but meshfleet:layer is not"):
        layer_config(_config(references={"clusters": "x"}), "staging")


def test_namespaces_split_only_the_routes_layer() -> None:
    with pytest.raises(LayerError, match=r"^meshfleet:namespaces: splits the routes layer by namespace"):
        layer_config(_config(layer="mesh", namespaces=["sample"]), "staging-mesh")


def test_a_routes_stack_owns_only_its_namespaces() -> None:
    layer = layer_config(_config(layer="routes", namespaces=["shop"]), "staging-routes")

    assert (owns_route(layer, "shop"), owns_route(layer, "sample"), owns_route(None, "sample")) == (
        True,
        False,
        True,
    )


def test_a_layer_error_is_a_spec_error_of_one_line() -> None:
    with pytest.raises(SpecError) as raised:
        layer_config(_config(layer="x\ny"), "s")

    assert "\n" not in str(raised.value)


def test_stack_of_a_qualified_reference_is_its_last_part() -> None:
    assert stack_of("acme/meshfleet/staging-clusters") == "staging-clusters"


def _layers(env: str = "staging") -> dict[str, LayerConfig]:
    found = {
        f"{env}-{n}": layer_config(_config(layer=n), f"{env}-{n}") for n in ("network", "clusters", "mesh")
    }
    found[f"{env}-routes-shop"] = layer_config(
        _config(layer="routes", references={"clusters": f"{env}-clusters"}), f"{env}-routes-shop"
    )
    return {k: v for k, v in found.items() if v is not None}


def test_layers_run_in_waves_of_what_they_read() -> None:
    assert layer_order(_layers()) == [
        ["staging-network"],
        ["staging-clusters"],
        ["staging-mesh", "staging-routes-shop"],
    ]


def test_an_ordering_puts_a_routes_stack_after_the_mesh_stack() -> None:
    waves = layer_order(_layers(), {"staging-routes-shop": ["staging-mesh"]})

    assert waves[-2:] == [["staging-mesh"], ["staging-routes-shop"]]


def test_stacks_that_read_each_other_are_refused() -> None:
    a = LayerConfig("mesh", {"clusters": "b"})
    b = LayerConfig("clusters", {"network": "a"})

    with pytest.raises(LayerError, match=r"reference each other in a cycle"):
        layer_order({"a": a, "b": b})


def test_a_route_in_a_gateway_namespace_waits_for_the_mesh_layer() -> None:
    raw = dev_platform()
    raw["routes"][0]["namespace"] = raw["gateways"][0]["namespace"]
    spec = parse_platform(raw)

    assert waits_for_mesh(spec, LayerConfig("routes", {"clusters": "c"}))


def test_routes_in_their_own_namespaces_do_not_wait_for_the_mesh_layer() -> None:
    spec = parse_platform(dev_platform())

    assert not waits_for_mesh(spec, LayerConfig("routes", {"clusters": "c"}))


def test_layers_of_a_spec_with_an_aks_cluster_are_refused_for_now() -> None:
    spec = parse_platform(aks_platform())

    with pytest.raises(
        SpecError, match=r"^platform.clusters\[\d+\].cloud: azure clusters cannot be built in layers"
    ):
        check_layered(spec, LayerConfig("mesh", {"clusters": "c"}))


def test_a_namespace_no_route_lives_in_is_refused() -> None:
    spec = parse_platform(dev_platform())

    with pytest.raises(
        LayerError, match=r"^meshfleet:namespaces: no route of the spec lives in namespace 'shop'$"
    ):
        check_layered(spec, LayerConfig("routes", {"clusters": "c"}, ("shop",)))
