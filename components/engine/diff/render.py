"""Rendering a diff as the review a reader sees: ``pulumi preview --diff``-like text lines.

Each resource gets a head line with its symbol (``+``, ``-``, ``~``, ``+-``), type and name, flags
(REPLACE, renamed, RECREATES NODES, same object, PROTECTED), then one line per changed path and
the reason a change forces replacement or recreates nodes; then changed outputs and the
summary. Values show as JSON, markers bare, long values shortened; resources named by key
show by name. ``render_lines`` gives each line with a style (add, delete, update, replace,
protected, note), ``render_diff`` the plain text.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ..plan import child_path
from .model import PlanDiff, PropertyChange
from .paths import MARKERS

_MAX_VALUE = 240


def show(value: Any) -> str:
    """A value as the review shows it: JSON, markers bare, long values shortened."""
    if value in MARKERS:
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


def _leaves(value: Any, path: str = "") -> list[tuple[str, Any]]:
    """(path, value) of every scalar or list of scalars in `value`, paths as the diff writes them."""
    if isinstance(value, dict) and value:
        return [leaf for key in sorted(value) for leaf in _leaves(value[key], child_path(path, key))]
    if isinstance(value, list) and any(isinstance(v, dict | list) for v in value):
        return [leaf for i, item in enumerate(value) for leaf in _leaves(item, f"{path}[{i}]")]
    return [(path, value)]


def render_lines(diff: PlanDiff, *, show_inputs: bool = False) -> list[tuple[str, str]]:
    """The review as (text, style) lines; styles: add, delete, update, replace, protected, note.

    With `show_inputs`, an added or deleted resource lists every input, one path per line.
    """
    names = {r.key: r.name for r in diff.resources}
    lines: list[tuple[str, str]] = []
    lines.append((f"--- {diff.old_label}", "note"))
    lines.append((f"+++ {diff.new_label}", "note"))
    for change in diff.resources:
        style = change.action
        head = f"{_SYMBOL[change.action]} {change.type} {change.name}"
        if change.dependency_only:
            # Pulumi runs no update for it; shown apart so the counts match `pulumi preview`.
            style, head = "note", f"= {change.type} {change.name}  (dependencies only: no update)"
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
        if show_inputs and change.inputs:
            sign = "+" if change.action == "create" else "-"
            for path, value in _leaves(change.inputs):
                lines.append((f"     {path}: {sign} {show(value)}", style))
        for item in (*change.properties, *change.options):
            item_style = "replace" if item.effect == "replace" and not item.ignored else "update"
            if change.dependency_only:
                item_style = "note"
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


def render_diff(diff: PlanDiff, *, show_inputs: bool = False) -> str:
    """The review as plain text."""
    return "".join(f"{text}\n" for text, _ in render_lines(diff, show_inputs=show_inputs))
