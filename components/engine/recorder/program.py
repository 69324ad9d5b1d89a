"""Run any Python Pulumi program offline, in preview mode, and record what it registers.

The program runs in-process under the Pulumi SDK's own mock monitor, the way the Python
language host would run it (``run_in_stack`` inside a fresh event loop), with
``dry_run=True``. A recording monitor answers every registration the way ``pulumi preview``
answers a create: the resource's inputs come back as its planned outputs, its id and every
provider-computed output stay unknown. Nothing is invented: a value only the cloud could
know is recorded as ``UNKNOWN``.

A ``secure:`` config value, which no offline run can decrypt, reads as an unknown secret
through the SDK's secret getters, and a plain read of it is refused (``secret_config``).

Under the mock monitor, invokes (``gcp.organizations.get_project()``...) return an empty
result, so their fields are None; new-style transforms (``ResourceOptions.transforms``,
``register_resource_transform``) are not applied, as in the SDK's own mocks.

The parts live in the other modules of ``recorder``: ``stack_config`` reads a stack's config
and hands it to the program as the CLI does, ``wire`` decodes the monitor's wire values into
plan values, ``monitor`` holds the recording monitor, ``settle`` waits for the program's
outstanding outputs as the SDK does, in batches, ``stack_traces`` spares the SDK a stack walk
per registration that nothing offline reads, and ``heap`` keeps a warm process's runs out of
the garbage collector's way. This module runs the program.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
import os
import pickle
import runpy
import sys
import threading
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from pulumi.runtime import config as runtime_config
from pulumi.runtime import settings
from pulumi.runtime.mocks import MockEngine, MockSettings
from pulumi.runtime.stack import register_stack_transformation, run_in_stack

from ..plan import Plan
from .heap import collected_between_runs
from .monitor import Recorder, RecordingMonitor
from .secret_config import undecryptable
from .settle import batched_wait
from .stack_config import pulumi_config
from .stack_references import StackReferences
from .stack_traces import without_stack_traces

Program = Callable[[], object] | str | Path

_log = logging.getLogger(__name__)


class ProgramError(Exception):
    """The program raised while it ran; ``__cause__`` is the original exception.

    ``plan`` holds what had been registered before the failure, for diagnosis.
    """

    def __init__(self, message: str, plan: Plan) -> None:
        super().__init__(message)
        self.plan = plan


def _as_callable(program: Program) -> tuple[Callable[[], object], Path | None]:
    if callable(program):
        return program, None
    path = Path(program)
    # Resolved now: the run changes directory into the program's folder.
    main = (path / "__main__.py" if path.is_dir() else path).resolve()
    if not main.is_file():
        raise FileNotFoundError(f"no Pulumi program at {main}")

    def run_main() -> None:
        runpy.run_path(str(main), run_name="__main__")

    return run_main, main.parent.resolve()


@contextlib.contextmanager
def _program_directory(directory: Path | None) -> Iterator[None]:
    """Run from the program's directory, importable, as the Pulumi Python host does.

    Modules imported from that directory are dropped afterwards so the next run (maybe of
    another program) imports its own.
    """
    if directory is None:
        yield
        return
    previous_cwd = os.getcwd()
    previous_modules = set(sys.modules)
    sys.path.insert(0, str(directory))
    os.chdir(directory)
    try:
        yield
    finally:
        os.chdir(previous_cwd)
        with contextlib.suppress(ValueError):
            sys.path.remove(str(directory))
        for name in set(sys.modules) - previous_modules:
            module_file = getattr(sys.modules[name], "__file__", None)
            if module_file and Path(module_file).resolve().is_relative_to(directory):
                del sys.modules[name]


_PICKLER_PATCHES = ("_batch_setitems", "save_dict")
"""What the SDK's dynamic provider serializer patches on pickle's pure-Python Pickler."""


@contextlib.contextmanager
def _pickler_restored() -> Iterator[None]:
    """Undo the SDK's patches to pickle once the run is over.

    ``pulumi.dynamic`` serializes each dynamic resource's provider with pickle's pure-Python
    Pickler patched to sort dicts, and leaves the patch in place: every dynamic resource wraps
    ``_batch_setitems`` once more. In one process per preview that costs nothing; in a warm
    process (``meshfleet preview --watch``) the wrappers would nest run after run, each pickle
    slower, until a RecursionError. Restored, every run starts from the pickle a cold one has.
    """
    pickler = vars(pickle)["_Pickler"]
    saved = {name: vars(pickler)[name] for name in _PICKLER_PATCHES}
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(pickler, name, value)


def _configure_runtime(monitor: RecordingMonitor, project: str, stack: str) -> None:
    """Give the SDK a fresh runtime state; called inside a copied context so nothing leaks."""
    settings.ROOT.set(None)
    features = set(monitor.GetDeploymentInfo(None).supportedFeatures)
    settings.configure(
        MockSettings(
            monitor=monitor,
            monitor_features=features,
            engine=MockEngine(_log),
            project=project,
            stack=stack,
            dry_run=True,
            organization="organization",
            root_directory=None,
            parallel=None,
            legacy_apply_enabled=False,
            callbacks=None,
            outputs=set(),
            lock=threading.Lock(),
            package_refs={},
            base_providers_by_ref={},
        )
    )


def _run_in_event_loop(body: Callable[[], None]) -> None:
    loop = asyncio.new_event_loop()
    # Failures reach us through run_in_stack; echoes of them from orphaned tasks are noise.
    loop.set_exception_handler(lambda _loop, context: _log.debug("asyncio: %s", context.get("message")))
    try:
        loop.run_until_complete(run_in_stack(body))
    finally:
        pending = asyncio.all_tasks(loop)
        for task in pending:
            task.cancel()
        if pending:
            loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        loop.run_until_complete(loop.shutdown_default_executor())
        loop.close()


def _one_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__


def run_program(
    program: Program,
    *,
    project: str,
    stack: str,
    config: Mapping[str, Any] | None = None,
    stack_references: StackReferences | None = None,
) -> Plan:
    """Run a Pulumi program offline in preview mode and return its Plan.

    ``program`` is a callable, or a directory holding a Pulumi program's ``__main__.py``
    (run with runpy from that directory, which is on ``sys.path`` during the run, as the
    Pulumi Python host does). ``config`` is a stack's config as ``load_stack_config`` returns
    it. The Plan is returned once every registration has settled. Each run has its own
    runtime state (settings, config, root stack, event loop), and what the SDK patches in the
    process (pickle, for dynamic providers) is restored: runs do not leak into each other, so
    a warm process's runs give a cold process's Plan.
    ``stack_references`` gives the Plan of a stack the program reads through a
    ``pulumi.StackReference``; its outputs answer the reference (``stack_references`` module).

    Raises ProgramError, with the original exception as ``__cause__``, if the program raises
    (a duplicate URN counts, as in the engine); FileNotFoundError if there is no program.
    """
    target, directory = _as_callable(program)
    values, secret_keys = pulumi_config(config or {}, project)
    recorder = Recorder(project, stack)

    def body() -> None:
        root = settings.get_root_resource()
        recorder.seed_root(root)
        register_stack_transformation(recorder.observe_construction)
        target()

    def run() -> None:
        _configure_runtime(RecordingMonitor(recorder, stack_references), project, stack)
        runtime_config.set_all_config(values, secret_keys)
        # Every secret key holds ciphertext (``secure:``) no offline run can decrypt.
        with undecryptable(secret_keys):
            _run_in_event_loop(body)

    try:
        with (
            collected_between_runs(),
            _program_directory(directory),
            _pickler_restored(),
            batched_wait(),
            without_stack_traces(),
        ):
            contextvars.copy_context().run(run)
    except (Exception, SystemExit) as exc:
        raise ProgramError(f"{project}/{stack}: {_one_line(exc)}", recorder.plan()) from exc
    return recorder.plan()
