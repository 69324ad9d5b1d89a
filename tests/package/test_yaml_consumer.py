"""The example YAML program (stacks/examples/yaml-consumer): what it declares is what the committed
package schema accepts, as Pulumi YAML type-checks a resource's properties against it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from tests.harness import dev_stack_config

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "stacks" / "examples" / "yaml-consumer"
PACKAGE_SCHEMA = ROOT / "components" / "package" / "schema.json"


def program() -> dict[str, Any]:
    return yaml.safe_load((EXAMPLE / "Pulumi.yaml").read_text(encoding="utf-8"))


def as_json_schema(prop: dict[str, Any]) -> dict[str, Any]:
    """A Pulumi schema property as JSON Schema (types, items, maps; `pulumi.json#/Any` is anything)."""
    if prop.get("$ref") == "pulumi.json#/Any":
        return {}
    converted: dict[str, Any] = {"type": prop["type"]}
    if "items" in prop:
        converted["items"] = as_json_schema(prop["items"])
    if "additionalProperties" in prop:
        converted["additionalProperties"] = as_json_schema(prop["additionalProperties"])
    return converted


def inputs_schema(token: str) -> dict[str, Any]:
    resource = json.loads(PACKAGE_SCHEMA.read_text(encoding="utf-8"))["resources"][token]
    return {
        "type": "object",
        "properties": {k: as_json_schema(v) for k, v in resource["inputProperties"].items()},
        "required": resource.get("requiredInputs", []),
        "additionalProperties": False,
    }


def meshfleet_resources() -> list[dict[str, Any]]:
    return [r for r in program()["resources"].values() if r["type"].startswith("meshfleet:")]


def test_it_is_a_yaml_program_using_the_plugin_package() -> None:
    doc = program()
    assert doc["runtime"] == "yaml"
    source = EXAMPLE / doc["packages"]["meshfleet"]
    assert (source / "PulumiPlugin.yaml").is_file()


def test_it_declares_a_mesh_platform() -> None:
    assert [r["type"] for r in meshfleet_resources()] == ["meshfleet:index:MeshPlatform"]


@pytest.mark.parametrize("resource", meshfleet_resources(), ids=lambda r: r["type"])
def test_its_properties_fit_the_committed_package_schema(resource: dict[str, Any]) -> None:
    validator = jsonschema.Draft202012Validator(inputs_schema(resource["type"]))
    assert [e.message for e in validator.iter_errors(resource["properties"])] == []


def test_the_package_schema_check_refuses_a_property_the_package_lacks() -> None:
    properties = dict(meshfleet_resources()[0]["properties"], clusterz=[])
    validator = jsonschema.Draft202012Validator(inputs_schema("meshfleet:index:MeshPlatform"))
    assert list(validator.iter_errors(properties)) != []


def test_its_spec_is_the_dev_stacks() -> None:
    assert meshfleet_resources()[0]["properties"] == dev_stack_config()["meshfleet:platform"]


def test_its_outputs_read_what_the_component_exports() -> None:
    outputs = program()["outputs"]
    assert all(value.startswith("${mesh.exports.") for value in outputs.values())
