"""What the CLI tells a newcomer about itself: its version, its flags, the stacks that exist."""

from __future__ import annotations

import re
from importlib.metadata import version
from pathlib import Path

import pytest

from tests.checkout import meshfleet

ROOT = Path(__file__).resolve().parents[2]


def test_version_prints_the_package_version() -> None:
    result = meshfleet("--version")

    assert (result.returncode, result.stdout) == (0, f"meshfleet {version('meshfleet')}\n")


@pytest.mark.parametrize(
    ("command", "flags"),
    [
        ("preview", ("--no-policy", "--json", "--summary")),
        ("diff", ("--json", "--physical", "--show-inputs")),
    ],
)
def test_flags_are_shown_without_a_value(command: str, flags: tuple[str, ...]) -> None:
    # typer shows `<bool>` after a boolean flag unless told otherwise, which reads as
    # "--no-policy <bool>": a flag takes no value.
    result = meshfleet(command, "--help")

    for flag in flags:
        (line,) = [line for line in result.stdout.splitlines() if f"{flag} " in line]
        assert not re.search(rf"{flag}\s+<", line), line


def test_an_unknown_against_stack_lists_the_stacks() -> None:
    result = meshfleet("diff", "--stack", "dev", "--against", "stagin")

    assert result.returncode == 2
    assert result.stderr.startswith("error: --against stagin: no such stack (")
    assert "the stacks: dev, " in result.stderr
    assert result.stderr.count("\n") == 1
