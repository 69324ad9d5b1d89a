"""meshfleet preview --watch: preview again on every save, in this warm process.

What a cold preview spends most of its time on is importing the Pulumi SDKs and building their
classes; a re-preview in the same process pays none of it. It is still a whole preview: the
engine gives each run fresh runtime state (settings, config, root stack, mock monitor, event
loop), the stack program and the policy pack are run again from their files, and the report
comes from the same function as the one-shot command's (`preview.preview_once`).

What is watched, and what a change does:

- the stack config (or --config-file), the stack's baseline, the --policy-config file, the
  stack program's and the policy pack's Python files: preview again, warm;
- meshfleet's own source (the `components` package): restart the process (`os.execv`, same
  command line), because re-importing a changed module under live Pulumi classes would leave
  old and new classes side by side; the restart pays one cold start, spec edits stay warm.

Files are watched through their folders (an editor that saves by renaming a new file over the
old one replaces the file, not its content). Changes that arrive together, as an editor's save
does, make one re-preview (watchfiles groups them: `step` ms of quiet ends a batch).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import NoReturn

import typer

import components

from .app import UserError, err, out
from .diff import baseline_path, mesh_baseline_path
from .options import PreviewOptions
from .paths import check_stack_name
from .policies import default_policy_pack
from .project import DEFAULT_PROGRAM_STACK, Project

STEP_MS = 50
"""A batch of changes ends after this much quiet: an editor's save (write, rename, chmod) is one."""
DEBOUNCE_MS = 1_600
"""A batch never waits longer than this, however busy the folder."""
TIMEOUT_MS = 250
"""How long the watcher waits before handing back an empty batch: the first one tells that it is
watching; after that an empty batch is only a chance to notice Ctrl-C."""

_SKIPPED_FOLDERS = frozenset({"__pycache__", "venv", ".venv", "node_modules", "build"})
"""Folders under a watched tree that hold no source of ours (the policy pack's venv...)."""


class Reaction(Enum):
    PREVIEW = "preview again"
    RESTART = "restart"


@dataclass(frozen=True)
class Watched:
    """What --watch looks at; every path resolved."""

    files: frozenset[Path]
    """Files whose change means a re-preview: stack config, baseline, policy config."""
    programs: tuple[Path, ...]
    """Folders whose Python files each preview runs afresh: the stack program, the policy pack."""
    source: Path
    """meshfleet's own package: a change of its Python files restarts the process."""
    build_dir: Path
    """Where previews write: never a reason to preview again."""

    def reaction(self, path: Path) -> Reaction | None:
        """What a change of `path` calls for; None if it is not watched."""
        path = path.resolve()
        if path == self.build_dir or self.build_dir in path.parents:
            return None
        if path in self.files:
            return Reaction.PREVIEW
        if path.suffix != ".py":
            return None
        if _within(self.source, path):
            return Reaction.RESTART
        if any(_within(folder, path) for folder in self.programs):
            return Reaction.PREVIEW
        return None

    def folders(self) -> list[Path]:
        """The folders to watch, each on its own (not recursively): the watched files' folders
        and every folder of the trees that holds Python files, minus build and virtualenvs."""
        found = {path.parent for path in self.files}
        for tree in (*self.programs, self.source):
            found |= {
                folder
                for folder in _python_folders(tree)
                if folder != self.build_dir and self.build_dir not in folder.parents
            }
        return sorted(folder for folder in found if folder.is_dir())


def _within(tree: Path, path: Path) -> bool:
    """`path` lies in `tree`, not in a folder of it that is skipped."""
    if tree not in path.parents:
        return False
    folders = path.relative_to(tree).parts[:-1]
    return not any(part in _SKIPPED_FOLDERS or part.startswith(".") for part in folders)


def _python_folders(tree: Path) -> Iterator[Path]:
    if not tree.is_dir():
        return
    for folder, subfolders, files in os.walk(tree):
        subfolders[:] = sorted(s for s in subfolders if s not in _SKIPPED_FOLDERS and not s.startswith("."))
        if folder == str(tree) or any(name.endswith(".py") for name in files):
            yield Path(folder)


