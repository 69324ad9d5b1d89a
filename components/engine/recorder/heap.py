"""A warm process's runs, kept out of the garbage collector's way.

Between two runs in one process (``meshfleet preview --watch``), what is alive stays alive: the
imported SDK modules, their tens of thousands of classes, their caches, half a million objects
in all. A run of a 40-cluster stack allocates enough for CPython's collector to walk them all
eight times (a full collection each time the heap grew by a quarter): two fifths of a warm
re-preview went there, to find nothing to free among them.

``collected_between_runs`` does nothing on a process's first run: a one-shot preview collects as
it always has. On a later run, the collector is paused for the length of the run, and the run's
garbage is collected in one go after it (its state is unreachable once it returns). If modules
were imported since the last such run (the first run's SDKs, or a stack that now adds an AKS
cluster), what is alive before the run is collected and frozen first (``gc.freeze``): the
collection after each run then walks what the run made, not the SDKs. Frozen objects
are still freed when nothing refers to them; only a reference cycle among them that dies later
stays, once, never per run.
"""

from __future__ import annotations

import contextlib
import gc
import signal
import sys
import threading
from collections.abc import Iterator

_runs = 0
_depth = 0
_modules_when_frozen = 0


@contextlib.contextmanager
def collected_between_runs() -> Iterator[None]:
    """One run; from the second in a process on, collected before and not during (the module).

    Nested, the outer one counts: a caller that does more with each run (the CLI checks its
    policies, writes and prints it) holds the pause over all of that.
    """
    global _runs, _depth, _modules_when_frozen
    if _depth:
        yield
        return
    _runs += 1
    warm = _runs > 1
    if warm and len(sys.modules) != _modules_when_frozen:
        _collect()
        gc.freeze()
        _modules_when_frozen = len(sys.modules)
    enabled = gc.isenabled()
    if warm:
        gc.disable()
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1
        try:
            if warm:
                # The run's garbage, at once: re-enabled on a full young generation, the
                # collector would walk it anyway, at the next allocation.
                _collect()
        finally:
            if enabled:
                gc.enable()


def _collect() -> None:
    """A full collection that lets no Ctrl-C get lost in it.

    Python runs a signal's handler wherever the main thread is, and during a collection that is
    often a finalizer, whose exceptions are printed and dropped: the KeyboardInterrupt would be,
    and `--watch`, where Ctrl-C comes right after a preview, would keep watching. So the handler
    only notes the signal for the collection's length, and it is raised again once it is over.
    """
    previous = signal.getsignal(signal.SIGINT)
    if threading.current_thread() is not threading.main_thread() or previous is None:
        # Handlers run in the main thread only; one not set from Python cannot be put back.
        gc.collect()
        return
    caught: list[int] = []
    signal.signal(signal.SIGINT, lambda signum, _frame: caught.append(signum))
    try:
        gc.collect()
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        signal.raise_signal(signal.SIGINT)
