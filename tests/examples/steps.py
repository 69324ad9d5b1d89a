"""Worked upgrade procedures (`stacks/examples/<procedure>/step-N.yaml`) and their pinned diffs.

Each step file is a complete stack config; a procedure's test pins what `pulumi up` would do
going from one step to the next, as `changes()` summarises it: every resource added, removed
or changed, and for a change the input paths it touches. Pinning the whole mapping (not a
subset) is the point: it says the Service, the namespace and everything else stay untouched.
"""

from __future__ import annotations

import functools
from pathlib import Path

from components.engine import Plan, PlanDiff, diff_plans, load_stack_config, run_program

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "stacks" / "examples"


def step_files(procedure: str) -> list[Path]:
    """The step files of `procedure`, in order (step-1.yaml, step-2.yaml, ...)."""
    files = sorted(
        (EXAMPLES / procedure).glob("step-*.yaml"), key=lambda p: int(p.stem.removeprefix("step-"))
    )
    assert files, f"no step files in {EXAMPLES / procedure}"
    return files


@functools.cache
def step_plan(procedure: str, step: int) -> Plan:
    """The stack program's plan for step `step` (1-based) of `procedure`, as stack `procedure`."""
    config = load_stack_config(EXAMPLES / procedure / f"step-{step}.yaml")
    return run_program(ROOT / "stacks", project="meshfleet", stack=procedure, config=config)


def step_diff(procedure: str, step: int, *, since: int | None = None) -> PlanDiff:
    """What `pulumi up` does going to `step` from the step before it (or from `since`)."""
    before = step - 1 if since is None else since
    return diff_plans(step_plan(procedure, before), step_plan(procedure, step))


def changes(diff: PlanDiff) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Resource name -> (action, the input paths it changes; empty for a create or delete).

    Cascaded recomputations are left out: they follow from a listed change."""
    found: dict[str, tuple[str, tuple[str, ...]]] = {}
    for change in diff.resources:
        paths = tuple(p.path for p in change.properties if p.kind != "recomputed")
        found[change.name] = (change.action, paths if change.action in ("update", "replace") else ())
    return found
