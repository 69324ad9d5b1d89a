"""meshfleet schema spec | package print the committed schemas (on a clean tree), as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

from tests.checkout import meshfleet

ROOT = Path(__file__).resolve().parents[2]


def test_schema_spec_prints_the_committed_stack_file_schema() -> None:
    result = meshfleet("schema", "spec")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (ROOT / "stacks" / "meshfleet.schema.json").read_text(encoding="utf-8")
    assert json.loads(result.stdout)["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_schema_package_prints_the_committed_package_schema() -> None:
    result = meshfleet("schema", "package")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (ROOT / "components" / "package" / "schema.json").read_text(encoding="utf-8")
    assert json.loads(result.stdout)["name"] == "meshfleet"


def test_schema_without_a_kind_shows_its_usage() -> None:
    result = meshfleet("schema")
    assert result.returncode == 2
    assert "spec" in result.stdout + result.stderr and "package" in result.stdout + result.stderr
