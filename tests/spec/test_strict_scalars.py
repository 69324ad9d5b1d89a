"""Strict scalars: a string is no boolean or number, a number no string; nothing is coerced."""

from __future__ import annotations

import json

from components.spec import parse_platform

from .fixtures import dev_platform, spec_message


def test_quoted_yes_is_not_a_boolean() -> None:
    raw = dev_platform()
    raw["protect"] = "yes"

    assert spec_message(raw) == "platform.protect: must be true or false, got string 'yes'"


def test_quoted_true_is_not_a_boolean() -> None:
    raw = dev_platform()
    raw["mesh"]["multiCluster"] = "true"

    assert spec_message(raw) == "platform.mesh.multiCluster: must be true or false, got string 'true'"


def test_one_is_not_a_boolean() -> None:
    raw = dev_platform()
    raw["clusters"][0]["masterGlobalAccess"] = 1

    assert spec_message(raw) == (
        "platform.clusters[0].masterGlobalAccess: must be true or false, got integer 1"
    )


def test_quoted_number_is_not_an_integer() -> None:
    raw = dev_platform()
    raw["clusters"][0]["nodePool"]["max"] = "3"

    assert spec_message(raw) == "platform.clusters[0].nodePool.max: must be an integer, got string '3'"


def test_float_is_not_an_integer() -> None:
    raw = dev_platform()
    raw["clusters"][0]["nodePool"]["max"] = 3.0

    assert spec_message(raw) == "platform.clusters[0].nodePool.max: must be an integer, got number 3.0"


def test_boolean_is_not_an_integer() -> None:
    raw = dev_platform()
    raw["routes"][0]["service"]["port"] = True

    assert spec_message(raw) == "platform.routes[0].service.port: must be an integer, got boolean"


def test_number_is_not_a_string() -> None:
    raw = dev_platform()
    raw["environment"] = 3

    assert spec_message(raw) == "platform.environment: must be a string, got integer 3"


def test_number_is_not_a_label_value() -> None:
    raw = dev_platform()
    raw["routes"][0]["subsets"]["v1"]["version"] = 1

    assert spec_message(raw) == "platform.routes[0].subsets.v1.version: must be a string, got integer 1"


def test_null_is_not_a_list() -> None:
    raw = dev_platform()
    raw["clusters"][0]["authorizedNetworks"] = None

    assert spec_message(raw) == "platform.clusters[0].authorizedNetworks: must be a list, got null"


def test_string_is_not_a_section() -> None:
    raw = dev_platform()
    raw["mesh"] = "managed"

    assert spec_message(raw) == "platform.mesh: must be a mapping, got string 'managed'"


def test_spec_read_back_from_json_parses_as_under_pulumi_up() -> None:
    # `pulumi up` hands the program its config as JSON (Config.get_object): integers stay
    # integers and booleans booleans, so strictness accepts what the real path delivers.
    raw = dev_platform()

    assert parse_platform(json.loads(json.dumps(raw))) == parse_platform(raw)
