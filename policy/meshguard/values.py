"""Reading resource properties that may be unknown during a preview.

Pulumi hands policies the resource's properties wrapped in an unknown-checking proxy: reading
a value that only the cloud will know (an id, an address) raises ``UnknownValueError``, and
the analyzer then reports that the policy could not run on that resource. These helpers let a
policy read optional, nested values without tripping over that: a missing value reads as the
default, an unknown one as ``UNKNOWN``, so each policy decides what an unknown means for it:
it calls ``require`` to stop there, or notes the unknown in ``Unknowns`` and goes on checking
the rest (a stack policy skips just that resource), and either way the analyzer reports the
policy as "not checked" rather than failing it. They accept plain dicts and lists too.

Whatever the program leaves unset can be unknown too: a real preview hands stack policies the
planned state, in which the outputs the cloud computes (a cluster's node pools, an object's
status) are unknown on a create. ``UNKNOWN`` therefore refuses to be iterated, indexed, ordered or read as
true or false: a policy that forgets to check for it reports "not checked" (``UNCHECKED``)
instead of raising a TypeError, which would abort the whole preview.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NoReturn

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


UNCHECKED = "a value it needs can't be known during preview"
"""The "not checked" reason when a policy used ``UNKNOWN`` as a value without checking for it."""


class UnknownValuesError(UnknownValueError):
    """Values a policy needs are unknown during the preview; ``message`` says which.

    The analyzer catches ``UnknownValueError`` and reports the policy as not checked, with this
    message, keeping the violations it reported before.
    """

    def __init__(self, message: str) -> None:
        super().__init__(UNKNOWN_STRING_VALUE, [])
        self.message = message


class _Unknown:
    """The one value standing for "unknown until the resource exists"."""

    _instance: _Unknown | None = None

    def __new__(cls) -> _Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"

    def _unusable(self, *_args: Any) -> NoReturn:
        raise UnknownValuesError(UNCHECKED)

    # An unknown is no list, no mapping, no number and neither true nor false.
    __bool__ = __iter__ = __len__ = __getitem__ = __contains__ = _unusable
    __lt__ = __le__ = __gt__ = __ge__ = _unusable


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


class Unknowns:
    """Where a policy met unknown values it needs, so that it can check the rest first.

    A policy notes each (``note``, or ``add`` in its own words) and skips what it decides, then
    calls ``raise_if_any`` last: the analyzer keeps the violations reported on the way and
    lists the policy as not checked, naming every value noted.
    """

    def __init__(self) -> None:
        self.where: list[str] = []
        self.skipped: list[str] = []

    def note(self, resource: str, *path: str | int) -> None:
        """``path`` (keys and list indexes) of ``resource`` (its name) is unknown."""
        self.add("." + ".".join(str(p) for p in path) + f" of {resource}")

    def add(self, what: str) -> None:
        if what not in self.where:
            self.where.append(what)

    def skip(self, why: str) -> None:
        """A resource the policy does not judge for a reason of its own, not an unknown value
        (an Autopilot cluster's nodes, which GKE chooses): reported as not checked too."""
        if why not in self.skipped:
            self.skipped.append(why)

    def raise_if_any(self) -> None:
        parts = ["unknown until the resources exist: " + "; ".join(self.where)] if self.where else []
        parts += self.skipped
        if parts:
            raise UnknownValuesError("; ".join(parts))


PLATFORM_TYPE = "meshfleet:index:MeshPlatform"
"""The component a meshfleet platform spec becomes; its descendants were made from the spec."""


def made_by_platform(urn: str | None) -> bool:
    """Whether the resource lies under a MeshPlatform: its URN's type chain (parent types,
    then its own, joined by `$`) names it. Then advice can name the spec field to edit."""
    parts = (urn or "").split("::")
    return len(parts) > 2 and PLATFORM_TYPE in parts[2].split("$")


def fix_in_words_of(urn: str | None, spec: str, resource: str) -> str:
    """Advice in the words of what the user edits: `spec`, the platform spec field that sets
    the value, when a MeshPlatform made the resource (editing the resource there is undone by
    the next `pulumi up` from the spec); else `resource`, the resource's own field."""
    return f"{spec} in the platform spec (meshfleet:platform)" if made_by_platform(urn) else resource
