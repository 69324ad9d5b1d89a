"""The CI workflow template (stacks/examples/ci/github-workflow.yml) platform teams copy: valid
against the published schema of workflow files, offline job without credentials, and its
commands the README's."""

from __future__ import annotations

import json
import os
import re
import subprocess
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / "stacks" / "examples" / "ci" / "github-workflow.yml"
README = (ROOT / "README.md").read_text(encoding="utf-8")


def workflow() -> dict[str, Any]:
    # PyYAML reads the key `on` as True (YAML 1.1); GitHub reads it as "on".
    loaded = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    return {("on" if key is True else key): value for key, value in loaded.items()}


def github_workflows_schema() -> dict[str, Any]:
    """The schema check-jsonschema vendors as `github-workflows` (SchemaStore's)."""
    vendored = resources.files("check_jsonschema") / "builtin_schemas" / "vendor" / "github-workflows.json"
    return json.loads(vendored.read_text(encoding="utf-8"))


def steps(job: str) -> list[dict[str, Any]]:
    return workflow()["jobs"][job]["steps"]


def actions(job: str) -> list[str]:
    return [step["uses"].split("@")[0] for step in steps(job) if "uses" in step]


def test_the_template_is_a_valid_workflow_file() -> None:
    validator = jsonschema.Draft7Validator(github_workflows_schema())
    assert [e.message for e in validator.iter_errors(workflow())] == []


def test_the_schema_check_refuses_a_broken_workflow() -> None:
    broken = workflow()
    broken["jobs"]["offline-preview"]["runs-on"] = 3
    assert list(jsonschema.Draft7Validator(github_workflows_schema()).iter_errors(broken)) != []


def test_it_runs_on_pull_requests() -> None:
    assert "pull_request" in workflow()["on"]


def test_the_offline_job_uses_no_credentials() -> None:
    job = workflow()["jobs"]["offline-preview"]
    text = yaml.safe_dump(job)
    assert "secrets." not in text and "id-token" not in text
    assert workflow()["permissions"] == {"contents": "read"}


def test_the_offline_job_uses_the_well_kept_actions() -> None:
    assert actions("offline-preview") == [
        "actions/checkout",
        "actions/setup-python",
        "actions/upload-artifact",
    ]


def test_the_offline_job_uploads_build() -> None:
    upload = next(
        s for s in steps("offline-preview") if s.get("uses", "").startswith("actions/upload-artifact")
    )
    assert upload["with"]["path"] == "build/"
    assert upload["if"] == "always()"


def test_the_offline_commands_are_the_readmes() -> None:
    script = "\n".join(step.get("run", "") for step in steps("offline-preview"))
    commands = set(re.findall(r"\.venv/bin/meshfleet \w+ --stack", script)) | {"make setup"}
    assert commands == {
        ".venv/bin/meshfleet preview --stack",
        ".venv/bin/meshfleet diff --stack",
        "make setup",
    }
    assert all(command in README for command in commands)


def test_the_cloud_job_runs_pulumi_preview_with_the_policy_pack() -> None:
    job = workflow()["jobs"]["cloud-preview"]
    assert job["needs"] == "offline-preview"
    preview = next(s for s in job["steps"] if s.get("uses", "").startswith("pulumi/actions"))
    assert preview["with"]["command"] == "preview"
    assert (ROOT / preview["with"]["policyPacks"] / "PulumiPolicy.yaml").is_file()
    for stack in job["strategy"]["matrix"]["stack"]:
        assert (ROOT / "stacks" / f"Pulumi.{stack}.yaml").is_file()
        config = preview["with"]["policyPackConfigs"].replace("${{ matrix.stack }}", stack)
        assert (ROOT / config).is_file()


def test_the_cloud_job_runs_only_where_credentials_exist() -> None:
    job = workflow()["jobs"]["cloud-preview"]
    assert job["if"] == "vars.MESHFLEET_CLOUD_PREVIEW == 'true'"
    assert job["env"]["PULUMI_ACCESS_TOKEN"] == "${{ secrets.PULUMI_ACCESS_TOKEN }}"


@pytest.mark.parametrize("stack", ["dev"])
def test_the_offline_step_writes_the_job_summary(tmp_path: Path, stack: str) -> None:
    # The step as GitHub runs it (bash -e), on one stack to keep the test short.
    step = next(s for s in steps("offline-preview") if s.get("name", "").startswith("Preview"))
    script = step["run"].replace("stacks/Pulumi.*.yaml", f"stacks/Pulumi.{stack}.yaml")
    summary = tmp_path / "summary.md"
    work = tmp_path / "repo"
    subprocess.run(["git", "clone", "--quiet", "--shared", str(ROOT), str(work)], check=True)
    (work / ".venv").symlink_to(ROOT / ".venv")
    result = subprocess.run(
        ["bash", "-e", "-c", script],
        cwd=work,
        env={**os.environ, "GITHUB_STEP_SUMMARY": str(summary)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    text = summary.read_text(encoding="utf-8")
    assert f"## Stack `{stack}`" in text
    assert "baseline: no changes" in text
    assert (work / "build" / stack / "plan.json").is_file()
