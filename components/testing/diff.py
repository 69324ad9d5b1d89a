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
- A change forces a replacement when the resource's ``replaceOnChanges`` option or the curated
  table of ``components.testing.replacements`` says so, or when its explicit provider changes
  (the Pulumi engine replaces a resource moved to another provider).
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
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from .plan import SECRET, STACK_TYPE, UNKNOWN, Plan, PlannedResource
from .replacements import Replacement, contained_in, replacement_for

Action = Literal["create", "delete", "update", "replace"]
ChangeKind = Literal["added", "removed", "changed", "recomputed"]

_MARKERS = (UNKNOWN, SECRET)


# --- keys -----------------------------------------------------------------------------------


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


def _key_or_none(urn: str | None) -> str | None:
    return resource_key(urn) if urn else None


def _normalise(value: Any, prefix: str) -> Any:
    """Values with this plan's URNs replaced by their keys."""
    if isinstance(value, str):
        return resource_key(value) if value.startswith(prefix) else value
    if isinstance(value, dict):
        return {k: _normalise(v, prefix) for k, v in value.items()}
    if isinstance(value, list):
        return [_normalise(v, prefix) for v in value]
    return value


def _alias_keys(resource: PlannedResource, project: str) -> list[str]:
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


# --- paths ----------------------------------------------------------------------------------


def _child_path(prefix: str, key: str) -> str:
    # The same notation as the plan's secret_paths.
    if key.isidentifier():
        return f"{prefix}.{key}" if prefix else key
    return f"{prefix}[{json.dumps(key)}]"


_INDEX = re.compile(r"\[(?:\d+|\*)\]")
_QUOTED = re.compile(r'\[("(?:[^"\\]|\\.)*")\]')


def rule_path(path: str) -> str:
    """A property path in the replace-rule form: dots only, no list indices."""
    path = _INDEX.sub("", path)
    path = _QUOTED.sub(lambda m: "." + json.loads(m.group(1)), path)
    return path.lstrip(".")


def _covers(option_path: str, path: str) -> bool:
    """Whether a replaceOnChanges / ignoreChanges entry covers a change at ``path``."""
    option = rule_path(option_path)
    if option == "*":
        return True
    return path == option or path.startswith(f"{option}.") or option.startswith(f"{path}.")


def _leaves(value: Any, path: str) -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict) and value:
        for key in sorted(value):
            yield from _leaves(value[key], _child_path(path, key))
    elif isinstance(value, list) and any(isinstance(v, dict | list) for v in value):
        for i, item in enumerate(value):
            yield from _leaves(item, f"{path}[{i}]")
    else:
        yield path, value


def _value_at(data: Mapping[str, Any], path: str) -> tuple[bool, Any]:
    """(found, value) for a path made by this module."""
    current: Any = data
    for token in re.findall(r'\[\d+\]|\["(?:[^"\\]|\\.)*"\]|[^.\[\]]+', path):
        if token.startswith("[") and token[1:-1].isdigit():
            index = int(token[1:-1])
            if not isinstance(current, list) or index >= len(current):
                return False, None
            current = current[index]
            continue
        key = json.loads(token[1:-1]) if token.startswith('["') else token
        if not isinstance(current, dict) or key not in current:
            return False, None
        current = current[key]
    return True, current


# --- the diff -------------------------------------------------------------------------------


@dataclass
class PropertyChange:
    """One input (or option, or output) path that differs."""

    path: str
    kind: ChangeKind
    """``added``/``removed``/``changed``; ``recomputed``: computed again because ``cause`` is replaced."""
    old: Any = None
    new: Any = None
    effect: Literal["replace", "disruptive"] | None = None
    """``replace`` when this change forces a replacement; ``disruptive`` when it recreates nodes."""
    reason: str | None = None
    """Why it replaces (or disrupts) the resource."""
    ignored: bool = False
    """Covered by the resource's ``ignoreChanges``: ``pulumi up`` keeps the old value."""
    cause: str | None = None
    """Key of the replaced resource this change follows from (cascades only)."""


