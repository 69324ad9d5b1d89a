"""No user-visible text names the project's private source documents by number ("seed 004"):
a user cannot look them up. Docstrings, error messages, policy messages, stack files and the
reference cite the public guides by title instead."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEED_NUMBER = re.compile(r"(?i)\bseeds? 00\d|\bseeds 00\d")
SHIPPED = sorted(
    [
        *REPO.glob("components/**/*.py"),
        *REPO.glob("policy/**/*.py"),
        *REPO.glob("stacks/**/*.yaml"),
        REPO / "README.md",
        REPO / "components/REFERENCE.md",
        REPO / "components/REFERENCE.generated.md",
        REPO / "stacks/meshfleet.schema.json",
    ]
)


def test_the_shipped_files_are_found() -> None:
    assert len(SHIPPED) > 100


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: str(p.relative_to(REPO)))
def test_a_shipped_file_names_no_seed_number(path: Path) -> None:
    found = [
        f"{path.relative_to(REPO)}:{n}: {line.strip()}"
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if SEED_NUMBER.search(line)
    ]

    assert found == []
