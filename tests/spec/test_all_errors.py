"""A spec with several mistakes reports each of them at once (`SpecError.all`), up to a cap."""

from __future__ import annotations

from typing import Any

import pytest

from components.spec import SpecError, parse_platform
from components.spec.errors import MAX_ERRORS
from tests.spec.fixtures import dev_platform


def _errors(raw: dict[str, Any]) -> SpecError:
    with pytest.raises(SpecError) as caught:
        parse_platform(raw)
    return caught.value


def test_three_field_mistakes_are_three_errors() -> None:
    raw = dev_platform()
    raw["clusters"][0]["nodePool"] = {"min": "3"}
    raw["clusters"][1]["masterCIDR"] = raw["clusters"][1].pop("masterCidr")
    raw["gateways"][0]["replicas"] = {"min": 0}

    paths = [e.path for e in _errors(raw).all]

    assert paths == [
        "platform.clusters[1].masterCIDR",  # a misspelling first: the 'missing' beside it follows from it
        "platform.clusters[0].nodePool.min",
        "platform.gateways[0].replicas.min",
    ]


def test_the_first_error_is_still_one_line_alone() -> None:
    raw = dev_platform()
    raw["clusters"][0]["nodePool"] = {"min": "3"}
    raw["gateways"][0]["replicas"] = {"min": 0}

    error = _errors(raw)

    assert str(error) == "platform.clusters[0].nodePool.min: must be an integer, got string '3'"


def test_broken_cross_field_rules_are_each_reported() -> None:
    raw = dev_platform()
    raw["clusters"][0]["masterCidr"] = "192.168.0.0/24"
    raw["routes"][0]["weights"] = {"v1": 20, "v2": 70}
    raw["gateways"][0]["namespace"] = "kube-system"

    paths = {e.path for e in _errors(raw).all}

    assert {
        "platform.clusters[0].masterCidr",
        "platform.routes[0].weights",
        "platform.gateways[0].namespace",
    } <= paths


def test_at_most_the_cap_is_reported_and_the_rest_counted() -> None:
    raw = dev_platform()
    raw["routes"] = [
        {**raw["routes"][0], "name": f"r{i}", "weights": {"v1": "x"}} for i in range(MAX_ERRORS + 5)
    ]

    error = _errors(raw)

    assert (len(error.all), error.omitted) == (MAX_ERRORS, 5)
