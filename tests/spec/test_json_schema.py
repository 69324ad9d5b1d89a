"""The stack file's JSON Schema, for editors: generated from the spec's models, committed, and
checking what the spec checks in the shape a stack file really has."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from components.spec import SpecError, parse_platform
from components.spec.json_schema import (
    CONFIG_KEY,
    field_docstrings,
    schema_text,
    spec_models,
    stack_file_schema,
)
from components.spec.models import NodePoolSpec, PlatformSpec

ROOT = Path(__file__).resolve().parents[2]
STACKS = ROOT / "stacks"
COMMITTED = STACKS / "meshfleet.schema.json"
STACK_FILES = sorted(STACKS.glob("Pulumi.*.yaml"))
EXAMPLE_FILES = sorted((STACKS / "examples").glob("*/step-*.yaml"))
REGENERATE = "regenerate with: .venv/bin/meshfleet schema spec > stacks/meshfleet.schema.json"
MODELINE = "# yaml-language-server: $schema="


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return json.loads(COMMITTED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator(schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema)


def dev() -> dict[str, Any]:
    return copy.deepcopy(yaml.safe_load((STACKS / "Pulumi.dev.yaml").read_text(encoding="utf-8")))


def errors(validator: jsonschema.Draft202012Validator, document: Any) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]


def test_the_committed_schema_is_the_generated_one() -> None:
    assert schema_text(stack_file_schema()) == COMMITTED.read_text(encoding="utf-8"), REGENERATE


def test_it_is_a_draft_2020_12_schema(schema: dict[str, Any]) -> None:
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("path", STACK_FILES + EXAMPLE_FILES, ids=lambda p: str(p.relative_to(STACKS)))
def test_every_shipped_stack_and_example_validates(
    validator: jsonschema.Draft202012Validator, path: Path
) -> None:
    assert errors(validator, yaml.safe_load(path.read_text(encoding="utf-8"))) == []


def test_there_are_stacks_and_examples() -> None:
    assert len(STACK_FILES) >= 4 and len(EXAMPLE_FILES) >= 10


def test_the_spec_sits_beside_other_config_keys_and_secure_values(
    validator: jsonschema.Draft202012Validator,
) -> None:
    document = dev()
    document["config"]["gcp:project"] = "acme-mesh-dev"
    document["config"]["meshfleet:kubeconfig-onprem"] = {"secure": "v1:AAAA"}
    document["encryptionsalt"] = "v1:abc"
    assert errors(validator, document) == []


def test_an_unknown_key_is_refused_as_the_spec_refuses_it(validator: jsonschema.Draft202012Validator) -> None:
    document = dev()
    cluster = document["config"][CONFIG_KEY]["clusters"][0]
    cluster["masterCIDR"] = cluster.pop("masterCidr")
    found = errors(validator, document)
    assert found, "the schema accepted an unknown key"
    with pytest.raises(SpecError, match=r"masterCIDR: unknown field"):
        parse_platform(document["config"][CONFIG_KEY])


def test_a_wrong_type_is_refused_as_the_spec_refuses_it(validator: jsonschema.Draft202012Validator) -> None:
    document = dev()
    document["config"][CONFIG_KEY]["protect"] = "yes"
    assert errors(validator, document) == [
        "['config', 'meshfleet:platform', 'protect']: 'yes' is not of type 'boolean'"
    ]
    with pytest.raises(SpecError, match=r"platform.protect: must be true or false"):
        parse_platform(document["config"][CONFIG_KEY])


def test_a_string_where_a_number_goes_is_refused(validator: jsonschema.Draft202012Validator) -> None:
    document = dev()
    document["config"][CONFIG_KEY]["clusters"][0]["nodePool"]["max"] = "3"
    assert errors(validator, document) != []


def test_a_stack_file_without_the_spec_is_refused(validator: jsonschema.Draft202012Validator) -> None:
    assert errors(validator, {"config": {"gcp:project": "x"}}) != []


def test_a_cluster_of_an_unknown_cloud_is_refused(validator: jsonschema.Draft202012Validator) -> None:
    document = dev()
    document["config"][CONFIG_KEY]["clusters"][0]["cloud"] = "aws"
    assert errors(validator, document) != []


def test_field_docstrings_are_descriptions_and_defaults_are_given(schema: dict[str, Any]) -> None:
    machine_type = schema["$defs"]["NodePoolSpec"]["properties"]["machineType"]
    assert machine_type["description"] == field_docstrings(NodePoolSpec)["machine_type"]
    assert machine_type["default"] == "e2-standard-4"


def test_every_field_docstring_is_its_description(schema: dict[str, Any]) -> None:
    wrong = []
    for name, model in spec_models(PlatformSpec, {}).items():
        properties = schema["$defs"][name]["properties"]
        for field_name, doc in field_docstrings(model).items():
            field = model.model_fields.get(field_name)
            if field is None:
                continue
            if properties[field.alias or field_name].get("description") != doc:
                wrong.append(f"{name}.{field.alias}")
    assert wrong == []


def test_no_field_has_a_generated_title(schema: dict[str, Any]) -> None:
    titled = [
        f"{name}.{prop}"
        for name, definition in schema["$defs"].items()
        for prop, body in definition.get("properties", {}).items()
        if "title" in body
    ]
    assert titled == []


def test_every_default_is_valid_for_its_field(validator: jsonschema.Draft202012Validator) -> None:
    # A default the schema itself refuses would have editors suggest an error.
    document = dev()
    document["config"][CONFIG_KEY]["mesh"] = PlatformSpec.model_fields["mesh"].default.model_dump(
        by_alias=True, exclude_none=True
    )
    assert errors(validator, document) == []


@pytest.mark.parametrize("path", STACK_FILES + EXAMPLE_FILES, ids=lambda p: str(p.relative_to(STACKS)))
def test_every_shipped_stack_file_names_the_schema_for_editors(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(MODELINE)
    assert (path.parent / first.removeprefix(MODELINE)).resolve() == COMMITTED
