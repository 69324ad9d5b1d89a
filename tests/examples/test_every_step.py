"""Every step of every worked procedure is a stack a team could run: it passes the policy pack."""

from __future__ import annotations

import pytest

from components.cli.policies import spec_policy_config
from components.engine import load_stack_config
from components.spec import parse_platform
from tests.policy.helpers import run_pack

from .steps import EXAMPLES, step_plan

STEPS = sorted(
    (folder.name, int(file.stem.removeprefix("step-")))
    for folder in EXAMPLES.iterdir()
    if folder.is_dir()
    for file in folder.glob("step-*.yaml")
)


def test_there_are_procedures_to_check() -> None:
    assert {procedure for procedure, _ in STEPS} >= {
        "managed-restart",
        "in-cluster-in-place",
        "canary-promote",
        "canary-rollback",
        "aks-revision-upgrade",
    }


@pytest.mark.parametrize(("procedure", "step"), STEPS, ids=[f"{p}/step-{n}" for p, n in STEPS])
def test_every_step_passes_the_policy_pack(procedure: str, step: int) -> None:
    # With the policy config its spec implies, as `meshfleet preview` runs it.
    spec = parse_platform(load_stack_config(EXAMPLES / procedure / f"step-{step}.yaml")["meshfleet:platform"])
    report = run_pack(step_plan(procedure, step), spec_policy_config(spec))

    assert report.mandatory == [], [(v.policy_name, v.resource_name, v.message) for v in report.mandatory]
    assert report.not_checked == []
    # The examples do not protect their resources, knowingly: they are walked through, not kept.
    assert {v.policy_name for v in report.advisory} <= {"protect-stateful"}
