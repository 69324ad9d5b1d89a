"""Bad input is refused before Pulumi or a cloud SDK is imported (the cost of a refusal is the
spec's own: a behaviour test, not a timing one; `make bench` measures the time)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.checkout import checkout_env

ROOT = Path(__file__).resolve().parents[2]
HEAVY = {"pulumi", "pulumi_gcp", "pulumi_kubernetes", "pulumi_azure_native", "pulumi_policy", "grpc"}


def imported_by(*args: str) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    """Run the CLI with -X importtime; its result and every module it imported."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "components.cli", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=checkout_env(),
    )
    modules = {
        line.rsplit("|", 1)[1].strip()
        for line in result.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    return result, modules


@pytest.fixture
def bad_config(tmp_path: Path) -> Path:
    config = yaml.safe_load((ROOT / "stacks" / "Pulumi.dev.yaml").read_text())
    config["config"]["meshfleet:platform"]["clusters"][0]["masterCidr"] = "192.168.0.0/24"
    path = tmp_path / "Pulumi.bad.yaml"
    path.write_text(yaml.safe_dump(config))
    return path


COMMANDS = {"preview": ("preview", "--build-dir", "{tmp}/b"), "diff": ("diff",)}


@pytest.mark.parametrize("command", COMMANDS)
def test_spec_error_imports_no_pulumi_and_no_cloud_sdk(
    bad_config: Path, tmp_path: Path, command: str
) -> None:
    args = [arg.format(tmp=tmp_path) for arg in COMMANDS[command]]

    result, modules = imported_by(*args, "--stack", "dev", "--config-file", str(bad_config))

    assert result.returncode == 2
    assert "components.spec.models" in modules  # the spec was checked ...
    assert {m.split(".")[0] for m in modules} & HEAVY == set()  # ... and nothing heavy loaded


def test_bad_stack_name_imports_no_pulumi(tmp_path: Path) -> None:
    result, modules = imported_by("preview", "--stack", "../x", "--build-dir", str(tmp_path / "b"))

    assert result.returncode == 2
    assert {m.split(".")[0] for m in modules} & HEAVY == set()