def watched_paths(options: PreviewOptions) -> Watched:
    """What to watch for `meshfleet preview --watch` with these options (UserError if the options
    name no project or stack). The files themselves may be missing or wrong: each preview says so."""
    files: set[Path] = set()
    if options.program is not None:
        project = Project.load(options.program.resolve())
        stack = check_stack_name(options.stack or DEFAULT_PROGRAM_STACK)
        files.add(options.config_file or project.stack_config(stack))
    else:
        if options.stack is None:
            raise UserError("--stack is required (or --program DIR to preview another program)")
        stack = check_stack_name(options.stack)
        project = Project.find(Path.cwd())
        files |= {
            options.config_file or project.stack_config(stack),
            baseline_path(project, stack),
            mesh_baseline_path(project, stack),
        }
    programs = [project.main if project.main.is_dir() else project.main.parent]
    if not options.no_policy:
        programs.append(options.policy_pack or default_policy_pack())
    if options.policy_config is not None:
        files.add(options.policy_config)
    return Watched(
        files=frozenset(path.resolve() for path in files),
        programs=tuple(folder.resolve() for folder in programs),
        source=Path(components.__file__).resolve().parent,
        build_dir=options.build_dir.resolve(),
    )


def file_changes(watched: Watched) -> Iterator[set[Path]]:
    """Batches of changed paths, as the file watcher reports them; an empty batch now and then.

    The first batch comes once the watcher is running (empty after TIMEOUT_MS), so that a change
    made after it is never missed; changes made while a preview runs are held for the next batch.
    """
    from watchfiles import watch

    batches = watch(
        *watched.folders(),
        watch_filter=lambda _change, path: watched.reaction(Path(path)) is not None,
        debounce=DEBOUNCE_MS,
        step=STEP_MS,
        rust_timeout=TIMEOUT_MS,
        yield_on_timeout=True,
        recursive=False,
    )
    for batch in batches:
        yield {Path(path) for _, path in batch}


def restart_process() -> NoReturn:
    """Run this same command line again in this process (meshfleet's source changed)."""
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(sys.executable, [sys.executable, *sys.orig_argv[1:]])


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _attempt(preview: Callable[[], None]) -> None:
    """One preview; its failure has been printed (one line) and waiting goes on."""
    try:
        preview()
    except typer.Exit:
        pass
    finally:
        sys.stdout.flush()
        sys.stderr.flush()


def watch_previews(
    preview: Callable[[], None],
    watched: Watched,
    changes: Iterable[set[Path]] | None = None,
    restart: Callable[[], object] = restart_process,
) -> None:
    """Preview now, then again after each batch of `changes` (the file watcher's by default).

    Returns when the changes end or on Ctrl-C (the command then exits 0); calls `restart` when
    meshfleet's own source changed.
    """
    try:
        batches = iter(changes if changes is not None else file_changes(watched))
        next(batches, None)  # the watcher runs from here on: no later change is missed
        _attempt(preview)
        names = ", ".join(_shown(path) for path in sorted(watched.files))
        err.print(
            f"watching {names}, the program, the policy pack and meshfleet's source; Ctrl-C to stop",
            markup=False,
            soft_wrap=True,
        )
        sys.stderr.flush()
        for batch in batches:
            reactions = {path: watched.reaction(path) for path in batch}
            changed = sorted(path for path, reaction in reactions.items() if reaction is not None)
            if not changed:
                continue
            listed = ", ".join(_shown(path) for path in changed)
            if Reaction.RESTART in reactions.values():
                err.print(f"changed: {listed}: meshfleet's source, restarting", markup=False, soft_wrap=True)
                restart()
                return
            out.print()
            out.print(f"changed: {listed}", markup=False, soft_wrap=True)
            _attempt(preview)
    except KeyboardInterrupt:
        sys.stdout.flush()