@dataclass
class ResourceChange:
    """A resource added, removed or changed between the two plans."""

    key: str
    type: str
    name: str
    action: Action
    urn: str
    """The resource's URN in the new plan (in the old one for a deletion)."""
    old_urn: str | None = None
    renamed_from: str | None = None
    """The old key when the resource was matched through an alias."""
    protected: bool = False
    """Deleted or replaced while the old plan protects it: ``pulumi up`` would refuse."""
    properties: list[PropertyChange] = field(default_factory=list)
    """Input changes (also the cascaded, ``recomputed`` ones)."""
    options: list[PropertyChange] = field(default_factory=list)
    """Resource option changes: protect, provider, parent, dependencies..."""
    inputs: dict[str, Any] | None = None
    """The inputs of a created or deleted resource."""
    same_object_as: str | None = None
    """For a creation and a deletion of the same cloud or Kubernetes object (same type, name,
    namespace or location) under two Pulumi names, the key of the other one: without an alias
    Pulumi deletes the object and creates it again."""

    @property
    def replaced_by(self) -> list[PropertyChange]:
        """The changes that force the replacement."""
        return [c for c in (*self.properties, *self.options) if c.effect == "replace" and not c.ignored]

    @property
    def disruptive(self) -> bool:
        return any(c.effect == "disruptive" and not c.ignored for c in self.properties)

    @property
    def causes(self) -> list[str]:
        """Keys of the replaced resources this change follows from, in order."""
        seen: dict[str, None] = {}
        for change in (*self.properties, *self.options):
            if change.cause:
                seen.setdefault(change.cause, None)
        return list(seen)

    def _settle(self) -> None:
        if self.action in ("update", "replace"):
            self.action = "replace" if self.replaced_by else "update"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["disruptive"] = self.disruptive
        data["causes"] = self.causes
        return data


@dataclass(frozen=True)
class Counts:
    add: int
    change: int
    replace: int
    delete: int
    protected: int
    disruptive: int
    outputs: int
    recreated: int = 0
    """Objects deleted and created again under a new Pulumi name (no alias)."""

    def __str__(self) -> str:
        extra = []
        if self.replace:
            extra.append(f"{self.replace} replacement{'s' if self.replace != 1 else ''}")
        if self.disruptive:
            extra.append(f"{self.disruptive} recreating nodes")
        change = f"{self.change} to change" + (f" ({', '.join(extra)})" if extra else "")
        text = f"{self.add} to add, {change}, {self.delete} to delete"
        if self.recreated:
            text += f", {self.recreated} recreated under a new name (no alias)"
        if self.protected:
            text += f", {self.protected} PROTECTED"
        if self.outputs:
            text += f", {self.outputs} output{'s' if self.outputs != 1 else ''} changed"
        return text


