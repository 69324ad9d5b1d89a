"""The worked split of the deployed staging stack into its layers (stacks/examples/split-staging):
the documented `pulumi state move` commands are the derived ones, and after them no layer's
first preview replaces, deletes or re-creates a cloud or Kubernetes object."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest

from components.cli.diff import baseline_path, load_plan_file
from components.cli.project import Project
from components.engine import STACK_REFERENCE_TYPE, Plan, PlanDiff, diff_plans
from components.engine.moves import moved_state, state_moves

ROOT = Path(__file__).resolve().parents[2]
PROJECT = Project.find(ROOT)
PROCEDURE = ROOT / "stacks" / "examples" / "split-staging" / "README.md"
LAYERS = ("staging-network", "staging-clusters", "staging-mesh", "staging-routes")


@functools.cache
def accepted(stack: str) -> Plan:
    return load_plan_file(baseline_path(PROJECT, stack))


@functools.cache
def moves() -> dict[str, list[str]]:
    return state_moves(accepted("staging"), [accepted(s) for s in LAYERS])


def documented() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for block in re.findall(r"```sh\n(.*?)```", PROCEDURE.read_text(), re.S):
        dest = re.search(r"pulumi state move --source staging --dest (\S+) --yes", block)
        assert dest is not None, block
        found[dest.group(1)] = re.findall(r"'(urn:pulumi:[^']+)'", block)
    return found


def first_preview(stack: str) -> PlanDiff:
    return diff_plans(moved_state(accepted("staging"), moves()[stack], stack), accepted(stack))


def test_the_documented_moves_are_the_derived_ones() -> None:
    assert documented() == moves()


def test_the_documented_moves_go_highest_layer_first() -> None:
    assert list(documented()) == list(reversed(LAYERS))


def test_every_object_of_the_staging_stack_moves_to_exactly_one_layer() -> None:
    whole = accepted("staging")
    moved = {s: {u for u in whole_urns(whole, urns)} for s, urns in moves().items()}
    objects = {r.urn for r in whole if r.custom and not r.type.startswith("pulumi:providers:")}

    assert set().union(*moved.values()) >= objects
    for stack, urns in moved.items():
        for other, other_urns in moved.items():
            assert stack == other or not (urns & other_urns & objects)


def whole_urns(plan: Plan, urns: list[str]) -> set[str]:
    found, pending = set(), list(urns)
    while pending:
        urn = pending.pop()
        found.add(urn)
        pending.extend(r.urn for r in plan if r.parent == urn)
    return found


@pytest.mark.parametrize("stack", LAYERS)
def test_after_the_moves_a_layer_replaces_and_deletes_nothing(stack: str) -> None:
    diff = first_preview(stack)

    assert [c.name for c in diff.resources if c.action in ("replace", "delete")] == []


@pytest.mark.parametrize("stack", LAYERS)
def test_after_the_moves_a_layer_creates_only_components_and_stack_references(stack: str) -> None:
    created = first_preview(stack).added

    assert [c.name for c in created if c.type != STACK_REFERENCE_TYPE and _custom(stack, c.urn)] == []


def _custom(stack: str, urn: str) -> bool:
    return accepted(stack).get(urn).custom


@pytest.mark.parametrize("stack", LAYERS)
def test_after_the_moves_no_input_of_a_moved_resource_changes(stack: str) -> None:
    diff = first_preview(stack)

    assert [(c.name, [p.path for p in c.properties]) for c in diff.resources if c.properties] == []


def test_moving_a_parent_without_its_component_keeps_its_urn() -> None:
    # The MCI's Kubernetes objects leave their component behind (its fleet features go to the
    # clusters layer): the command re-parents them to the root stack, their URNs unchanged.
    state = moved_state(accepted("staging"), moves()["staging-mesh"], "staging-mesh")
    config = state.find(
        "kubernetes:networking.gke.io/v1beta1:MultiClusterIngress", "mesh-mci-multiclusteringress"
    )

    assert config.urn.split("::", 2)[2].startswith(
        "meshfleet:index:MeshPlatform$meshfleet:index:MultiClusterIngress$"
    )
    assert config.parent == "urn:pulumi:staging-mesh::meshfleet::pulumi:pulumi:Stack::meshfleet-staging-mesh"


def test_a_layer_gets_copies_of_the_providers_of_what_it_takes() -> None:
    state = moved_state(accepted("staging"), moves()["staging-routes"], "staging-routes")

    assert sorted(p.name for p in state.by_type("pulumi:providers:kubernetes")) == [
        "mesh-tokyo-1-k8s",
        "mesh-tokyo-2-k8s",
    ]
