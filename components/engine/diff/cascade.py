"""Replacement cascades: what else a replaced resource takes with it, as in a real preview.

A replaced resource's computed outputs are unknown again, so a dependent's input computed from
it (``<unknown>``/``<secret>`` in the plan) is recomputed, and replaces the dependent when that
input forces replacement; a resource living inside a replaced one (a node pool in its cluster,
per ``CONTAINED_IN`` of ``replacements``) and every resource of a replaced
provider are replaced too. These changes are ``recomputed`` and name their ``cause``; a
dependent that ends up replaced cascades in turn.
"""

from __future__ import annotations

from ..plan import child_path
from .compare import Side, classify
from .keys import key_or_none, resource_key
from .model import PropertyChange, ResourceChange
from .paths import MARKERS, leaves, value_at
from .replacements import contained_in


def cascade_replacements(
    changes: dict[str, ResourceChange],
    pairs: dict[str, tuple[str, bool]],
    old: Side,
    new: Side,
) -> None:
    """Spread replacements to the resources computed from, living in, or managed by them."""
    dependents: dict[str, list[tuple[str, str]]] = {}
    managed: dict[str, list[str]] = {}
    for key, resource in new.by_key.items():
        if key not in pairs:
            continue  # created anyway
        for prop, urns in resource.property_dependencies.items():
            for urn in urns:
                dependents.setdefault(resource_key(urn), []).append((key, prop))
        if resource.provider:
            managed.setdefault(resource_key(resource.provider), []).append(key)

    queue = [key for key in new.by_key if key in changes and changes[key].action == "replace"]
    done: set[str] = set()
    while queue:
        cause = queue.pop(0)
        if cause in done:
            continue
        done.add(cause)
        cause_name = new.by_key[cause].name
        touched: list[str] = []
        for key, prop in dependents.get(cause, []):
            if _recompute(changes, key, prop, cause, cause_name, pairs, old, new):
                touched.append(key)
        for key in managed.get(cause, []):
            change = _change_for(changes, key, pairs, old, new)
            provider = key_or_none(new.by_key[key].provider)
            change.options.append(
                PropertyChange(
                    "provider",
                    "recomputed",
                    old=provider,
                    new=provider,
                    effect="replace",
                    reason=f"every object of a replaced provider ({cause_name}) is replaced with it",
                    cause=cause,
                )
            )
            touched.append(key)
        for key in touched:
            changes[key].settle()
            if changes[key].action == "replace" and key not in done:
                queue.append(key)


def _change_for(
    changes: dict[str, ResourceChange], key: str, pairs: dict[str, tuple[str, bool]], old: Side, new: Side
) -> ResourceChange:
    if key not in changes:
        resource = new.by_key[key]
        changes[key] = ResourceChange(
            key=key,
            type=resource.type,
            name=resource.name,
            action="update",
            urn=resource.urn,
            old_urn=old.by_key[pairs[key][0]].urn,
        )
    return changes[key]


def _recompute(
    changes: dict[str, ResourceChange],
    key: str,
    prop: str,
    cause: str,
    cause_name: str,
    pairs: dict[str, tuple[str, bool]],
    old: Side,
    new: Side,
) -> bool:
    """Record the inputs of ``key`` under ``prop`` that ``cause``'s replacement recomputes."""
    resource = new.by_key[key]
    before = old.by_key[pairs[key][0]]
    old_inputs, new_inputs = old.norm(before.inputs), new.norm(resource.inputs)
    if prop not in new_inputs:
        return False
    top = child_path("", prop)
    home = contained_in(resource.type, prop)
    if home is not None:
        affected = [(top, new_inputs[prop])]
    else:
        # Only values the plan could not know (computed by the replaced resource) change.
        affected = [(p, v) for p, v in leaves(new_inputs[prop], top) if v in MARKERS]
    existing = changes.get(key)
    taken = {c.path for c in existing.properties} if existing else set()
    recorded = False
    for path, value in affected:
        if path in taken:
            continue
        found, old_value = value_at(old_inputs, path)
        change = PropertyChange(path, "recomputed", old=old_value if found else None, new=value, cause=cause)
        if home is not None:
            change.effect, change.reason = "replace", f"{home}, and {cause_name} is replaced"
        else:
            classify(change, resource)
            if change.ignored:
                continue
        _change_for(changes, key, pairs, old, new).properties.append(change)
        recorded = True
    return recorded
