"""Previews after the first in one process (`--watch`): the collector out of the way of each one.

The engine pauses the garbage collector over each of a warm process's runs and collects once
before the next (`components.engine.recorder.heap`). A preview does more than run the program:
it checks the policies, writes the build and prints the report, as many objects again. Held over
the whole preview, the pause saves the collections those would trigger. The first preview of a
process is left as it is: the engine is not even imported until its input is checked.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

_previews = 0


def collected_between_previews(preview: Callable[P, R]) -> Callable[P, R]:
    """`preview`, its calls after the first in the process each under one collector pause."""

    @functools.wraps(preview)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        global _previews
        _previews += 1
        if _previews == 1:
            return preview(*args, **kwargs)
        from components.engine.recorder.heap import collected_between_runs

        with collected_between_runs():
            return preview(*args, **kwargs)

    return wrapper
