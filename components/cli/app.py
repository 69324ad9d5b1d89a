"""The Typer app, the consoles and the error contract every command shares.

Exit codes: 0 success; 1 the program failed while running; 2 bad input (an invalid platform
spec, a missing stack config, a wrong option). Errors are one line on stderr, no traceback.
Commands may add codes of their own (documented in the README), never reuse these.

Bad input is refused fast: until the input is validated, only the spec (pydantic), typer, rich
and pyyaml are imported; the engine, Pulumi and the cloud SDKs are imported inside the commands
once there is a program to run (`tests/cli/test_refuse_fast.py`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from rich.console import Console

from components.spec import SpecError

EXIT_PROGRAM_FAILED = 1
EXIT_BAD_INPUT = 2
# A mandatory policy of the policy pack failed: the plan is fine to read (it is written), but
# `pulumi preview --policy-pack` would fail the same way. Advisory violations only warn (exit 0).
EXIT_POLICY_VIOLATION = 3

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Offline previews of meshfleet stacks: resource plan, Kubernetes manifests, no cloud credentials.",
)
out = Console(highlight=False)
if not out.is_terminal:
    # Piped into a file or a CI log: wide enough that resource names never wrap.
    out.width = 160
err = Console(stderr=True, highlight=False)


class UserError(Exception):
    """A mistake in what the user gave us: reported as one line, exit 2."""


FLAG = ""
"""The metavar of a boolean flag: typer shows `<bool>` otherwise, as if the flag took a value."""


def _print_version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        out.print(f"meshfleet {version('meshfleet')}")
        raise typer.Exit()


@app.callback()
def _group(
    _version: Annotated[
        bool,
        typer.Option(
            "--version",
            help="Print meshfleet's version and exit.",
            metavar=FLAG,
            callback=_print_version,
            is_eager=True,
        ),
    ] = False,
) -> None:
    """Keep each command a subcommand, whatever their number."""


@contextmanager
def reported(program_failed: int = EXIT_PROGRAM_FAILED) -> Iterator[None]:
    """Turn our errors into one line on stderr and an exit code, never a traceback.

    A failing program exits with `program_failed` (`meshfleet diff` uses 2: 1 means changes).
    """
    try:
        yield
    except SpecError as exc:
        for error in exc.all:
            err.print(f"error: {error}", markup=False, soft_wrap=True)
        if exc.omitted:
            err.print(f"error: {exc.omitted} more mistake(s) not shown; fix these first", markup=False)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    except UserError as exc:
        # One line per mistake: a spec read from a file reports each of its mistakes.
        for line in str(exc).splitlines():
            err.print(f"error: {line}", markup=False, soft_wrap=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    except typer.Exit:
        raise
    except Exception as exc:
        # A ProgramError comes from the engine, so the engine is loaded by then and this
        # import is free; importing it above would load Pulumi before any input is checked.
        from components.engine import ProgramError

        if not isinstance(exc, ProgramError):
            raise
        err.print(f"error: the program failed: {exc}", markup=False, soft_wrap=True)
        raise typer.Exit(program_failed) from None
