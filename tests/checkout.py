"""The environment for running this checkout's CLI (``python -m components.cli``) in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def checkout_env(**overrides: str) -> dict[str, str]:
    """``os.environ`` with this checkout first on ``PYTHONPATH``, and ``overrides``.

    A subprocess run from another directory (a project in tmp_path) would otherwise import
    ``components`` from wherever the package is installed, which for a git worktree is the
    main checkout, and test that instead.
    """
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "PYTHONPATH": path, **overrides}


def meshfleet(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """Run this checkout's `meshfleet` with `args` in `cwd`, as a user would, and capture it."""
    return subprocess.run(
        [sys.executable, "-m", "components.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env=checkout_env(),
    )