@dataclass
class PlanDiff:
    """Everything that differs from ``old`` to ``new``."""

    old_project: str
    old_stack: str
    new_project: str
    new_stack: str
    resources: list[ResourceChange] = field(default_factory=list)
    outputs: list[PropertyChange] = field(default_factory=list)
    old_label: str = ""
    """How the review names the old plan (default ``<project>/<stack>``)."""
    new_label: str = ""

    def __post_init__(self) -> None:
        self.old_label = self.old_label or f"{self.old_project}/{self.old_stack}"
        self.new_label = self.new_label or f"{self.new_project}/{self.new_stack}"

    def by_action(self, action: Action) -> list[ResourceChange]:
        return [r for r in self.resources if r.action == action]

    @property
    def added(self) -> list[ResourceChange]:
        return self.by_action("create")

    @property
    def removed(self) -> list[ResourceChange]:
        return self.by_action("delete")

    @property
    def changed(self) -> list[ResourceChange]:
        """Updated and replaced resources."""
        return [r for r in self.resources if r.action in ("update", "replace")]

    @property
    def replaced(self) -> list[ResourceChange]:
        return self.by_action("replace")

    @property
    def protected(self) -> list[ResourceChange]:
        return [r for r in self.resources if r.protected]

    @property
    def has_changes(self) -> bool:
        return bool(self.resources or self.outputs)

    def get(self, key_or_name: str) -> ResourceChange:
        """The change of one resource, by key or by name (KeyError if it did not change)."""
        for change in self.resources:
            if key_or_name in (change.key, change.name):
                return change
        raise KeyError(key_or_name)

    def counts(self) -> Counts:
        return Counts(
            add=len(self.added),
            change=len(self.changed),
            replace=len(self.replaced),
            delete=len(self.removed),
            protected=len(self.protected),
            disruptive=sum(1 for r in self.changed if r.disruptive),
            outputs=len(self.outputs),
            recreated=sum(1 for r in self.removed if r.same_object_as),
        )

    def summary(self) -> str:
        """``no changes``, or the counts: ``0 to add, 1 to change (1 replacement), 0 to delete``."""
        return str(self.counts()) if self.has_changes else "no changes"

    def to_dict(self) -> dict[str, Any]:
        counts = self.counts()
        return {
            "old": {"project": self.old_project, "stack": self.old_stack, "label": self.old_label},
            "new": {"project": self.new_project, "stack": self.new_stack, "label": self.new_label},
            "has_changes": self.has_changes,
            "summary": {
                "add": counts.add,
                "change": counts.change,
                "replace": counts.replace,
                "delete": counts.delete,
                "protected": counts.protected,
                "disruptive": counts.disruptive,
                "outputs": counts.outputs,
                "recreated": counts.recreated,
            },
            "resources": [r.to_dict() for r in self.resources],
            "outputs": [asdict(o) for o in self.outputs],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, sort_keys=True) + "\n"

    def lines(self) -> list[tuple[str, str]]:
        """The review as (text, style) lines; styles: add, delete, update, replace, protected, note."""
        return _render(self)

    def render(self) -> str:
        """The review as plain text."""
        return "".join(f"{text}\n" for text, _ in self.lines())


def diff_values(old: Any, new: Any, path: str = "") -> list[PropertyChange]:
    """Changes from ``old`` to ``new`` by path: objects by key, lists of objects by index."""
    if old == new:
        return []
    if isinstance(old, dict) and isinstance(new, dict):
        changes: list[PropertyChange] = []
        for key in sorted(old.keys() | new.keys()):
            child = _child_path(path, key)
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


def _classify(change: PropertyChange, resource: PlannedResource) -> PropertyChange:
    """Set effect/reason/ignored of an input change from the rules and the resource's options."""
    path = rule_path(change.path)
    if any(_covers(p, path) for p in resource.ignore_changes):
        change.ignored = True
        return change
    if any(_covers(p, path) for p in resource.replace_on_changes):
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


