"""meshfleet diff and baseline end to end: a real process, exit codes like `git diff --exit-code`.

The commands run in a scratch project (the real stack program, a copy of the dev stack config)
so that these tests do not depend on the committed baselines, which test_baselines.py checks.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from components.cli.diff import baseline_summary, load_plan_file
from components.cli.project import Project
from tests.checkout import meshfleet

ROOT = Path(__file__).resolve().parents[2]
DEV_CONFIG = ROOT / "stacks" / "Pulumi.dev.yaml"
WEIGHT = "spec.http[0].route[0].weight: 20 -> 50"


def stack_config(path: Path, **weights: int) -> Path:
    """The dev stack config, with other route weights when given."""
    config = yaml.safe_load(DEV_CONFIG.read_text())
    if weights:
        config["config"]["meshfleet:platform"]["routes"][0]["weights"] = weights
    path.write_text(yaml.safe_dump(config))
    return path


def scratch_project(root: Path, main: Path = ROOT / "stacks") -> Path:
    (root / "stacks").mkdir(parents=True)
    (root / "Pulumi.yaml").write_text(
        f"name: meshfleet\nruntime: python\nmain: {main}\nstackConfigDir: stacks\n"
    )
    stack_config(root / "stacks" / "Pulumi.dev.yaml")
    return root


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scratch project whose dev stack has an accepted baseline."""
    root = scratch_project(tmp_path_factory.mktemp("project"))
    result = meshfleet("baseline", "--stack", "dev", cwd=root)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("accepted dev: stacks/baselines/dev.plan.json (")
    return root


@pytest.fixture(scope="module")
def changed_weights(project: Path) -> Path:
    return stack_config(project / "weights-50-50.yaml", v1=50, v2=50)


def test_no_changes_exits_0(project: Path) -> None:
    result = meshfleet("diff", "--stack", "dev", cwd=project)

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "--- baseline stacks/baselines/dev.plan.json",
        "+++ dev (current plan)",
        "no changes",
    ]


def test_a_changed_weight_exits_1_and_shows_the_property(project: Path, changed_weights: Path) -> None:
    result = meshfleet("diff", "--stack", "dev", "--config-file", str(changed_weights), cwd=project)

    assert result.returncode == 1, result.stderr
    assert (
        "~  kubernetes:networking.istio.io/v1:VirtualService mesh-tokyo-1/sample/helloworld-virtualservice"
        in (result.stdout)
    )
    assert WEIGHT in result.stdout
    assert result.stdout.splitlines()[-1] == "0 to add, 1 to change, 0 to delete"


def test_json_output_parses(project: Path, changed_weights: Path) -> None:
    result = meshfleet("diff", "--stack", "dev", "--config-file", str(changed_weights), "--json", cwd=project)

    assert result.returncode == 1, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    assert data["has_changes"] is True
    assert data["summary"]["change"] == 1
    (resource,) = data["resources"]
    assert resource["name"] == "mesh-tokyo-1/sample/helloworld-virtualservice"
    assert [(p["path"], p["old"], p["new"]) for p in resource["properties"]] == [
        ("spec.http[0].route[0].weight", 20, 50),
        ("spec.http[0].route[1].weight", 80, 50),
    ]


def test_against_compares_with_another_stack(project: Path) -> None:
    stack_config(project / "stacks" / "Pulumi.canary.yaml", v1=50, v2=50)

    result = meshfleet("diff", "--stack", "canary", "--against", "dev", cwd=project)

    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:2] == ["--- dev (current plan)", "+++ canary (current plan)"]
    assert WEIGHT in result.stdout
    assert lines[-1] == "0 to add, 1 to change, 0 to delete"


def test_base_compares_with_a_saved_plan(project: Path, tmp_path: Path) -> None:
    saved = json.loads((project / "stacks" / "baselines" / "dev.plan.json").read_text())
    for resource in saved["resources"]:
        if resource["type"] == "kubernetes:networking.istio.io/v1:VirtualService":
            resource["inputs"]["spec"]["http"][0]["route"][0]["weight"] = 10
            resource["inputs"]["spec"]["http"][0]["route"][1]["weight"] = 90
    (tmp_path / "plan.json").write_text(json.dumps(saved))

    result = meshfleet("diff", "--stack", "dev", "--base", str(tmp_path / "plan.json"), cwd=project)

    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines()[0] == f"--- {tmp_path / 'plan.json'}"
    assert "spec.http[0].route[0].weight: 10 -> 20" in result.stdout


