"""Dynamic resources: their serialized provider is recorded as a marker, never as its bytes."""

from __future__ import annotations

import pytest

from components.engine.plan import SECRET
from components.engine.recorder.dynamic import DYNAMIC_PROVIDER, is_dynamic

from .programs import dynamic_program, run

ECHO = "pulumi-python:dynamic/demo:Echo"


def test_serialized_provider_is_recorded_as_the_dynamic_provider_marker() -> None:
    plan = run(dynamic_program)

    assert [r.inputs["__provider"] for r in plan.by_type(ECHO)] == [DYNAMIC_PROVIDER, DYNAMIC_PROVIDER]


def test_marker_is_no_secret_path_and_other_secrets_stay_secret() -> None:
    echo = run(dynamic_program).find(ECHO, "clear-provider")

    assert echo.secret_paths == ["token"]
    assert echo.inputs["token"] == SECRET
    assert echo.inputs["message"] == "hello"


def test_plan_with_dynamic_resources_is_byte_identical_across_runs() -> None:
    assert run(dynamic_program).to_json() == run(dynamic_program).to_json()


@pytest.mark.parametrize(
    ("type_", "dynamic"),
    [
        ("pulumi-python:dynamic:Resource", True),
        ("pulumi-python:dynamic/demo:Echo", True),
        ("pulumi-nodejs:dynamic:Resource", True),
        ("pulumi-python:index:Resource", False),
        ("kubernetes:core/v1:Service", False),
        ("demo:dynamic:Thing", False),
    ],
)
def test_dynamic_types_are_those_of_the_sdks_dynamic_module(type_: str, dynamic: bool) -> None:
    assert is_dynamic(type_) is dynamic
