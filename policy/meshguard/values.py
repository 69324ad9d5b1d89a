"""Reading resource properties that may be unknown during a preview.

Pulumi hands policies the resource's properties wrapped in an unknown-checking proxy: reading
a value that only the cloud will know (an id, an address) raises ``UnknownValueError``, and
the analyzer then reports that the policy could not run on that resource. These helpers let a
policy read optional, nested values without tripping over that: a missing value reads as the
default, an unknown one as ``UNKNOWN``, so each policy decides what an unknown means for it
(a resource policy calls ``require`` to let the analyzer say "not checked"; a stack policy
skips just that resource). They accept plain dicts and lists too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pulumi_policy.proxy import (
    UNKNOWN_ARCHIVE_VALUE,
    UNKNOWN_ARRAY_VALUE,
    UNKNOWN_ASSET_VALUE,
    UNKNOWN_BOOLEAN_VALUE,
    UNKNOWN_NUMBER_VALUE,
    UNKNOWN_OBJECT_VALUE,
    UNKNOWN_STRING_VALUE,
    UnknownValueError,
)

_SENTINELS = frozenset(
    {
        UNKNOWN_ARCHIVE_VALUE,
        UNKNOWN_ARRAY_VALUE,
        UNKNOWN_ASSET_VALUE,
        UNKNOWN_BOOLEAN_VALUE,
        UNKNOWN_NUMBER_VALUE,
        UNKNOWN_OBJECT_VALUE,
        UNKNOWN_STRING_VALUE,
    }
)


class _Unknown:
    """The one value standing for "unknown until the resource exists"."""

    _instance: _Unknown | None = None

    def __new__(cls) -> _Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Any = _Unknown()
"""What ``get`` returns for a value that is unknown during the preview."""


def is_unknown(value: Any) -> bool:
    return value is UNKNOWN or (isinstance(value, str) and value in _SENTINELS)


def _is_list(value: Any) -> bool:
    return isinstance(value, Sequence) and not isinstance(value, str | bytes)


def get(obj: Any, *path: str | int, default: Any = None) -> Any:
    """The value at ``path`` (keys and list indexes), ``default`` if absent, ``UNKNOWN`` if unknown."""
    current = obj
    for key in path:
        if is_unknown(current):
            return UNKNOWN
        try:
            if isinstance(key, int):
                if not _is_list(current) or not -len(current) <= key < len(current):
                    return default
                current = current[key]
            else:
                if not isinstance(current, Mapping):
                    return default
                try:
                    current = current[key]
                except KeyError:
                    return default
        except UnknownValueError:
            return UNKNOWN
    if is_unknown(current):
        return UNKNOWN
    return default if current is None else current


def mapping(obj: Any, *path: str | int) -> dict[str, Any] | Any:
    """A mapping at ``path`` as a plain dict (unknown values as ``UNKNOWN``); {} if absent; UNKNOWN."""
    value = get(obj, *path)
    if value is UNKNOWN:
        return UNKNOWN
    if not isinstance(value, Mapping):
        return {}
    return {str(key): get(value, key) for key in value}


def elements(obj: Any, *path: str | int) -> list[Any] | Any:
    """A list at ``path`` as a plain list (unknown elements as ``UNKNOWN``); [] if absent; UNKNOWN."""
    value = get(obj, *path)
    if value is UNKNOWN:
        return UNKNOWN
    if not _is_list(value):
        return []
    return [get(value, index) for index in range(len(value))]


def require(value: Any, *path: str | int) -> Any:
    """``value`` unless it is unknown: then raise as the proxy does, so the analyzer reports
    that this policy cannot check the resource during the preview."""
    if is_unknown(value):
        raise UnknownValueError(UNKNOWN_STRING_VALUE, [str(p) for p in path])
    return value


def text(value: Any) -> str | None:
    """A string value (numbers included, as labels and ports are often written), else None."""
    if isinstance(value, bool) or value is None or is_unknown(value):
        return None
    if isinstance(value, int | float):
        return str(int(value)) if float(value).is_integer() else str(value)
    return value if isinstance(value, str) else None