def test_base_config_file_compares_with_the_plan_of_that_config(
    project: Path, changed_weights: Path, tmp_path: Path
) -> None:
    # As the README walks a worked example: step N's config against step N-1's, no baseline involved.
    before = stack_config(tmp_path / "weights-10-90.yaml", v1=10, v2=90)

    result = meshfleet(
        "diff",
        "--stack",
        "dev",
        "--base-config-file",
        str(before),
        "--config-file",
        str(changed_weights),
        cwd=project,
    )

    assert result.returncode == 1, result.stderr
    assert f"--- dev ({before})" in result.stdout
    assert "spec.http[0].route[0].weight: 10 -> 50" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--stack", "nosuch"), "error: --stack nosuch: no such stack ("),
        (("--stack", "dev", "--against", "nosuch"), "error: --against nosuch: no such stack ("),
        (("--stack", "dev", "--against", "dev", "--base", "x.json"), "error: --against and --base"),
        (("--stack", "dev", "--base", "Pulumi.yaml"), "error: Pulumi.yaml is not a plan file"),
        (("--stack", "dev", "--base", "missing.json"), "error: plan file missing.json does not exist"),
        (
            ("--stack", "dev", "--base", "x.json", "--base-config-file", "x.yaml"),
            "error: --base and --base-config-file each name the plan to compare with: give one",
        ),
    ],
)
def test_bad_input_exits_2_with_one_line(project: Path, args: tuple[str, ...], message: str) -> None:
    result = meshfleet("diff", *args, cwd=project)

    assert result.returncode == 2
    assert result.stderr.startswith(message)
    assert result.stderr.count("\n") == 1
    assert result.stdout == ""


def test_a_stack_without_a_baseline_says_how_to_accept_one(project: Path) -> None:
    stack_config(project / "stacks" / "Pulumi.canary.yaml", v1=50, v2=50)

    result = meshfleet("diff", "--stack", "canary", cwd=project)

    assert (result.returncode, result.stderr) == (
        2,
        "error: stack canary has no baseline (stacks/baselines/canary.plan.json): "
        "accept one with meshfleet baseline --stack canary\n",
    )


def test_a_failing_program_exits_2_not_1(tmp_path: Path) -> None:
    program = tmp_path / "broken"
    program.mkdir()
    (program / "__main__.py").write_text("raise RuntimeError('boom')\n")
    root = scratch_project(tmp_path / "project", main=program)
    (root / "stacks" / "baselines").mkdir()
    (root / "stacks" / "baselines" / "dev.plan.json").write_text('{"project": "meshfleet", "stack": "dev"}')

    result = meshfleet("diff", "--stack", "dev", cwd=root)

    assert result.returncode == 2
    assert result.stderr == "error: the program failed: meshfleet/dev: RuntimeError: boom\n"


def test_baseline_of_a_missing_stack_exits_2(project: Path) -> None:
    result = meshfleet("baseline", "--stack", "nosuch", cwd=project)

    assert result.returncode == 2
    assert result.stderr.startswith("error: --stack nosuch: no such stack (")


def test_baseline_summary(project: Path) -> None:
    scratch = Project.find(project)
    accepted = load_plan_file(project / "stacks" / "baselines" / "dev.plan.json")

    assert baseline_summary(scratch, accepted) == "baseline: no changes"

    for resource in accepted.resources:
        if resource.type == "gcp:container/cluster:Cluster":
            resource.inputs["location"] = "asia-northeast2"
    summary = baseline_summary(scratch, accepted)
    assert summary is not None and summary.startswith("baseline: 0 to add, ")
    assert "replacements), 0 to delete (run meshfleet diff --stack dev)" in summary

    accepted.stack = "other"
    assert baseline_summary(scratch, accepted) is None
