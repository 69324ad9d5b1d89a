"""Resource keys: how a diff matches resources across two plans, whatever their stacks.

A resource's key is its URN without the stack segment (``<project>::<qualified type>::<name>``;
the stack resource is ``<project>::pulumi:pulumi:Stack``). URNs inside a plan (parents,
providers, dependencies, resource references in inputs) are normalised to keys too, so that
``dev`` and ``prod`` can be compared, and a resource's aliases resolve to the keys of the
URNs they stand for, so that a renamed resource is matched with its old self.
"""

from __future__ import annotations

from typing import Any

from ..plan import STACK_TYPE, PlannedResource


def resource_key(urn: str) -> str:
    """A URN without its stack: ``<project>::<qualified type>::<name>``.

    The stack resource's name embeds the stack (``<project>-<stack>``), so its key is
    ``<project>::pulumi:pulumi:Stack``. Anything that is not a Pulumi URN is returned as is.
    """
    if not urn.startswith("urn:pulumi:"):
        return urn
    parts = urn.split("::", 3)
    if len(parts) != 4:
        return urn
    _, project, qualified_type, name = parts
    if qualified_type == STACK_TYPE:
        return f"{project}::{STACK_TYPE}"
    return f"{project}::{qualified_type}::{name}"


def key_or_none(urn: str | None) -> str | None:
    """The key of an optional URN (a parent, a provider)."""
    return resource_key(urn) if urn else None


def normalise(value: Any, prefix: str) -> Any:
    """Values with this plan's URNs replaced by their keys."""
    if isinstance(value, str):
        return resource_key(value) if value.startswith(prefix) else value
    if isinstance(value, dict):
        return {k: normalise(v, prefix) for k, v in value.items()}
    if isinstance(value, list):
        return [normalise(v, prefix) for v in value]
    return value


def alias_keys(resource: PlannedResource, project: str) -> list[str]:
    """Keys of the URNs a resource's aliases stand for (the engine's alias resolution)."""
    keys = []
    for alias in resource.aliases:
        if "urn" in alias:
            keys.append(resource_key(str(alias["urn"])))
            continue
        spec = alias.get("spec", {})
        name = spec.get("name") or resource.name
        type_ = spec.get("type") or resource.type
        # No parent in the spec ("parentUrn": "" included) means the resource's own parent.
        parent = None if spec.get("noParent") else spec.get("parentUrn") or resource.parent
        parent_type = parent.split("::")[2] if parent and parent.count("::") >= 3 else None
        qualified = f"{parent_type}${type_}" if parent_type and parent_type != STACK_TYPE else type_
        keys.append(f"{spec.get('project') or project}::{qualified}::{name}")
    return keys
