"""`make policy-venv`: the virtualenv `pulumi preview --policy-pack policy` runs meshguard in.

The target installs policy/requirements.txt into a fresh virtualenv of its own (here in a
temporary directory, through POLICY_VENV), without the system's packages, so a requirement the
pack needs and the file lacks fails here. It installs from PyPI (pip's cache makes it quick).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
import yaml

from .helpers import PACK_DIR, REPO, pack

# Builds the pack as policy/__main__.py does, with PolicyPack standing in so that no analyzer
# server starts, and prints what it was given.
LOAD_PACK = """
import runpy
import pulumi_policy

built = []
pulumi_policy.PolicyPack = lambda **kwargs: built.append(kwargs)
runpy.run_path("__main__.py", run_name="__main__")
print(built[0]["name"], len(built[0]["policies"]))
"""


def make(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["make", "--no-print-directory", *args], cwd=REPO, capture_output=True, text=True)


@pytest.fixture(scope="module")
def policy_venv(pack_with_venv: Path) -> Path:
    return pack_with_venv / "venv"


def test_the_venv_it_makes_builds_the_pack(policy_venv: Path) -> None:
    # From the pack's directory, as the Pulumi CLI runs it: meshfleet itself is not importable.
    built = subprocess.run(
        [str(policy_venv / "bin" / "python"), "-c", LOAD_PACK],
        cwd=PACK_DIR,
        capture_output=True,
        text=True,
        env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"},
    )

    assert built.returncode == 0, built.stderr
    assert built.stdout.split() == ["meshguard", str(len(pack().policies))]


def test_the_venv_has_only_the_packs_requirements(policy_venv: Path) -> None:
    config = (policy_venv / "pyvenv.cfg").read_text()

    assert "include-system-site-packages = false" in config


def test_a_second_run_does_nothing(policy_venv: Path) -> None:
    assert make("--question", "policy-venv", f"POLICY_VENV={policy_venv}").returncode == 0


def test_changed_requirements_install_again(policy_venv: Path, tmp_path: Path) -> None:
    requirements = tmp_path / "requirements.txt"
    shutil.copy(PACK_DIR / "requirements.txt", requirements)
    later = time.time() + 60
    os.utime(requirements, (later, later))

    stale = make(
        "--question", "policy-venv", f"POLICY_VENV={policy_venv}", f"POLICY_REQUIREMENTS={requirements}"
    )

    assert stale.returncode == 1


def test_it_makes_the_venv_pulumi_policy_yaml_names() -> None:
    project = yaml.safe_load((PACK_DIR / "PulumiPolicy.yaml").read_text())
    venv = project["runtime"]["options"]["virtualenv"]

    planned = make("--dry-run", "--always-make", "policy-venv")

    assert f"-m venv {(PACK_DIR / venv).relative_to(REPO)}\n" in planned.stdout
