"""Each stack's committed policy config (stacks/policy/<stack>.json, for `pulumi preview
--policy-pack-config`) says what its spec runs, so the real path checks what `meshfleet preview` checks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from components.cli.policies import POLICY_CONFIG_DIR, spec_policy_config
from components.engine import load_stack_config
from components.spec import parse_platform
from components.spec.layers import layer_config
from tests.harness import STACKS_DIR

STACKS = sorted(
    p.name.removeprefix("Pulumi.").removesuffix(".yaml") for p in STACKS_DIR.glob("Pulumi.*.yaml")
)


def _policy_file(stack: str) -> Path:
    return STACKS_DIR / POLICY_CONFIG_DIR / f"{stack}.json"


@pytest.mark.parametrize("stack", STACKS)
def test_stack_policy_config_matches_its_spec(stack: str) -> None:
    config = load_stack_config(STACKS_DIR / f"Pulumi.{stack}.yaml")
    spec = parse_platform(config["meshfleet:platform"])

    assert json.loads(_policy_file(stack).read_text()) == spec_policy_config(
        spec, layer_config(config, stack)
    )


def test_every_policy_config_belongs_to_a_stack() -> None:
    assert sorted(p.stem for p in (STACKS_DIR / POLICY_CONFIG_DIR).glob("*.json")) == STACKS
