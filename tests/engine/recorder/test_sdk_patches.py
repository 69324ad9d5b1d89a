"""What the offline engine swaps in the Pulumi SDK for one run is what this SDK still has.

`settle.batched_wait` replaces `pulumi.runtime.stack.wait_for_rpcs` with a copy that waits in
batches; `stack_traces.without_stack_traces` replaces `pulumi.runtime.resource._get_stack_trace`.
Both are private SDK functions. The fingerprints below are of the versions the swaps were written
against (SDK 3.272): when an SDK upgrade changes one of them, its test fails, and the swap must be
read against the new function before the fingerprint is updated.
"""

from __future__ import annotations

import contextlib
import hashlib
import inspect
from typing import Any

import pulumi_gcp as gcp
import pytest
from pulumi.runtime import resource as sdk_resource
from pulumi.runtime import stack as sdk_stack
from pulumi.runtime.proto import resource_pb2

from components.engine.recorder import program as program_module
from components.engine.recorder.monitor import RecordingMonitor

from .programs import run


def _fingerprint(function: object) -> str:
    return hashlib.sha256(inspect.getsource(function).encode()).hexdigest()[:16]  # pyright: ignore[reportArgumentType]


def test_the_sdks_wait_for_rpcs_is_the_one_batched_wait_copies() -> None:
    assert _fingerprint(sdk_stack.wait_for_rpcs) == "c0f9027f85ad0925"


def test_the_sdks_stack_trace_is_the_one_left_out_offline() -> None:
    assert _fingerprint(sdk_resource._get_stack_trace) == "3943b22730169251"


def test_the_sdk_looks_up_its_stack_trace_at_each_registration_and_read() -> None:
    # The swap works on the module global: a registration that bound the function otherwise
    # would walk the stack again.
    for function in (sdk_resource.register_resource, sdk_resource.read_resource):
        assert "stack_trace = _get_stack_trace()" in inspect.getsource(function)


def _frames_sent(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The stack frames each registration of a one-network program sends the monitor."""
    frames: list[int] = []
    register = RecordingMonitor.RegisterResource

    def spy(self: RecordingMonitor, request: resource_pb2.RegisterResourceRequest) -> Any:
        frames.append(len(request.stackTrace.frames))
        return register(self, request)

    monkeypatch.setattr(RecordingMonitor, "RegisterResource", spy)
    run(lambda: gcp.compute.Network("net"))
    return frames


def test_an_offline_run_sends_no_stack_trace(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _frames_sent(monkeypatch) == [0, 0]  # the stack, then the network


def test_without_the_swap_the_sdk_sends_the_programs_stack(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(program_module, "without_stack_traces", contextlib.nullcontext)

    assert _frames_sent(monkeypatch)[1] > 0


def test_the_sdks_own_stack_trace_is_back_after_a_run() -> None:
    before = sdk_resource._get_stack_trace
    run(lambda: gcp.compute.Network("net"))

    assert sdk_resource._get_stack_trace is before
