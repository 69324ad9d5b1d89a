"""The Plan: queries over a recorded plan, and its JSON form."""

from __future__ import annotations

import json

import pytest

from components.engine.plan import Plan

from .recorder.programs import Outer, run, secret_provider_program


def test_plan_queries() -> None:
    plan = run(lambda: Outer("mesh"))
    outer = plan.find("demo:index:Outer", "mesh")

    assert [r.name for r in plan.children(outer.urn)] == ["mesh-inner"]
    assert plan.counts() == {"demo:index:Inner": 1, "demo:index:Outer": 1, "gcp:compute/network:Network": 1}
    assert [(depth, r.name) for depth, r in plan.tree()] == [
        (0, "demo-dev"),
        (1, "mesh"),
        (2, "mesh-inner"),
        (3, "mesh-inner-net"),
    ]
    with pytest.raises(KeyError):
        plan.find("gcp:compute/network:Network", "missing")


def test_json_round_trips() -> None:
    plan = run(secret_provider_program)

    assert Plan.from_json(plan.to_json()) == plan


def test_json_is_the_plans_dict_with_sorted_keys() -> None:
    plan = run(secret_provider_program)

    assert plan.to_json() == json.dumps(plan.to_dict(), indent=2, sort_keys=True) + "\n"


def test_tree_keeps_siblings_in_plan_order_under_their_parent() -> None:
    def program() -> None:
        Outer("b")
        Outer("a")

    plan = run(program)

    assert [(depth, r.name) for depth, r in plan.tree()] == [
        (0, "demo-dev"),
        (1, "b"),
        (2, "b-inner"),
        (3, "b-inner-net"),
        (1, "a"),
        (2, "a-inner"),
        (3, "a-inner-net"),
    ]
