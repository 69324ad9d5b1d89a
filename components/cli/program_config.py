"""A program that asks for a config key its stack does not set: the user's input, not a bug.

`pulumi.Config.require` raises ConfigMissingError inside the program; the engine reports any
exception of a program as a failed run (exit 1, "please report it"). A missing key is the
stack config's mistake, so it is one line naming the key and the file that was read (exit 2).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from .app import UserError

if TYPE_CHECKING:
    from .project import Target


@contextmanager
def missing_config(target: Target) -> Iterator[None]:
    """Turn a ProgramError caused by a missing config key into a UserError about `target`'s config."""
    from pulumi import ConfigMissingError

    from components.engine import ProgramError

    try:
        yield
    except ProgramError as exc:
        cause = exc.__cause__
        if not isinstance(cause, ConfigMissingError):
            raise
        where = (
            f"{target.config_read}: "
            if target.config_read is not None
            else f"no config file was read (--config-file, or Pulumi.{target.stack}.yaml by the program): "
        )
        key = cause.key
        raise UserError(
            f"{where}config key {key} is missing; the program requires it (pulumi config set {key} ...)"
        ) from None
