"""The Plan: what an offline preview of a Pulumi program would register.

A Plan is plain data (JSON-safe dataclasses) so that it can be diffed, committed as a
baseline and checked by policies without the Pulumi runtime. Values that only the cloud
can know are the string ``UNKNOWN``; secret values are replaced by ``SECRET`` and their
property paths are listed in ``secret_paths`` (built by ``child_path``), so a Plan never
holds a secret in clear.

It is the model the engine's subsystems share: the recorder builds it, the diff compares two,
the analyzer checks one. It imports none of them.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, fields
from typing import Any

UNKNOWN = "<unknown>"
"""Marker for a value that is unknown during a preview (computed by the provider or the cloud)."""

SECRET = "<secret>"
"""Marker for a secret value; the clear value is never recorded."""

STACK_TYPE = "pulumi:pulumi:Stack"


@dataclass
class PlannedResource:
    """One resource registration, as the Pulumi engine would have received it."""

    urn: str
    type: str
    """Type token, e.g. ``gcp:compute/network:Network`` or ``pulumi:providers:kubernetes``."""
    name: str
    custom: bool
    """False for component resources (and the stack), True for provider-managed resources."""
    parent: str | None = None
    provider: str | None = None
    """URN of the explicit provider resource, or None when the default provider is used."""
    dependencies: list[str] = field(default_factory=list)
    """URNs this resource depends on (sorted). The SDK expands a component into its children."""
    property_dependencies: dict[str, list[str]] = field(default_factory=dict)
    """Per input property, the URNs it was computed from (only non-empty entries)."""
    protect: bool = False
    inputs: dict[str, Any] = field(default_factory=dict)
    """Inputs in wire (camelCase) form, with UNKNOWN / SECRET markers."""
    secret_paths: list[str] = field(default_factory=list)
    """Property paths (``a.b[0]``) whose values were secret and are shown as SECRET."""
    delete_before_replace: bool = False
    ignore_changes: list[str] = field(default_factory=list)
    replace_on_changes: list[str] = field(default_factory=list)
    retain_on_delete: bool = False
    deleted_with: str | None = None
    aliases: list[dict[str, Any]] = field(default_factory=list)
    read_id: str | None = None
    """Set when the resource is read (``Resource.get``/StackReference) rather than managed."""

    @property
    def qualified_type(self) -> str:
        """The ``$``-joined type chain of the URN (parent component types, then this type)."""
        return self.urn.split("::")[2]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PlannedResource:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


@dataclass
class Plan:
    """Every resource a program registers in a preview, in program (construction) order."""

    project: str
    stack: str
    resources: list[PlannedResource] = field(default_factory=list)
    outputs: dict[str, Any] = field(default_factory=dict)
    """Stack outputs (``pulumi.export``), with UNKNOWN / SECRET markers."""
    output_secret_paths: list[str] = field(default_factory=list)

    def __iter__(self) -> Iterator[PlannedResource]:
        return iter(self.resources)

    def __len__(self) -> int:
        return len(self.resources)

    def get(self, urn: str) -> PlannedResource:
        """The resource with this URN; raises KeyError if there is none."""
        for resource in self.resources:
            if resource.urn == urn:
                return resource
        raise KeyError(urn)

    def by_type(self, type_: str) -> list[PlannedResource]:
        """All resources of one type token, in plan order."""
        return [r for r in self.resources if r.type == type_]

    def find(self, type_: str, name: str) -> PlannedResource:
        """The one resource with this type and name.

        Raises KeyError if there is none and LookupError if several parents each have one
        (then use ``get(urn)``), so tests never silently check the wrong resource.
        """
        matches = [r for r in self.resources if r.type == type_ and r.name == name]
        if not matches:
            raise KeyError(f"no {type_} named {name!r} in the plan")
        if len(matches) > 1:
            raise LookupError(f"{len(matches)} resources {type_} named {name!r}: use get(urn)")
        return matches[0]

    def children(self, urn: str) -> list[PlannedResource]:
        """Direct children of a resource, in plan order."""
        return [r for r in self.resources if r.parent == urn]

    def counts(self) -> dict[str, int]:
        """Number of resources per type, sorted by type (the stack itself is not counted)."""
        counter = Counter(r.type for r in self.resources if r.type != STACK_TYPE)
        return dict(sorted(counter.items()))

    def tree(self) -> list[tuple[int, PlannedResource]]:
        """Depth-first walk of the parent/child tree as (depth, resource), roots at depth 0."""
        urns = {r.urn for r in self.resources}
        # Children in plan order, gathered once: a fleet's plan has over a thousand resources.
        children: dict[str | None, list[PlannedResource]] = {}
        for resource in self.resources:
            children.setdefault(resource.parent, []).append(resource)
        walked: list[tuple[int, PlannedResource]] = []

        def walk(resource: PlannedResource, depth: int) -> None:
            walked.append((depth, resource))
            for child in children.get(resource.urn, ()):
                walk(child, depth + 1)

        # A parent missing from the plan (it should not happen) still leaves its children visible.
        for root in (r for r in self.resources if r.parent is None or r.parent not in urns):
            walk(root, 0)
        return walked

    def render_tree(self) -> str:
        """The tree as indented text, one ``type name`` line per resource (like pulumi preview)."""
        lines = []
        for depth, resource in self.tree():
            marker = "" if resource.custom else " (component)"
            lines.append(f"{'    ' * depth}{resource.type} {resource.name}{marker}")
        return "\n".join(lines) + "\n"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_json(self) -> str:
        """Deterministic JSON: sorted keys, plan order for resources, no timestamps."""
        # The fields as they are: `to_dict` (asdict) deep-copies every input first, and the
        # JSON of a plan is written on every preview.
        data: dict[str, Any] = {f.name: getattr(self, f.name) for f in fields(self)}
        names = [f.name for f in fields(PlannedResource)]
        data["resources"] = [{name: getattr(r, name) for name in names} for r in self.resources]
        return json.dumps(data, indent=2, sort_keys=True) + "\n"

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Plan:
        return cls(
            project=data["project"],
            stack=data["stack"],
            resources=[PlannedResource.from_dict(r) for r in data.get("resources", [])],
            outputs=data.get("outputs", {}),
            output_secret_paths=data.get("output_secret_paths", []),
        )

    @classmethod
    def from_json(cls, text: str) -> Plan:
        return cls.from_dict(json.loads(text))


def urn_name(urn: str) -> str:
    """The name part of a URN (names may themselves contain ``::``)."""
    return urn.split("::", 3)[3]


def child_path(prefix: str, key: str) -> str:
    """The path of ``key`` under ``prefix``, in the notation of ``secret_paths``.

    ``a.b`` for a key that is an identifier, ``a["app.kubernetes.io/name"]`` for any other.
    """
    if key.isidentifier():
        return f"{prefix}.{key}" if prefix else key
    return f"{prefix}[{json.dumps(key)}]"
