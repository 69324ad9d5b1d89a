"""The JSON Schema (draft 2020-12) of a stack file, generated from the spec's models, for editors.

A YAML language server (VS Code's YAML extension, and any editor speaking its protocol) reads it
to complete and check `meshfleet:platform` as it is typed. It describes the file's real shape:
the spec sits under `config:` next to other config keys (which may be `secure:` values) and the
file's own keys (`secretsprovider`, `encryptedkey`, `encryptionsalt`, `environment`).

Every field carries the docstring under it in the models as its description, and its default.
The pydantic models stay the one validation: rules a JSON Schema cannot say (name formats,
cross-field rules) are checked by `parse_platform`, with the same field paths.
"""

from __future__ import annotations

import ast
import inspect
import itertools
import json
import textwrap
from typing import Any

from pydantic import BaseModel
from pydantic.alias_generators import to_camel

from .models import PlatformSpec

DRAFT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID = "https://github.com/meshfleet/meshfleet/stacks/meshfleet.schema.json"
CONFIG_KEY = "meshfleet:platform"


def field_docstrings(model: type[BaseModel]) -> dict[str, str]:
    """The docstring under each field of `model` and its bases, by field name (the string literal
    right after an annotated assignment, as Python documents attributes)."""
    found: dict[str, str] = {}
    for cls in reversed(model.__mro__):
        if not (isinstance(cls, type) and issubclass(cls, BaseModel)) or cls is BaseModel:
            continue
        try:
            tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
        except (OSError, TypeError):
            continue
        body = tree.body[0].body if tree.body and isinstance(tree.body[0], ast.ClassDef) else []
        for node, after in itertools.pairwise(body):
            if (
                isinstance(node, ast.AnnAssign)
                and isinstance(node.target, ast.Name)
                and isinstance(after, ast.Expr)
                and isinstance(after.value, ast.Constant)
                and isinstance(after.value.value, str)
            ):
                found[node.target.id] = inspect.cleandoc(after.value.value)
    return found


def spec_models(model: type[BaseModel], seen: dict[str, type[BaseModel]]) -> dict[str, type[BaseModel]]:
    """Every model reachable from `model`, by class name (the names pydantic gives its `$defs`)."""
    seen[model.__name__] = model
    for field in model.model_fields.values():
        for arg in _types(field.annotation):
            if isinstance(arg, type) and issubclass(arg, BaseModel) and arg.__name__ not in seen:
                spec_models(arg, seen)
    return seen


def _types(annotation: Any) -> list[Any]:
    args = list(getattr(annotation, "__args__", ()) or ())
    meta = list(getattr(annotation, "__metadata__", ()) or ())
    origin = getattr(annotation, "__origin__", None)
    out = [annotation] if isinstance(annotation, type) else []
    for arg in [*args, *meta, *([origin] if origin is not None else [])]:
        out.extend(_types(arg))
    return out


def _describe(schema: dict[str, Any], model: type[BaseModel]) -> None:
    docs = field_docstrings(model)
    properties = schema.get("properties", {})
    for name, field in model.model_fields.items():
        key = field.alias or to_camel(name)
        prop = properties.get(key)
        if prop is None:
            continue
        prop.pop("title", None)
        if name in docs:
            prop["description"] = docs[name]


def platform_schema() -> dict[str, Any]:
    """The JSON Schema of a platform spec (what `meshfleet:platform` holds)."""
    schema = PlatformSpec.model_json_schema(by_alias=True, mode="validation")
    models = spec_models(PlatformSpec, {})
    for name, definition in schema.get("$defs", {}).items():
        if name in models:
            _describe(definition, models[name])
    _describe(schema, PlatformSpec)
    return schema


def stack_file_schema() -> dict[str, Any]:
    """The JSON Schema of a stack file, `stacks/Pulumi.<stack>.yaml`, with the spec in it."""
    platform = platform_schema()
    definitions = platform.pop("$defs", {})
    platform["description"] = (
        "The meshfleet platform spec: networks, clusters, mesh, gateways and routes of one "
        "environment. `meshfleet preview` validates it with the same rules."
    )
    definitions["PlatformSpec"] = platform
    return {
        "$schema": DRAFT,
        "$id": SCHEMA_ID,
        "title": "meshfleet stack configuration (Pulumi.<stack>.yaml)",
        "type": "object",
        "properties": {
            "config": {
                "description": "The stack's configuration: `meshfleet:platform`, and any other "
                "config key (plain or `secure:` values).",
                "type": "object",
                "properties": {CONFIG_KEY: {"$ref": "#/$defs/PlatformSpec"}},
                "required": [CONFIG_KEY],
            },
            "secretsprovider": {"type": "string", "description": "The stack's secrets provider."},
            "encryptedkey": {"type": "string", "description": "The stack's encrypted data key."},
            "encryptionsalt": {"type": "string", "description": "The passphrase provider's salt."},
            "environment": {"description": "Pulumi ESC environments the stack imports."},
        },
        "required": ["config"],
        "$defs": definitions,
    }


def schema_text(schema: dict[str, Any]) -> str:
    """A schema as committed and printed: stable key order, one trailing newline."""
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"