class _Side:
    """One plan, with its resources' references turned into keys."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.prefix = f"urn:pulumi:{plan.stack}::"
        self.by_key: dict[str, PlannedResource] = {resource_key(r.urn): r for r in plan.resources}

    def norm(self, value: Any) -> Any:
        return _normalise(value, self.prefix)

    def options(self, resource: PlannedResource) -> dict[str, Any]:
        values = {wire: getattr(resource, attr) for attr, wire in _OPTIONS}
        values["provider"] = _key_or_none(resource.provider)
        values["parent"] = _key_or_none(resource.parent)
        values["deletedWith"] = _key_or_none(resource.deleted_with)
        values["dependencies"] = sorted(resource_key(u) for u in resource.dependencies)
        values["propertyDependencies"] = {
            prop: sorted(resource_key(u) for u in urns)
            for prop, urns in resource.property_dependencies.items()
        }
        values["aliases"] = self.norm(resource.aliases)
        return values


def _option_changes(old: dict[str, Any], new: dict[str, Any]) -> list[PropertyChange]:
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


def _pair(old: _Side, new: _Side) -> dict[str, tuple[str, bool]]:
    """New key -> (old key, renamed) for every resource present in both plans."""
    pairs = {key: (key, False) for key in new.by_key if key in old.by_key}
    for key, resource in new.by_key.items():
        if key in pairs:
            continue
        for alias in _alias_keys(resource, new.plan.project):
            if alias in old.by_key and alias not in new.by_key:
                pairs[key] = (alias, True)
                break
    return pairs


def diff_plans(old: Plan, new: Plan, *, old_label: str = "", new_label: str = "") -> PlanDiff:
    """What changes from ``old`` (a baseline, another stack) to ``new``; see the module docstring.

    The labels name the two plans in the review (default ``<project>/<stack>``).
    """
    old_side, new_side = _Side(old), _Side(new)
    pairs = _pair(old_side, new_side)
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
            _classify(change, resource)
            for change in diff_values(old_side.norm(before.inputs), new_side.norm(resource.inputs))
        ]
        options = _option_changes(old_side.options(before), new_side.options(resource))
        if properties or options or renamed:
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
            change._settle()
            changes[key] = change

    _cascade(changes, pairs, old_side, new_side)

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
    _match_identities([c for c in changes.values() if c.action == "create"], removed, old_side, new_side)
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


def _identity(resource: PlannedResource, side: _Side) -> tuple[Any, ...] | None:
    """What names the object in the cloud or the cluster, when the plan knows it."""
    inputs = resource.inputs
    provider = _key_or_none(resource.provider)
    if resource.type.startswith("kubernetes:"):
        metadata = inputs.get("metadata")
        if isinstance(metadata, dict) and isinstance(metadata.get("name"), str):
            name = metadata["name"]
            if name not in _MARKERS:
                return (resource.type, provider, metadata.get("namespace"), name)
        return None
    for field_name in ("name", "accountId", "membershipId", "service"):
        value = inputs.get(field_name)
        if isinstance(value, str) and value not in _MARKERS:
            where = tuple(json.dumps(side.norm(inputs.get(k))) for k in ("project", "location", "region"))
            return (resource.type, provider, field_name, value, *where)
    return None


def _match_identities(
    created: list[ResourceChange], removed: list[ResourceChange], old: _Side, new: _Side
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


def _cascade(
    changes: dict[str, ResourceChange],
    pairs: dict[str, tuple[str, bool]],
    old: _Side,
    new: _Side,
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
            provider = _key_or_none(new.by_key[key].provider)
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
            changes[key]._settle()
            if changes[key].action == "replace" and key not in done:
                queue.append(key)


def _change_for(
    changes: dict[str, ResourceChange], key: str, pairs: dict[str, tuple[str, bool]], old: _Side, new: _Side
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
    old: _Side,
    new: _Side,
) -> bool:
    """Record the inputs of ``key`` under ``prop`` that ``cause``'s replacement recomputes."""
    resource = new.by_key[key]
    before = old.by_key[pairs[key][0]]
    old_inputs, new_inputs = old.norm(before.inputs), new.norm(resource.inputs)
    if prop not in new_inputs:
        return False
    top = _child_path("", prop)
    home = contained_in(resource.type, prop)
    if home is not None:
        affected = [(top, new_inputs[prop])]
    else:
        # Only values the plan could not know (computed by the replaced resource) change.
        affected = [(p, v) for p, v in _leaves(new_inputs[prop], top) if v in _MARKERS]
    existing = changes.get(key)
    taken = {c.path for c in existing.properties} if existing else set()
    recorded = False
    for path, value in affected:
        if path in taken:
            continue
        found, old_value = _value_at(old_inputs, path)
        change = PropertyChange(path, "recomputed", old=old_value if found else None, new=value, cause=cause)
        if home is not None:
            change.effect, change.reason = "replace", f"{home}, and {cause_name} is replaced"
        else:
            _classify(change, resource)
            if change.ignored:
                continue
        _change_for(changes, key, pairs, old, new).properties.append(change)
        recorded = True
    return recorded


