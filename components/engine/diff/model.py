"""The diff model: what ``diff_plans`` returns, from one changed path to the whole review.

A ``PlanDiff`` lists the ``ResourceChange`` of every resource added, removed or changed, each
with its ``PropertyChange`` per input or option path, and the changed stack outputs; ``Counts``
sums it up the way ``pulumi preview`` does. Ordering is stable: changed and added resources in
the new plan's order, then removed ones in the old plan's order; within a resource, paths in
key order. ``PlanDiff.to_dict()`` is JSON-safe; the review a reader sees is ``render``'s job.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Action = Literal["create", "delete", "update", "replace"]

DEPENDENCY_OPTIONS = frozenset({"dependencies", "propertyDependencies"})
"""Options whose change alone makes no update (see ``ResourceChange.dependency_only``)."""
ChangeKind = Literal["added", "removed", "changed", "recomputed"]


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
    def dependency_only(self) -> bool:
        """Only the recorded dependencies differ: inputs, provider and every other option are the
        same. Pulumi's engine runs no update for it (a "same" step: its preview does not count
        it); only the state's dependency list is rewritten."""
        return (
            self.action == "update"
            and not self.properties
            and not self.renamed_from
            and bool(self.options)
            and all(o.path in DEPENDENCY_OPTIONS for o in self.options)
        )

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

    def settle(self) -> None:
        """An update or a replacement, from the changes recorded so far."""
        if self.action in ("update", "replace"):
            self.action = "replace" if self.replaced_by else "update"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["disruptive"] = self.disruptive
        data["causes"] = self.causes
        data["dependency_only"] = self.dependency_only
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
    dependencies_only: int = 0
    """Resources whose recorded dependencies alone differ: no update, not in ``change``."""

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
        if self.dependencies_only:
            text += f", {self.dependencies_only} with new dependencies only (no update)"
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
        """Updated and replaced resources, as ``pulumi preview`` counts them (not those whose
        dependencies alone changed)."""
        return [r for r in self.resources if r.action in ("update", "replace") and not r.dependency_only]

    @property
    def dependencies_only(self) -> list[ResourceChange]:
        """Resources whose recorded dependencies alone changed: no update at ``pulumi up``."""
        return [r for r in self.resources if r.dependency_only]

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
            dependencies_only=len(self.dependencies_only),
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
                "dependencies_only": counts.dependencies_only,
            },
            "resources": [r.to_dict() for r in self.resources],
            "outputs": [asdict(o) for o in self.outputs],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, sort_keys=True) + "\n"
