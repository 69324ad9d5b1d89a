"""`diff --against`: environments compared with what names them set aside."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from components.cli.against import as_environment_of
from tests.checkout import meshfleet

ROOT = Path(__file__).resolve().parents[2]


def _config(stack: str) -> dict[str, Any]:
    return yaml.safe_load((ROOT / "stacks" / f"Pulumi.{stack}.yaml").read_text())["config"]


def test_the_other_stack_takes_this_stacks_environment_and_project() -> None:
    aligned, paths = as_environment_of(_config("staging"), _config("dev"))
    spec = aligned["meshfleet:platform"]

    assert (spec["environment"], spec["gcp"]["project"]) == (
        "dev",
        _config("dev")["meshfleet:platform"]["gcp"]["project"],
    )
    assert paths == ["environment", "gcp.project"]


def test_everything_else_of_the_other_stack_stays() -> None:
    staging = _config("staging")
    aligned, _ = as_environment_of(staging, _config("dev"))

    assert aligned["meshfleet:platform"]["clusters"] == staging["meshfleet:platform"]["clusters"]
    assert staging["meshfleet:platform"]["environment"] == "staging"  # the input is not changed


def test_a_name_prefix_on_one_side_aligns_what_it_resolves_to() -> None:
    this = {"meshfleet:platform": {"environment": "dev", "namePrefix": "acme-dev"}}
    other = {"meshfleet:platform": {"environment": "prod"}}

    aligned, paths = as_environment_of(other, this)

    assert aligned["meshfleet:platform"]["namePrefix"] == "acme-dev"
    assert paths == ["environment", "namePrefix"]


def test_a_value_on_one_side_only_is_a_real_difference() -> None:
    this = {"meshfleet:platform": {"environment": "dev", "gcp": {"project": "acme-dev"}}}
    other = {"meshfleet:platform": {"environment": "dev", "azure": {"location": "japaneast"}}}

    aligned, paths = as_environment_of(other, this)

    assert "gcp" not in aligned["meshfleet:platform"]
    assert paths == []


def test_staging_against_dev_shows_the_second_cluster_not_renamed_resources() -> None:
    result = meshfleet("diff", "--stack", "staging", "--against", "dev")

    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "--- dev (current plan, environment, gcp.project set to staging's)"
    assert "replacement" not in lines[-1]
    assert "mesh-tokyo-2-cluster" in result.stdout


def test_physical_says_what_it_compares() -> None:
    result = meshfleet("diff", "--stack", "staging", "--against", "dev", "--physical")

    assert result.stdout.splitlines()[0] == "--- dev (current plan, physical: names and projects as they are)"
    assert "replacements" in result.stdout.splitlines()[-1]
