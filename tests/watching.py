"""Driving `meshfleet preview --watch` in a subprocess: its lines as they come, edits, Ctrl-C."""

from __future__ import annotations

import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from tests.checkout import ROOT, checkout_env

WAIT_S = 180.0
"""Longest wait for one line: a cold start on a loaded machine; never slept, only waited on."""


class WatchProcess:
    """`meshfleet preview --watch ...` running; its stdout and stderr lines, each timestamped."""

    def __init__(self, *args: str, cwd: Path = ROOT) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "components.cli", "preview", "--watch", *args],
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=checkout_env(),
        )
        self.lines: queue.Queue[tuple[str, float, str]] = queue.Queue()
        self.stdout: list[str] = []
        self.stderr: list[str] = []
        for name, stream in (("out", self.process.stdout), ("err", self.process.stderr)):
            threading.Thread(target=self._read, args=(name, stream), daemon=True).start()

    def _read(self, name: str, stream: object) -> None:
        for line in stream:  # type: ignore[attr-defined]
            self.lines.put((name, time.perf_counter(), line.rstrip("\n")))

    def wait_for(self, stream: str, matches: Callable[[str], bool]) -> float:
        """Wait for a line of `stream` ("out" or "err") that `matches`; the time it arrived."""
        deadline = time.monotonic() + WAIT_S
        while True:
            name, at, line = self._next(deadline, f"no such line on std{stream}")
            if name == stream and matches(line):
                return at

    def wait_started(self) -> None:
        """Wait until the first preview's last line and the watcher's "watching" line have both
        arrived. They come on two streams read by two threads, so either may reach the queue
        first; waiting for one alone could leave the other to be taken for a later preview's."""
        pending = {("out", "baseline: "), ("err", "watching ")}
        deadline = time.monotonic() + WAIT_S
        while pending:
            name, _, line = self._next(deadline, "not started")
            pending = {(s, start) for s, start in pending if s != name or not line.startswith(start)}

    def _next(self, deadline: float, missing: str) -> tuple[str, float, str]:
        """The next line from either stream, kept in `stdout`/`stderr`; `missing` at the deadline."""
        try:
            name, at, line = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            tail = f"stdout: {self.stdout[-5:]}, stderr: {self.stderr[-5:]}"
            raise AssertionError(f"{missing}; {tail}") from None
        (self.stdout if name == "out" else self.stderr).append(line)
        return name, at, line

    def interrupt(self) -> int:
        """Ctrl-C; the exit code."""
        self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout=WAIT_S)
        finally:
            self.close()

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()