# --- rendering ------------------------------------------------------------------------------

_MAX_VALUE = 240


def show(value: Any) -> str:
    """A value as the review shows it: JSON, markers bare, long values shortened."""
    if value in _MARKERS:
        return str(value)
    text = json.dumps(value, sort_keys=True, ensure_ascii=False)
    if len(text) > _MAX_VALUE:
        text = f"{text[: _MAX_VALUE - 20]}... ({len(text)} chars)"
    return text


_SYMBOL = {"create": "+ ", "delete": "- ", "update": "~ ", "replace": "+-"}


def _name(key: str | None, names: Mapping[str, str]) -> str:
    if not key:
        return ""
    return names.get(key) or key.rsplit("::", 1)[-1]


_REFERENCES = ("provider", "parent", "deletedWith")


def _change_line(change: PropertyChange, names: Mapping[str, str]) -> str:
    if change.path in _REFERENCES:
        # Options naming another resource: its name reads better than its key.
        old, new = _name(change.old, names) or "(none)", _name(change.new, names) or "(none)"
        if change.kind == "recomputed":
            return f"{change.path}: {new} is replaced"
        return f"{change.path}: {old} -> {new}"
    if change.kind == "added":
        text = f"{change.path}: + {show(change.new)}"
    elif change.kind == "removed":
        text = f"{change.path}: - {show(change.old)}"
    elif change.kind == "recomputed":
        text = f"{change.path}: {show(change.new)} (recomputed: {_name(change.cause, names)} is replaced)"
    elif change.path == "dependencies" and isinstance(change.old, list) and isinstance(change.new, list):
        gone = [f"-{_name(k, names)}" for k in change.old if k not in change.new]
        came = [f"+{_name(k, names)}" for k in change.new if k not in change.old]
        text = f"dependencies: {' '.join(gone + came)}"
    else:
        text = f"{change.path}: {show(change.old)} -> {show(change.new)}"
    if change.ignored:
        text += "  (ignored: ignoreChanges)"
    return text


def _render(diff: PlanDiff) -> list[tuple[str, str]]:
    names = {r.key: r.name for r in diff.resources}
    lines: list[tuple[str, str]] = []
    lines.append((f"--- {diff.old_label}", "note"))
    lines.append((f"+++ {diff.new_label}", "note"))
    for change in diff.resources:
        style = change.action
        head = f"{_SYMBOL[change.action]} {change.type} {change.name}"
        if change.action == "replace":
            head += "  REPLACE"
        if change.renamed_from:
            head += f"  (renamed from {change.renamed_from.rsplit('::', 1)[-1]}, alias)"
        if change.disruptive and change.action == "update":
            head += "  RECREATES NODES"
        lines.append((head, style))
        if change.same_object_as:
            other = _name(change.same_object_as, names)
            lines.append(
                (
                    f"     same object as {other}: renamed without an alias, Pulumi creates the new resource "
                    "and deletes the old one, and the object with it; add an alias to keep it",
                    "replace",
                )
            )
        if change.protected:
            what = "delete" if change.action == "delete" else "replace"
            lines.append(
                (
                    f"     PROTECTED: pulumi up refuses to {what} it; unprotect it (protect: false) "
                    "in an update of its own first",
                    "protected",
                )
            )
        for item in (*change.properties, *change.options):
            item_style = "replace" if item.effect == "replace" and not item.ignored else "update"
            lines.append((f"     {_change_line(item, names)}", item_style))
            if item.effect and not item.ignored and item.reason:
                label = "forces replacement" if item.effect == "replace" else "recreates nodes"
                lines.append((f"         {label}: {item.reason}", item_style))
    if diff.outputs:
        lines.append(("outputs:", "note"))
        for item in diff.outputs:
            lines.append((f"  ~ {_change_line(item, names)}", "update"))
    lines.append((diff.summary(), "note"))
    return lines
