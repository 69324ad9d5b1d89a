"""Runs in one warm process leave nothing of themselves behind in the SDK or the interpreter.

`meshfleet preview --watch` runs program after program in one process; each run must see the
state a fresh process would (tests/cli/test_watch.py checks the bytes against cold previews).
"""

from __future__ import annotations

import pickle
import threading
from typing import Any

import pulumi
import pulumi_gcp as gcp
from pulumi.runtime import config as runtime_config
from pulumi.runtime import rpc, settings

from components.engine.recorder import ProgramError
from components.engine.recorder.dynamic import DYNAMIC_PROVIDER

from .programs import dynamic_program, run


def _registered_modules() -> int:
    return sum(map(len, rpc._RESOURCE_MODULES.values())) + sum(map(len, rpc._RESOURCE_PACKAGES.values()))


def optional_program() -> None:
    net = gcp.compute.Network("net")
    if pulumi.Config("demo").get_bool("extra"):
        extra = gcp.compute.Network("extra", description="only in this run")
        pulumi.export("extra", extra.description)
        pulumi.runtime.register_stack_transformation(lambda args: None)
    pulumi.export("net", net.name)


def test_dynamic_providers_leave_pickle_as_they_found_it() -> None:
    pickler = vars(pickle)["_Pickler"]
    before = vars(pickler)["_batch_setitems"], vars(pickler)["save_dict"]

    plans = [run(dynamic_program) for _ in range(3)]

    assert (vars(pickler)["_batch_setitems"], vars(pickler)["save_dict"]) == before
    assert pickle.Pickler is not pickler
    assert {r.inputs["__provider"] for r in plans[-1].by_type("pulumi-python:dynamic/demo:Echo")} == {
        DYNAMIC_PROVIDER
    }


def test_a_run_leaves_no_root_stack_settings_or_config_behind() -> None:
    state: Any = settings.SETTINGS  # context-local properties, which pyright does not follow
    monitor, project = state.monitor, state.project
    config = dict(runtime_config.CONFIG.get())

    run(optional_program, **{"demo:extra": "true"})

    assert settings.get_root_resource() is None
    assert (state.monitor, state.project) == (monitor, project)
    assert runtime_config.CONFIG.get() == config
    assert not runtime_config.is_config_secret("demo:extra")


def test_a_run_leaves_no_thread_running() -> None:
    run(optional_program)
    before = set(threading.enumerate())

    run(optional_program, **{"demo:extra": "true"})

    assert set(threading.enumerate()) <= before


def test_the_sdks_module_registries_do_not_grow_per_run() -> None:
    run(optional_program)
    registered = _registered_modules()

    for _ in range(3):
        run(optional_program, **{"demo:extra": "true"})

    assert _registered_modules() == registered


def test_a_resource_removed_from_the_program_is_gone_from_the_next_run() -> None:
    with_extra = run(optional_program, **{"demo:extra": "true"})
    without = run(optional_program)

    assert [r.name for r in with_extra.resources] == ["demo-dev", "net", "extra"]
    assert [r.name for r in without.resources] == ["demo-dev", "net"]
    assert set(without.outputs) == {"net"}
    assert without.to_json() == run(optional_program).to_json()


def test_the_sdks_own_wait_is_back_after_a_run() -> None:
    from pulumi.runtime import stack

    before = stack.wait_for_rpcs
    run(optional_program)

    assert stack.wait_for_rpcs is before


def test_a_failing_output_among_many_still_fails_the_run() -> None:
    def program() -> None:
        for index in range(50):
            gcp.compute.Network(f"net-{index}", name=f"net-{index}").name.apply(lambda name: name)
        gcp.compute.Network("bad", name="bad").name.apply(lambda _: 1 / 0)

    try:
        run(program)
    except ProgramError as exc:
        assert "ZeroDivisionError" in str(exc)
    else:
        raise AssertionError("the program's failure was lost")
