"""Writing build/<stack>/ so that a reader never sees a file half-written.

`meshfleet preview --watch` rewrites the build on every save while an editor, `kubectl diff` or
a second terminal may be reading it, and Ctrl-C may land in the middle of a write. So every
file is written to a temporary name beside its target and moved over it with `os.replace`
(one rename: the old content or the new one, never a mix), and the manifests folder is built
aside in full and then swapped in with two renames (old one out, new one in), so that it
holds one run's objects, never some of each.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path


def _aside(path: Path, role: str) -> Path:
    """A name beside `path` for this process to stage in: hidden, and the same on every run,
    so a warm process does not coin (and intern) new path names run after run."""
    aside = path.with_name(f".{path.name}.{os.getpid()}.{role}")
    if aside.is_dir() and not aside.is_symlink():
        shutil.rmtree(aside)  # left by a process of the same pid that was killed
    else:
        aside.unlink(missing_ok=True)
    return aside


def replace_text(path: Path, text: str) -> None:
    """Write `text` to `path` in one rename: readers see the old content or all of the new."""
    path.parent.mkdir(parents=True, exist_ok=True)
    staged = _aside(path, "tmp")
    try:
        staged.write_text(text, encoding="utf-8")
        os.replace(staged, path)
    except BaseException:
        staged.unlink(missing_ok=True)
        raise


def replace_folder(folder: Path, fill: Callable[[Path], None]) -> None:
    """Build a new `folder` with `fill(staging)` beside it, then swap it in.

    The old folder is moved out of the way and the new one moved in (two renames on the
    same file system), then the old one is deleted. If `fill` fails or is interrupted, the
    old folder stays as it was and the staging folder is removed.
    """
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = _aside(folder, "staging")
    staging.mkdir()
    previous: Path | None = None
    try:
        fill(staging)
        if folder.exists() or folder.is_symlink():
            previous = _aside(folder, "previous")
            os.replace(folder, previous)
        try:
            os.replace(staging, folder)
        except BaseException:
            if previous is not None:
                os.replace(previous, folder)
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if previous is not None:
            if previous.is_dir() and not previous.is_symlink():
                shutil.rmtree(previous, ignore_errors=True)
            else:
                previous.unlink(missing_ok=True)
