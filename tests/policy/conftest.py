"""Every Plan a policy test builds also runs the whole pack in both views, and no policy crashes.

A policy test checks one policy on one Plan in one view. What a real preview needs of every
policy, whatever the Plan, is that it never raises: in the planned state stack policies get,
any property the program does not set can be unknown, and a policy's TypeError aborts the
whole preview. So after
each test, every Plan it ran the pack on (through ``helpers.run_pack``) runs the whole pack again
in the ``inputs`` and the ``planned`` view; a policy that raises, or that uses an unknown value
without checking for it, fails that test's teardown. Each Plan is checked once per session.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from components.engine import Plan

from . import helpers

_checked: dict[int, Plan] = {}
"""Plans already checked, by id; the Plans themselves are kept so that no id is reused."""


@pytest.fixture(autouse=True)
def no_policy_crashes_on_this_tests_plans_in_either_view() -> Iterator[None]:
    helpers.EVALUATED.clear()
    yield
    for key, plan in list(helpers.EVALUATED.items()):
        if key in _checked:
            continue
        _checked[key] = plan
        found = helpers.crashes(plan)
        if found:
            pytest.fail("\n".join(found))


@pytest.fixture(scope="session")
def pack_with_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the pack with the virtualenv `make policy-venv` makes, where PulumiPolicy.yaml
    says (`venv` beside it); built once, from PyPI, without the system's packages."""
    copy = tmp_path_factory.mktemp("pack") / "policy"
    shutil.copytree(helpers.PACK_DIR, copy, ignore=shutil.ignore_patterns("venv", "__pycache__"))
    made = subprocess.run(
        ["make", "--no-print-directory", "policy-venv", f"POLICY_VENV={copy / 'venv'}"],
        cwd=helpers.REPO,
        capture_output=True,
        text=True,
    )
    assert made.returncode == 0, made.stderr
    return copy
