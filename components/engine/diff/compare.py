"""Comparing two plans resource by resource: pairing, value changes and their effects.

Resources are paired by key, or through an alias naming a removed resource (a rename). For
each pair, every input that differs is listed by path with its old and new value (lists of
plain values compare as a whole; ``<secret>`` is never unmasked and two secrets compare
equal), and so is every option that differs. A change forces a replacement when the
resource's ``replaceOnChanges`` option or the curated table of ``replacements`` says so, or
when its explicit provider changes; a change covered by ``ignoreChanges`` is marked ignored. A
deletion and a creation of the same cloud or Kubernetes object under two Pulumi names are
matched too.
"""

from __future__ import annotations

import json
from typing import Any

from ..plan import Plan, PlannedResource, child_path
from .keys import alias_keys, key_or_none, normalise, resource_key
from .model import PropertyChange, ResourceChange
from .paths import MARKERS, covers, rule_path
from .replacements import Replacement, replacement_for


def diff_values(old: Any, new: Any, path: str = "") -> list[PropertyChange]:
    """Changes from ``old`` to ``new`` by path: objects by key, lists of objects by index."""
    if old == new:
        return []
    if isinstance(old, dict) and isinstance(new, dict):
        changes: list[PropertyChange] = []
        for key in sorted(old.keys() | new.keys()):
            child = child_path(path, key)
            if key not in new:
                changes.append(PropertyChange(child, "removed", old=old[key]))
            elif key not in old:
                changes.append(PropertyChange(child, "added", new=new[key]))
            else:
                changes.extend(diff_values(old[key], new[key], child))
        return changes
    if (
        isinstance(old, list)
        and isinstance(new, list)
        and any(isinstance(v, dict | list) for v in (*old, *new))
    ):
        changes = []
        for i in range(max(len(old), len(new))):
            child = f"{path}[{i}]"
            if i >= len(new):
                changes.append(PropertyChange(child, "removed", old=old[i]))
            elif i >= len(old):
                changes.append(PropertyChange(child, "added", new=new[i]))
            else:
                changes.extend(diff_values(old[i], new[i], child))
        return changes
    return [PropertyChange(path, "changed", old=old, new=new)]


def classify(change: PropertyChange, resource: PlannedResource) -> PropertyChange:
    """Set effect/reason/ignored of an input change from the rules and the resource's options."""
    path = rule_path(change.path)
    if any(covers(p, path) for p in resource.ignore_changes):
        change.ignored = True
        return change
    if any(covers(p, path) for p in resource.replace_on_changes):
        change.effect, change.reason = "replace", "the resource's replaceOnChanges option"
        return change
    found: Replacement | None = replacement_for(resource.type, path, change.old, change.new, resource.inputs)
    if found is not None:
        change.effect, change.reason = found.effect, found.reason
    return change


_OPTIONS: tuple[tuple[str, str], ...] = (
    ("custom", "custom"),
    ("protect", "protect"),
    ("provider", "provider"),
    ("parent", "parent"),
    ("dependencies", "dependencies"),
    ("property_dependencies", "propertyDependencies"),
    ("delete_before_replace", "deleteBeforeReplace"),
    ("ignore_changes", "ignoreChanges"),
    ("replace_on_changes", "replaceOnChanges"),
    ("retain_on_delete", "retainOnDelete"),
    ("deleted_with", "deletedWith"),
    ("aliases", "aliases"),
    ("read_id", "readId"),
)


class Side:
    """One plan, with its resources' references turned into keys."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.prefix = f"urn:pulumi:{plan.stack}::"
        self.by_key: dict[str, PlannedResource] = {resource_key(r.urn): r for r in plan.resources}

    def norm(self, value: Any) -> Any:
        return normalise(value, self.prefix)

    def options(self, resource: PlannedResource) -> dict[str, Any]:
        values = {wire: getattr(resource, attr) for attr, wire in _OPTIONS}
        values["provider"] = key_or_none(resource.provider)
        values["parent"] = key_or_none(resource.parent)
        values["deletedWith"] = key_or_none(resource.deleted_with)
        values["dependencies"] = sorted(resource_key(u) for u in resource.dependencies)
        values["propertyDependencies"] = {
            prop: sorted(resource_key(u) for u in urns)
            for prop, urns in resource.property_dependencies.items()
        }
        values["aliases"] = self.norm(resource.aliases)
        return values


def option_changes(old: dict[str, Any], new: dict[str, Any]) -> list[PropertyChange]:
    """Changes of resource options (``Side.options``); a changed explicit provider replaces."""
    changes = []
    for _, wire in _OPTIONS:
        if old.get(wire) == new.get(wire):
            continue
        change = PropertyChange(wire, "changed", old=old.get(wire), new=new.get(wire))
        if wire == "provider" and (old.get(wire) or new.get(wire)):
            change.effect = "replace"
            change.reason = "the Pulumi engine replaces a resource whose explicit provider changes"
        changes.append(change)
    return changes


def pair(old: Side, new: Side) -> dict[str, tuple[str, bool]]:
    """New key -> (old key, renamed) for every resource present in both plans."""
    pairs = {key: (key, False) for key in new.by_key if key in old.by_key}
    for key, resource in new.by_key.items():
        if key in pairs:
            continue
        for alias in alias_keys(resource, new.plan.project):
            if alias in old.by_key and alias not in new.by_key:
                pairs[key] = (alias, True)
                break
    return pairs


def _identity(resource: PlannedResource, side: Side) -> tuple[Any, ...] | None:
    """What names the object in the cloud or the cluster, when the plan knows it."""
    inputs = resource.inputs
    provider = key_or_none(resource.provider)
    if resource.type.startswith("kubernetes:"):
        metadata = inputs.get("metadata")
        if isinstance(metadata, dict) and isinstance(metadata.get("name"), str):
            name = metadata["name"]
            if name not in MARKERS:
                return (resource.type, provider, metadata.get("namespace"), name)
        return None
    for field_name in ("name", "accountId", "membershipId", "service"):
        value = inputs.get(field_name)
        if isinstance(value, str) and value not in MARKERS:
            where = tuple(json.dumps(side.norm(inputs.get(k))) for k in ("project", "location", "region"))
            return (resource.type, provider, field_name, value, *where)
    return None


def match_identities(
    created: list[ResourceChange], removed: list[ResourceChange], old: Side, new: Side
) -> None:
    """Pair a deletion and a creation of the same object under two Pulumi names."""
    gone: dict[tuple[Any, ...], ResourceChange] = {}
    for change in removed:
        identity = _identity(old.by_key[change.key], old)
        if identity is not None:
            gone.setdefault(identity, change)
    for change in created:
        identity = _identity(new.by_key[change.key], new)
        twin = gone.pop(identity, None) if identity is not None else None
        if twin is not None:
            change.same_object_as, twin.same_object_as = twin.key, change.key
