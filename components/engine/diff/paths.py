"""Property paths: the notation a diff names input changes with, and the values found at them.

Paths use the notation of the plan's ``secret_paths``, built by ``plan.child_path``
(``spec.http[0].route[1].weight``, ``metadata.labels["app.kubernetes.io/name"]``).
``rule_path`` turns one into the replace-rule form (dots only, no list indices) that
replaceOnChanges, ignoreChanges and the curated replacement table are matched against.
``MARKERS`` are the plan's placeholders for values it does not hold (``<unknown>``,
``<secret>``), which a diff never looks behind.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

from ..plan import SECRET, UNKNOWN, child_path

MARKERS = (UNKNOWN, SECRET)

_INDEX = re.compile(r"\[(?:\d+|\*)\]")
_QUOTED = re.compile(r'\[("(?:[^"\\]|\\.)*")\]')


def rule_path(path: str) -> str:
    """A property path in the replace-rule form: dots only, no list indices."""
    path = _INDEX.sub("", path)
    path = _QUOTED.sub(lambda m: "." + json.loads(m.group(1)), path)
    return path.lstrip(".")


def covers(option_path: str, path: str) -> bool:
    """Whether a replaceOnChanges / ignoreChanges entry covers a change at ``path``."""
    option = rule_path(option_path)
    if option == "*":
        return True
    return path == option or path.startswith(f"{option}.") or option.startswith(f"{path}.")


def leaves(value: Any, path: str) -> Iterator[tuple[str, Any]]:
    """(path, value) of every leaf under ``path``; lists of plain values are leaves."""
    if isinstance(value, dict) and value:
        for key in sorted(value):
            yield from leaves(value[key], child_path(path, key))
    elif isinstance(value, list) and any(isinstance(v, dict | list) for v in value):
        for i, item in enumerate(value):
            yield from leaves(item, f"{path}[{i}]")
    else:
        yield path, value


def value_at(data: Mapping[str, Any], path: str) -> tuple[bool, Any]:
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
