"""Diff two Plans the way a reviewer reads `pulumi preview --diff`: added, removed, changed.

Pure data in, pure data out: ``diff_plans(old, new)`` compares two Plans (a committed baseline
and the current plan, or two stacks) without the Pulumi runtime.

- Resources are matched by a stack-independent key: the URN without its stack segment
  (``<project>::<qualified type>::<name>``; the stack resource is ``<project>::pulumi:pulumi:Stack``).
  A new resource whose alias names a removed one is that resource, renamed. URNs inside a
  plan (parents, providers, dependencies, resource references in inputs) are compared by key
  too, so ``dev`` and ``prod`` can be compared.
- For each matched pair, every input that differs is listed by path (``spec.http[0].route[1].weight``)
  with its old and new value. Lists of plain values compare as a whole. ``<secret>`` values
  are never unmasked: a secret shows as ``<secret>`` on its side of the change, and two
  secrets compare equal (the plan never holds their values). ``<unknown>`` shows as such.
- A resource whose only changes are covered by its ``ignoreChanges`` does not change, as in
  Pulumi: the state keeps those values.
- A change forces a replacement when the resource's ``replaceOnChanges`` option or the curated
  table of ``replacements`` says so, or when its explicit provider changes (the Pulumi engine
  replaces a resource moved to another provider).
- Replacements cascade as they would in a real preview: a replaced resource's computed outputs
  are unknown again, so a dependent's input computed from it (``<unknown>``/``<secret>`` in the
  plan) is recomputed, and replaces the dependent when that input forces replacement; a
  resource living inside a replaced one (a node pool in its cluster) and every resource of a
  replaced provider are replaced too. These changes name their ``cause``.
- A protected resource (``protect`` in the old plan, which is what Pulumi checks) that would
  be deleted or replaced is flagged: ``pulumi up`` refuses until it is unprotected.
- Options that differ (protect, provider, parent, dependencies, ...) and stack outputs are
  listed too, so that two plans with an empty diff are equal.

Ordering is stable: changed and added resources in the new plan's order, then removed ones in
the old plan's order; within a resource, paths in key order. ``PlanDiff.to_dict()`` is
JSON-safe.

This module holds ``diff_plans``; the parts it is built from live in the other modules of
this package, which exports the public API.
"""

from __future__ import annotations

from ..plan import Plan
from .cascade import cascade_replacements
from .compare import Side, classify, diff_values, match_identities, option_changes, pair
from .model import PlanDiff, ResourceChange


def diff_plans(old: Plan, new: Plan, *, old_label: str = "", new_label: str = "") -> PlanDiff:
    """What changes from ``old`` (a baseline, another stack) to ``new``; see the module docstring.

    The labels name the two plans in the review (default ``<project>/<stack>``).
    """
    old_side, new_side = Side(old), Side(new)
    pairs = pair(old_side, new_side)
    matched_old = {old_key for old_key, _ in pairs.values()}
    changes: dict[str, ResourceChange] = {}

    for key, resource in new_side.by_key.items():
        if key not in pairs:
            changes[key] = ResourceChange(
                key=key,
                type=resource.type,
                name=resource.name,
                action="create",
                urn=resource.urn,
                inputs=new_side.norm(resource.inputs),
            )
            continue
        old_key, renamed = pairs[key]
        before = old_side.by_key[old_key]
        properties = [
            classify(change, resource)
            for change in diff_values(old_side.norm(before.inputs), new_side.norm(resource.inputs))
        ]
        options = option_changes(old_side.options(before), new_side.options(resource))
        # Pulumi plans no update for changes its ignoreChanges covers alone: `pulumi up` keeps
        # the state's values (what the cloud set by itself, such as Autopilot's defaults).
        if any(not c.ignored for c in properties) or options or renamed:
            change = ResourceChange(
                key=key,
                type=resource.type,
                name=resource.name,
                action="update",
                urn=resource.urn,
                old_urn=before.urn,
                renamed_from=old_key if renamed else None,
                properties=properties,
                options=options,
            )
            change.settle()
            changes[key] = change

    cascade_replacements(changes, pairs, old_side, new_side)

    for change in changes.values():
        if change.action == "replace":
            old_key, _ = pairs[change.key]
            change.protected = old_side.by_key[old_key].protect

    removed = [
        ResourceChange(
            key=key,
            type=resource.type,
            name=resource.name,
            action="delete",
            urn=resource.urn,
            protected=resource.protect,
            inputs=old_side.norm(resource.inputs),
        )
        for key, resource in old_side.by_key.items()
        if key not in matched_old
    ]
    match_identities([c for c in changes.values() if c.action == "create"], removed, old_side, new_side)
    ordered = [changes[key] for key in new_side.by_key if key in changes]
    return PlanDiff(
        old_project=old.project,
        old_stack=old.stack,
        new_project=new.project,
        new_stack=new.stack,
        resources=ordered + removed,
        outputs=diff_values(old_side.norm(old.outputs), new_side.norm(new.outputs)),
        old_label=old_label,
        new_label=new_label,
    )
