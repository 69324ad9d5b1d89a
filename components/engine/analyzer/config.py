"""Enforcement levels and policy config, reconciled as the Pulumi CLI does.

Each policy starts with its own level (else the pack's, else advisory) and its config schema's
defaults, then the pack's ``initial_config`` applies, then the user's config (the content of a
``--policy-pack-config`` file), each first with ``all`` (a level for every policy) and then per
policy. Names that match no policy are ignored and reported as warnings; a malformed entry or
properties that break a policy's schema raise ``PolicyConfigError``.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pulumi_policy import EnforcementLevel

from .errors import PolicyConfigError
from .pack import PolicyPackDefinition

MANDATORY = EnforcementLevel.MANDATORY.value
ADVISORY = EnforcementLevel.ADVISORY.value
DISABLED = EnforcementLevel.DISABLED.value
REMEDIATE = EnforcementLevel.REMEDIATE.value
_LEVELS = {level.value: level for level in EnforcementLevel}


@dataclass(frozen=True)
class PolicySettings:
    """A policy's reconciled enforcement level and config properties."""

    enforcement_level: str
    properties: dict[str, Any] = field(default_factory=dict)


def _parse_entry(key: str, value: Any, source: str) -> tuple[str | None, dict[str, Any]]:
    """One config entry: a level string, or an object with an optional enforcementLevel."""
    if isinstance(value, EnforcementLevel):
        return value.value, {}
    if isinstance(value, str):
        if value not in _LEVELS:
            raise PolicyConfigError(f"{source}: {key}: {value!r} is not a valid enforcement level")
        return value, {}
    if isinstance(value, Mapping):
        properties = {str(k): copy.deepcopy(v) for k, v in value.items() if k != "enforcementLevel"}
        level = value.get("enforcementLevel")
        if isinstance(level, EnforcementLevel):
            level = level.value
        if level is not None and level not in _LEVELS:
            raise PolicyConfigError(f"{source}: {key}: {level!r} is not a valid enforcement level")
        return level, properties
    raise PolicyConfigError(f"{source}: {key}: {value!r} is not a valid value; must be a string or object")


def _apply(
    settings: dict[str, tuple[str, dict[str, Any]]], config: Mapping[str, Any], source: str
) -> list[str]:
    """Apply one config layer like the CLI's applyConfig; returns names matching no policy."""
    parsed = {str(key): _parse_entry(str(key), value, source) for key, value in config.items()}
    all_level = parsed.get("all", (None, {}))[0]
    if all_level is not None:
        for name, (_, properties) in settings.items():
            settings[name] = (all_level, properties)
    unknown = []
    for name, (level, properties) in parsed.items():
        if name == "all":
            continue
        if name not in settings:
            unknown.append(name)
            continue
        current_level, current_properties = settings[name]
        settings[name] = (level or current_level, {**current_properties, **properties})
    return unknown


_JSON_TYPES: dict[str, Callable[[Any], bool]] = {
    "string": lambda v: isinstance(v, str),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "integer": lambda v: (
        (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer())
    ),
    "boolean": lambda v: isinstance(v, bool),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
    "null": lambda v: v is None,
}


def _schema_errors(schema: Mapping[str, Any], value: Any, path: str) -> list[str]:
    """The common JSON Schema keywords (type, enum, items, properties, additionalProperties, required)."""
    errors = []
    expected = schema.get("type")
    if expected is not None:
        types = expected if isinstance(expected, list) else [expected]
        if not any(_JSON_TYPES.get(t, lambda _v: True)(value) for t in types):
            return [f"{path}: {value!r} is not of type {' or '.join(types)}"]
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{path}: {value!r} must be one of {', '.join(map(repr, schema['enum']))}")
    if isinstance(value, list) and isinstance(schema.get("items"), Mapping):
        for index, item in enumerate(value):
            errors += _schema_errors(schema["items"], item, f"{path}[{index}]")
    if isinstance(value, dict):
        properties = schema.get("properties") or {}
        for key in schema.get("required") or []:
            if key not in value:
                errors.append(f"{path}: {key} is required")
        for key, item in value.items():
            if key in properties:
                errors += _schema_errors(properties[key], item, f"{path}.{key}")
            elif isinstance(schema.get("additionalProperties"), Mapping):
                errors += _schema_errors(schema["additionalProperties"], item, f"{path}.{key}")
            elif schema.get("additionalProperties") is False:
                errors.append(f"{path}: unexpected property {key}")
    return errors


def reconcile_config(
    pack: PolicyPackDefinition, config: Mapping[str, Any] | None = None
) -> tuple[dict[str, PolicySettings], list[str]]:
    """Every policy's level and properties, as the CLI reconciles them, and warnings.

    ``config`` has the format of ``pulumi preview --policy-pack-config`` files:
    ``{"all": "mandatory", "private-gke": "advisory", "gateway-namespace-separation":
    {"enforcementLevel": "mandatory", "extraReservedNamespaces": ["ops"]}}``. Raises
    PolicyConfigError for a malformed entry or properties that break a policy's schema.
    Names that match no policy are ignored, as the CLI does, and reported as warnings.
    """
    pack_level = (pack.enforcement_level or EnforcementLevel.ADVISORY).value
    settings: dict[str, tuple[str, dict[str, Any]]] = {}
    for policy in pack.policies:
        level = policy.enforcement_level.value if policy.enforcement_level is not None else pack_level
        schema = policy.config_schema.properties if policy.config_schema is not None else {}
        defaults = {k: copy.deepcopy(v["default"]) for k, v in schema.items() if "default" in v}
        settings[policy.name] = (level, defaults)
    warnings = []
    if pack.initial_config:
        _apply(settings, pack.initial_config, f"{pack.name} initial_config")
    if config:
        if not isinstance(config, Mapping):
            raise PolicyConfigError("policy config must be a JSON object")
        for name in _apply(settings, config, "policy config"):
            warnings.append(f"policy config names {name!r}, which is no policy of {pack.name}; ignored")
    errors = []
    for policy in pack.policies:
        if policy.config_schema is None:
            continue
        schema = {"type": "object", "properties": policy.config_schema.properties}
        if policy.config_schema.required:
            schema["required"] = policy.config_schema.required
        errors += _schema_errors(schema, settings[policy.name][1], policy.name)
    if errors:
        raise PolicyConfigError("invalid policy config: " + "; ".join(errors))
    return {
        name: PolicySettings(level, properties) for name, (level, properties) in settings.items()
    }, warnings
