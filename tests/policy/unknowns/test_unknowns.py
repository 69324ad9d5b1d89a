"""An unknown value anywhere a policy looks never crashes it.

In a real preview a policy's TypeError escapes the analyzer and aborts the whole preview, and
any value computed from another resource's outputs can be unknown there (for stack policies,
any property the program does not set too). So every property, at every depth,
of every resource meshguard reads is made unknown in turn, and the whole pack runs on each
variant: no policy may raise, and none may use the unknown without checking for it first (the
pack's last resort then reports "not checked" with ``UNCHECKED``).
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest

from components.engine import UNKNOWN, Plan, PlannedResource
from tests.policy.helpers import crashes

from .zoo import READ_BY_POLICIES, zoo

Path = tuple[str | int, ...]


def paths(value: Any, prefix: Path = ()) -> Iterator[Path]:
    """Every key and index path into ``value``'s dicts and lists."""
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        yield (*prefix, key)
        yield from paths(item, (*prefix, key))


def with_unknown(plan: Plan, target: PlannedResource, path: Path) -> Plan:
    """``plan`` with the value at ``path`` of ``target``'s inputs unknown."""
    inputs = copy.deepcopy(target.inputs)
    parent: Any = inputs
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = UNKNOWN
    changed = dataclasses.replace(target, inputs=inputs)
    return Plan(plan.project, plan.stack, [changed if r is target else r for r in plan.resources])


def zoo_resources() -> list[PlannedResource]:
    return [r for r in zoo().resources if r.type in READ_BY_POLICIES]


def test_the_zoo_has_every_kind_policies_read() -> None:
    assert {r.type for r in zoo_resources()} == set(READ_BY_POLICIES)


@pytest.mark.parametrize("target", zoo_resources(), ids=lambda r: r.name)
def test_an_unknown_anywhere_in_a_resource_never_crashes_a_policy(target: PlannedResource) -> None:
    plan = zoo()
    failures = []
    for path in paths(target.inputs):
        # Straight to the pack, not through run_pack: conftest.py would run every variant twice more.
        where = ".".join(map(str, path))
        failures += [f"{where}: {found}" for found in crashes(with_unknown(plan, target, path), ("inputs",))]

    assert failures == []
