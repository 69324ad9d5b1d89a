"""`preview --json` and `--summary`: the same preview, for a machine and for a quick look."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from components.engine import Plan
from tests.checkout import meshfleet

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def as_json(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Any]:
    build = tmp_path_factory.mktemp("build")
    result = meshfleet("preview", "--stack", "dev", "--json", "--build-dir", str(build))
    return result, json.loads(result.stdout)


def test_json_is_the_only_output_on_stdout(as_json: tuple[subprocess.CompletedProcess[str], Any]) -> None:
    result, data = as_json

    assert result.returncode == 0, result.stderr
    assert data["stack"] == "dev"


def test_json_total_matches_the_baseline_and_counts_the_stack(
    as_json: tuple[subprocess.CompletedProcess[str], Any],
) -> None:
    _, data = as_json
    baseline = Plan.from_json((ROOT / "stacks" / "baselines" / "dev.plan.json").read_text())

    assert data["total"] == sum(data["counts"].values()) == len(baseline)
    assert data["counts"]["pulumi:pulumi:Stack"] == 1


def test_json_reports_policies_and_baseline(as_json: tuple[subprocess.CompletedProcess[str], Any]) -> None:
    _, data = as_json

    assert (data["policies"]["pack"], data["policies"]["mandatory"]) == ("meshguard", 0)
    assert {v["enforcement_level"] for v in data["policies"]["violations"]} <= {"advisory"}
    assert data["baseline"]["status"] == "no changes"


def test_json_baseline_changes_carry_the_review_command(tmp_path: Path) -> None:
    step = ROOT / "stacks" / "examples" / "canary-promote" / "step-1.yaml"

    result = meshfleet(
        "preview",
        "--stack",
        "dev",
        "--config-file",
        str(step),
        "--json",
        "--no-policy",
        "--build-dir",
        str(tmp_path),
    )

    baseline = json.loads(result.stdout)["baseline"]
    assert baseline["status"] == "changes"
    assert baseline["review"] == f"meshfleet diff --stack dev --config-file {step}"
    assert json.loads(result.stdout)["policies"] == {"ran": False}


def test_summary_leaves_the_tree_out(tmp_path: Path) -> None:
    result = meshfleet("preview", "--stack", "dev", "--summary", "--no-policy", "--build-dir", str(tmp_path))

    assert result.returncode == 0, result.stderr
    assert "└──" not in result.stdout
    assert "gcp:container/cluster:Cluster" in result.stdout  # the counts
    assert result.stdout.splitlines()[-1] == "baseline: no changes"


def test_the_printed_total_is_the_baseline_count(tmp_path: Path) -> None:
    result = meshfleet("preview", "--stack", "dev", "--summary", "--no-policy", "--build-dir", str(tmp_path))
    baseline = Plan.from_json((ROOT / "stacks" / "baselines" / "dev.plan.json").read_text())

    (total,) = [
        line.replace("│", " ").split() for line in result.stdout.splitlines() if line.split()[:1] == ["total"]
    ]
    assert int(total[-1]) == len(baseline)


def test_a_filter_prints_only_what_it_selects(tmp_path: Path) -> None:
    result = meshfleet(
        "preview",
        "--stack",
        "staging",
        "--cluster",
        "tokyo-2",
        "--type",
        "Deployment",
        "--no-policy",
        "--build-dir",
        str(tmp_path),
    )

    assert result.returncode == 0, result.stderr
    assert "mesh-tokyo-2/istio-ingressgateway-deployment" in result.stdout
    tree = [line for line in result.stdout.splitlines() if "──" in line]
    assert tree
    assert not [line for line in tree if "tokyo-1" in line]
    assert "plan, manifests, policies and baseline cover the whole stack" in result.stdout


def test_json_and_summary_together_are_refused() -> None:
    result = meshfleet("preview", "--stack", "dev", "--json", "--summary")

    assert (result.returncode, result.stderr) == (
        2,
        "error: --json and --summary each choose the output: give one\n",
    )
