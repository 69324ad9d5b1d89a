"""Staging as four layered stacks: together they plan what the staging stack plans alone.

The layer plans are the accepted baselines (`test_baselines` pins each to its current plan);
the route edit runs the layers' programs, reading the layers below from their baselines, as
`meshfleet baseline` does.
"""

from __future__ import annotations

import copy
import functools
from pathlib import Path
from typing import Any

import pytest

from components.cli.diff import baseline_path, load_plan_file
from components.cli.layers import plan_references
from components.cli.project import Project
from components.engine import (
    SECRET,
    STACK_REFERENCE_TYPE,
    Plan,
    diff_plans,
    join_plans,
    load_stack_config,
    run_program,
)

ROOT = Path(__file__).resolve().parents[2]
PROJECT = Project.find(ROOT)
LAYERS = ("network", "clusters", "mesh", "routes")
STACKS = tuple(f"staging-{layer}" for layer in LAYERS)
DEPENDENCY_OPTIONS = {"dependencies", "propertyDependencies"}


@functools.cache
def accepted(stack: str) -> Plan:
    return load_plan_file(baseline_path(PROJECT, stack))


def joined() -> Plan:
    return join_plans([accepted(s) for s in STACKS], "staging")


def test_the_layers_together_have_every_resource_of_staging_and_no_other() -> None:
    diff = diff_plans(accepted("staging"), joined())

    assert (diff.added, diff.removed) == ([], [])


def test_the_layers_give_every_resource_the_inputs_staging_gives_it() -> None:
    diff = diff_plans(accepted("staging"), joined())

    assert [(c.name, [p.path for p in c.properties]) for c in diff.resources if c.properties] == []


def test_the_layers_keep_every_resource_option_but_dependencies_across_layers() -> None:
    diff = diff_plans(accepted("staging"), joined())

    assert {o.path for c in diff.resources for o in c.options} <= DEPENDENCY_OPTIONS


def test_a_layer_only_drops_dependencies_on_what_another_layer_builds() -> None:
    # depends_on a lower layer's resource cannot cross stacks; the lower layer is deployed first.
    diff = diff_plans(accepted("staging"), joined())

    for change in diff.resources:
        for option in change.options:
            assert _urns(option.new) <= _urns(option.old), (change.name, option.path)


def _urns(value: Any) -> set[str]:
    # dependencies: a list of keys; propertyDependencies: property -> list of keys.
    if isinstance(value, dict):
        return {u for urns in value.values() for u in urns}
    return set(value or [])


def _built_by(stack: str) -> set[str]:
    return {
        r.urn.split("::", 2)[2]
        for r in accepted(stack)
        if r.custom and not r.type.startswith("pulumi:providers:") and r.type != STACK_REFERENCE_TYPE
    }


def test_each_cloud_or_kubernetes_object_is_built_by_one_layer() -> None:
    built = [_built_by(s) for s in STACKS]

    for i, one in enumerate(built):
        for other in built[i + 1 :]:
            assert one.isdisjoint(other)


def test_the_routes_layer_builds_only_routes_and_their_namespaces() -> None:
    kinds = {r.type for r in accepted("staging-routes") if r.custom}

    assert kinds == {
        STACK_REFERENCE_TYPE,
        "pulumi:providers:kubernetes",
        "kubernetes:core/v1:Namespace",
        "kubernetes:networking.istio.io/v1:Gateway",
        "kubernetes:networking.istio.io/v1:DestinationRule",
        "kubernetes:networking.istio.io/v1:VirtualService",
    }


@pytest.mark.parametrize(
    ("stack", "reads"),
    [
        ("staging-network", []),
        ("staging-clusters", ["organization/meshfleet/staging-network"]),
        ("staging-mesh", ["organization/meshfleet/staging-clusters"]),
        ("staging-routes", ["organization/meshfleet/staging-clusters"]),
    ],
)
def test_a_layer_reads_the_layers_below_through_stack_references(stack: str, reads: list[str]) -> None:
    assert [r.read_id for r in accepted(stack).by_type(STACK_REFERENCE_TYPE)] == reads


@pytest.mark.parametrize("stack", ["staging-mesh", "staging-routes"])
def test_an_upper_layer_reaches_its_clusters_with_the_exported_kubeconfigs_as_secrets(stack: str) -> None:
    plan = accepted(stack)
    reference = plan.by_type(STACK_REFERENCE_TYPE)[0].urn

    for provider in plan.by_type("pulumi:providers:kubernetes"):
        assert (provider.inputs, provider.secret_paths) == ({"kubeconfig": SECRET}, ["kubeconfig"])
        assert provider.dependencies == [reference]


def test_the_clusters_layer_exports_the_kubeconfigs_as_secrets() -> None:
    plan = accepted("staging-clusters")

    assert plan.outputs["kubeconfigs"] == {"tokyo-1": SECRET, "tokyo-2": SECRET}
    assert plan.output_secret_paths == ['kubeconfigs["tokyo-1"]', 'kubeconfigs["tokyo-2"]']


@pytest.mark.parametrize("stack", STACKS)
def test_every_layer_carries_the_staging_spec_unchanged(stack: str) -> None:
    def spec(name: str) -> Any:
        return load_stack_config(PROJECT.stack_config(name))["meshfleet:platform"]

    assert spec(stack) == spec("staging")


def _plan_with_weights(stack: str, weights: dict[str, int]) -> Plan:
    config = copy.deepcopy(load_stack_config(PROJECT.stack_config(stack)))
    config["meshfleet:platform"]["routes"][0]["weights"] = weights
    references = plan_references(PROJECT.name, lambda s: baseline_path(PROJECT, s))
    return run_program(
        PROJECT.main, project=PROJECT.name, stack=stack, config=config, stack_references=references
    )


@pytest.fixture(scope="module")
def route_edit() -> dict[str, Plan]:
    return {s: _plan_with_weights(s, {"v1": 50, "v2": 50}) for s in STACKS}


@pytest.mark.parametrize("stack", STACKS[:3])
def test_a_route_edit_leaves_the_lower_layers_unchanged(stack: str, route_edit: dict[str, Plan]) -> None:
    assert not diff_plans(accepted(stack), route_edit[stack]).has_changes


def test_a_route_edit_changes_the_routes_layer_alone(route_edit: dict[str, Plan]) -> None:
    diff = diff_plans(accepted("staging-routes"), route_edit["staging-routes"])

    assert sorted((c.name, c.action) for c in diff.resources) == [
        ("mesh-tokyo-1/sample/helloworld-virtualservice", "update"),
        ("mesh-tokyo-2/sample/helloworld-virtualservice", "update"),
    ]
