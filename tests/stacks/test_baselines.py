"""Every stack's plan equals its accepted baseline, and baselines are reproducible byte for byte.

A change to the infrastructure therefore shows up in review as a change to
stacks/baselines/<stack>.plan.json; accept an intended one with
`.venv/bin/meshfleet baseline --stack <stack>`.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from components.cli.diff import baseline_path, current_plan, load_plan_file
from components.cli.project import Project
from components.engine import diff_plans, render_diff
from tests.checkout import checkout_env

ROOT = Path(__file__).resolve().parents[2]
PROJECT = Project.find(ROOT)
STACKS = sorted(
    p.name.removeprefix("Pulumi.").removesuffix(".yaml") for p in PROJECT.config_dir.glob("Pulumi.*.yaml")
)


def test_there_are_stacks() -> None:
    assert "dev" in STACKS


@pytest.mark.parametrize("stack", STACKS)
def test_plan_equals_the_accepted_baseline(stack: str) -> None:
    path = baseline_path(PROJECT, stack)
    accept = f"accept it with: .venv/bin/meshfleet baseline --stack {stack}"
    assert path.is_file(), f"stack {stack} has no baseline {path.relative_to(ROOT)}: {accept}"

    plan = current_plan(PROJECT, stack)

    if plan.to_json() != path.read_text(encoding="utf-8"):
        diff = diff_plans(
            load_plan_file(path),
            plan,
            old_label=f"baseline {path.relative_to(ROOT)}",
            new_label=f"{stack} (current plan)",
        )
        pytest.fail(
            f"the {stack} plan differs from its accepted baseline; review the change below and, "
            f"if it is intended, {accept}\n\n{render_diff(diff)}",
            pytrace=False,
        )


def test_every_baseline_belongs_to_a_stack() -> None:
    folder = PROJECT.config_dir / "baselines"
    for suffix in (".plan.json", ".mesh.json"):
        baselines = sorted(p.name.removesuffix(suffix) for p in folder.glob(f"*{suffix}"))

        assert baselines == STACKS, f"a *{suffix} baseline without a stack config is stale: delete it"
    assert sorted(p.name for p in folder.glob("*.json")) == sorted(
        f"{s}{suffix}" for s in STACKS for suffix in (".plan.json", ".mesh.json")
    )


@pytest.mark.parametrize("stack", STACKS)
def test_writing_a_baseline_is_byte_identical_across_runs(stack: str, tmp_path: Path) -> None:
    # A project whose stack configs (and so baselines) live in tmp_path, running the real program.
    (tmp_path / "stacks").mkdir()
    shutil.copy(PROJECT.stack_config(stack), tmp_path / "stacks")
    # A layered stack reads the layers below from their accepted baselines.
    shutil.copytree(
        PROJECT.config_dir / "baselines",
        tmp_path / "stacks" / "baselines",
        ignore=lambda _dir, names: [n for n in names if n == f"{stack}.plan.json"],
    )
    (tmp_path / "Pulumi.yaml").write_text(
        f"name: {PROJECT.name}\nruntime: python\nmain: {PROJECT.main}\nstackConfigDir: stacks\n"
    )
    written = []
    for seed in ("1", "2"):  # different hash seeds: set and dict orders must not leak into the plan
        result = subprocess.run(
            [sys.executable, "-m", "components.cli", "baseline", "--stack", stack],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
            env=checkout_env(PYTHONHASHSEED=seed),
        )
        assert result.returncode == 0, result.stderr
        written.append((tmp_path / "stacks" / "baselines" / f"{stack}.plan.json").read_bytes())

    assert written[0] == written[1]
    assert written[0] == current_plan(PROJECT, stack).to_json().encode("utf-8")
