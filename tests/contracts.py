"""Every package under `components/` is in an import-linter contract (`make lint` runs this).

import-linter checks only the modules its contracts name: a new package named in none would
pass every contract unchecked. Each top-level package or module of `components` must be a
layer of the layers contract (one line in `pyproject.toml`: a new cloud joins the clouds'
layer) or the source of a forbidden contract (the engine, which sits outside the layers).
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def packages(root: Path = ROOT) -> set[str]:
    """The top-level packages and modules of `components`, e.g. components.gcp."""
    found = set()
    for path in (root / "components").iterdir():
        if path.is_dir() and (path / "__init__.py").is_file():
            found.add(f"components.{path.name}")
        elif path.suffix == ".py" and path.stem != "__init__":
            found.add(f"components.{path.stem}")
    return found


def contracted(pyproject: Path = ROOT / "pyproject.toml") -> set[str]:
    """The modules the contracts check: every layer, and every forbidden contract's sources."""
    contracts = tomllib.loads(pyproject.read_text())["tool"]["importlinter"]["contracts"]
    names: set[str] = set()
    for contract in contracts:
        if contract["type"] == "layers":
            names |= {part.strip() for layer in contract["layers"] for part in layer.split("|")}
        elif contract["type"] == "forbidden":
            names |= set(contract["source_modules"])
    return names


def uncovered(root: Path = ROOT) -> list[str]:
    """The packages under `components/` no contract checks, sorted."""
    return sorted(packages(root) - contracted(root / "pyproject.toml"))


if __name__ == "__main__":
    missing = uncovered()
    if missing:
        print(
            f"error: {', '.join(missing)} in no import-linter contract: add it to a layer of the layers"
            " contract in pyproject.toml (a cloud: to the clouds' layer)",
            file=sys.stderr,
        )
        sys.exit(1)
