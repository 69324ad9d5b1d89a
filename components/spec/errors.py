"""One-line spec errors that name the field path and the rule."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import ValidationError

ROOT = "platform"


def one_line(text: str) -> str:
    """Escape line breaks and other unprintable characters (user-supplied keys and values may hold them)."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def field_path(loc: Sequence[str | int]) -> str:
    """Render a location like ('clusters', 1, 'masterCidr') as platform.clusters[1].masterCidr."""
    path = ROOT
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else f".{one_line(part)}"
    return path


class SpecError(ValueError):
    """A platform spec that breaks a rule. `str()` is one line: '<field path>: <rule>'."""

    def __init__(self, loc: Sequence[str | int], message: str) -> None:
        self.loc = tuple(loc)
        self.path = field_path(loc)
        self.rule = one_line(message)
        super().__init__(f"{self.path}: {self.rule}")

    @classmethod
    def from_validation_error(cls, exc: ValidationError) -> SpecError:
        """The first pydantic error, as a SpecError (one line, no pydantic URL)."""
        first = exc.errors(include_url=False)[0]
        message = first["msg"].removeprefix("Value error, ")
        if first["type"] == "extra_forbidden":
            message = "unknown field (check its spelling against the spec)"
        elif first["type"] == "missing":
            message = "is required"
        # A bad dict key is reported under the key itself; drop pydantic's "[key]" marker.
        loc = [p for p in first["loc"] if p != "[key]"]
        return cls(loc, " ".join(message.split()))
