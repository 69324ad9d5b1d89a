"""The enterprise spec (a Shared VPC host, service projects, a fleet host, Autopilot) in layers:
together the four layers plan what the enterprise stack plans alone.

The host project's grants (the Shared VPC attachment, the fleet host's agents' roles) are the
network layer's, so the clusters layer deploys into projects already attached; the clusters'
`depends_on` those grants cannot cross stacks and is the only thing the layers drop.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from components.cli.diff import baseline_path, load_plan_file
from components.cli.project import Project
from components.engine import Plan, diff_plans, join_plans, load_stack_config, run_program

ROOT = Path(__file__).resolve().parents[2]
PROJECT = Project.find(ROOT)
LAYERS = ("network", "clusters", "mesh", "routes")
DEPENDENCY_OPTIONS = {"dependencies", "propertyDependencies"}


@pytest.fixture(scope="module")
def layers() -> dict[str, Plan]:
    """Each layer's plan, a layer reading the plans of the layers below it, as `--all` does."""
    config = load_stack_config(PROJECT.stack_config("enterprise"))
    plans: dict[str, Plan] = {}
    for layer in LAYERS:
        layered = {**copy.deepcopy(config), "meshfleet:layer": layer}
        plans[layer] = run_program(
            PROJECT.main,
            project=PROJECT.name,
            stack=f"enterprise-{layer}",
            config=layered,
            stack_references=lambda name: plans[name.rsplit("-", 1)[-1]],
        )
    return plans


@pytest.fixture(scope="module")
def joined(layers: dict[str, Plan]) -> Plan:
    return join_plans(list(layers.values()), "enterprise")


def enterprise() -> Plan:
    return load_plan_file(baseline_path(PROJECT, "enterprise"))


def test_the_layers_together_have_every_resource_of_enterprise_and_no_other(joined: Plan) -> None:
    diff = diff_plans(enterprise(), joined)

    assert (diff.added, diff.removed) == ([], [])


def test_the_layers_give_every_resource_the_inputs_enterprise_gives_it(joined: Plan) -> None:
    diff = diff_plans(enterprise(), joined)

    assert [(c.name, [p.path for p in c.properties]) for c in diff.resources if c.properties] == []


def test_the_layers_drop_only_dependencies_on_what_another_layer_builds(joined: Plan) -> None:
    diff = diff_plans(enterprise(), joined)

    for change in diff.resources:
        for option in change.options:
            assert option.path in DEPENDENCY_OPTIONS, (change.name, option.path)
            assert _urns(option.new) <= _urns(option.old), (change.name, option.path)


def test_the_host_projects_grants_are_the_network_layers(layers: dict[str, Plan]) -> None:
    def names(layer: str) -> set[str]:
        return {r.name for r in layers[layer].resources}

    grants = {n for n in names("network") if n.startswith(("mesh-shared-vpc", "mesh-fleet-access"))}

    assert grants
    assert grants.isdisjoint(names("clusters"))


def _urns(value: Any) -> set[str]:
    if isinstance(value, dict):
        return {u for urns in value.values() for u in urns}
    return set(value or [])
