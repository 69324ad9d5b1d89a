"""What every rule module shares: duplicate detection and field paths for messages."""

from __future__ import annotations

from collections.abc import Iterable

from ..errors import SpecError, quoted


def duplicates(items: Iterable[tuple[list[str | int], str]], what: str) -> None:
    """Refuse the second of two equal names, naming where the first one is."""
    seen: dict[str, list[str | int]] = {}
    for loc, name in items:
        if name in seen:
            raise SpecError(loc, f"{what} {quoted(name)} is already used by {path_of(seen[name])}")
        seen[name] = loc


def path_of(loc: list[str | int]) -> str:
    """The field path a message shows for `loc`, e.g. platform.clusters[1].masterCidr."""
    return SpecError(loc, "").path
