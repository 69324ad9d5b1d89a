"""A warm process's runs, kept out of the garbage collector's way.

Between two runs in one process (``meshfleet preview --watch``), what is alive stays alive: the
imported SDK modules, their tens of thousands of classes, their caches, half a million objects
in all. A run of a 40-cluster stack allocates enough for CPython's collector to walk them all
eight times (a full collection each time the heap grew by a quarter): two fifths of a warm
re-preview went there, to find nothing to free among them.

``collected_between_runs`` does nothing on a process's first run: a one-shot preview collects as
it always has. On a later run, the collector is paused for the length of the run, and the last
run's garbage is collected in one go before it (each run's state is unreachable once it
returns). If modules were imported since the last such run (the first run's SDKs, or a stack
that now adds an AKS cluster), what survives that collection is frozen (``gc.freeze``): the
collection before the next run then walks only what a run leaves, not the SDKs. Frozen objects
are still freed when nothing refers to them; only a reference cycle among them that dies later
stays, once, never per run.
"""

from __future__ import annotations

import contextlib
import gc
import sys
from collections.abc import Iterator

_runs = 0
_modules_when_frozen = 0


@contextlib.contextmanager
def collected_between_runs() -> Iterator[None]:
    """One run; from the second in a process on, collected before and not during (the module)."""
    global _runs, _modules_when_frozen
    _runs += 1
    if _runs == 1:
        yield
        return
    gc.collect()
    if len(sys.modules) != _modules_when_frozen:
        gc.freeze()
        _modules_when_frozen = len(sys.modules)
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
