"""Waiting for a program's outstanding work, as the SDK does, without its quadratic cost.

After the program returns, the SDK's ``run_pulumi_func`` waits for every outstanding RPC and
then for every outstanding output (``pulumi.runtime.stack.wait_for_rpcs``). It waits for the
outputs one completion at a time: ``asyncio.wait(pending, FIRST_COMPLETED)`` on all of them,
again and again, and every such call adds and removes a callback on every pending task. With
thousands of outputs (a fleet of 40 clusters has over 1200 resources) that is quadratic, and it
was a third of a 40-cluster preview.

``batched_wait`` swaps in the same loop with ``FIRST_EXCEPTION``: it returns when all pending
outputs are done or one of them failed, so a failure still surfaces as soon as it happens, with
the same exception, and the outputs scheduled meanwhile are picked up on the next round, as
before. The swap lasts one run and is undone after it.
"""

from __future__ import annotations

import asyncio
from contextlib import AbstractContextManager
from typing import Any
from unittest import mock

from pulumi.runtime import settings
from pulumi.runtime import stack as sdk_stack


async def _wait_for_rpcs(await_all_outstanding_tasks: bool = True) -> None:
    """``pulumi.runtime.stack.wait_for_rpcs`` (SDK 3.x), outputs awaited in batches."""
    rpc_manager = settings._get_rpc_manager()
    # Its fields are context-local properties that type checkers do not follow.
    state: Any = settings.SETTINGS
    while True:
        while len(rpc_manager.rpcs) > 0:
            await asyncio.sleep(0)
            try:
                await rpc_manager.rpcs.pop()
            except Exception as exn:
                # As the SDK does: re-raise with the original traceback as the cause.
                if rpc_manager.unhandled_exception is not None:
                    cause = rpc_manager.unhandled_exception.with_traceback(rpc_manager.exception_traceback)
                    raise exn from cause
                raise
        if rpc_manager.unhandled_exception is not None:
            raise rpc_manager.unhandled_exception.with_traceback(rpc_manager.exception_traceback)
        if await_all_outstanding_tasks:
            while True:
                with state.lock:
                    if len(state.outputs) == 0:
                        break
                    pending: list[asyncio.Task[object]] = list(state.outputs)
                    state.outputs.clear()
                done, not_done = await asyncio.wait(pending, return_when=asyncio.FIRST_EXCEPTION)
                for task in done:
                    await task
                if not_done:
                    with state.lock:
                        state.outputs.update(not_done)
        if len(rpc_manager.rpcs) == 0:
            break


def batched_wait() -> AbstractContextManager[Any]:
    """Have the SDK wait for outstanding outputs in batches during one run (see the module)."""
    return mock.patch.object(sdk_stack, "wait_for_rpcs", _wait_for_rpcs)
