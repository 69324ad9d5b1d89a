"""What from the command line becomes a path: stack names, and where output may be written.

A stack name is part of file names (`stacks/Pulumi.<stack>.yaml`, `build/<stack>/`,
`stacks/baselines/<stack>.plan.json`), and `build/<stack>/manifests` is deleted before each
preview, so `--stack ../x` must never reach a path: names follow Pulumi's rule, and every
folder written or deleted is checked to lie inside its root once symlinks are resolved.
"""

from __future__ import annotations

import re
from pathlib import Path

from components.spec.errors import quoted

from .app import UserError

# Pulumi's rule for stack names (pulumi/pulumi, backend name validation): ^[A-Za-z0-9_.-]{1,100}$.
_STACK_NAME = re.compile(r"[A-Za-z0-9_.-]{1,100}")


def check_stack_name(name: str, option: str = "--stack") -> str:
    """`name` if it is a stack name; UserError naming `option` otherwise."""
    # "." and ".." pass Pulumi's pattern but name the current and the parent folder here.
    if _STACK_NAME.fullmatch(name) and name not in (".", ".."):
        return name
    raise UserError(
        f"{option} {quoted(name)} is not a stack name: 1 to 100 letters, digits, '-', '_' or '.'"
        " (Pulumi's rule), and not . or .."
    )


def inside(root: Path, path: Path) -> Path:
    """`path` resolved, if it lies strictly inside `root` resolved; UserError otherwise."""
    base, target = root.resolve(), path.resolve()
    if base not in target.parents:
        raise UserError(f"{path} is not inside {root}: meshfleet writes and deletes only there")
    return target
