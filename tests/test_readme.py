"""The README is a guide that stays true: short, with contents, and its examples work."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from components.spec import parse_platform

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_readme_is_a_guide_under_400_lines_with_contents() -> None:
    assert len(README.splitlines()) < 400
    assert "\n## Contents\n" in README


def test_every_contents_entry_is_a_section() -> None:
    sections = {line[3:] for line in README.splitlines() if line.startswith("## ")}
    entries = re.findall(r"^- \[([^\]]+)\]\(#", README, re.M)

    assert entries
    assert set(entries) <= sections


def test_the_first_spec_is_a_valid_spec() -> None:
    (block,) = re.findall(r"```yaml\n(config:.*?)```", README, re.S)

    spec = parse_platform(yaml.safe_load(block)["config"]["meshfleet:platform"])

    assert spec.environment == "demo"


def test_every_stack_the_readme_previews_exists() -> None:
    stacks = set(re.findall(r"make preview STACK=([\w.-]+)", README)) - {"demo"}

    assert stacks
    for stack in stacks:
        assert (ROOT / "stacks" / f"Pulumi.{stack}.yaml").is_file(), stack


def test_no_seed_numbers_in_user_facing_docs() -> None:
    for path in (ROOT / "README.md", ROOT / "components" / "REFERENCE.md"):
        assert not re.search(r"\bseeds? 0\d\d", path.read_text(encoding="utf-8")), path
