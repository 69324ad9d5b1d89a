"""One-line spec errors that name the field path and the rule."""

from __future__ import annotations

from collections.abc import Sequence

ROOT = "platform"

SHOWN_CHARACTERS = 60
"""How much of a user-supplied value or key an error line shows: a 2 MB value must not make a
2 MB line, and 60 characters are enough to recognise any value a spec holds."""


def one_line(text: str) -> str:
    """Escape line breaks and other unprintable characters (user-supplied keys and values may hold them)."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def quoted(value: object) -> str:
    """A value as an error line shows it: repr for strings, cut at SHOWN_CHARACTERS with its length."""
    if isinstance(value, str):
        if len(value) <= SHOWN_CHARACTERS:
            return repr(value)
        return f"{value[:SHOWN_CHARACTERS]!r}... ({len(value)} characters)"
    try:
        text = str(value)
    except ValueError:  # an int beyond Python's 4300-digit conversion limit
        return f"<{type(value).__name__} too long to show>"
    if len(text) <= SHOWN_CHARACTERS:
        return text
    unit = "digits" if isinstance(value, int) else "characters"
    return f"{text[:SHOWN_CHARACTERS]}... ({len(text)} {unit})"


def _key(part: str) -> str:
    if len(part) <= SHOWN_CHARACTERS:
        return one_line(part)
    return f"{one_line(part[:SHOWN_CHARACTERS])}... ({len(part)} characters)"


def field_path(loc: Sequence[str | int], root: str = ROOT) -> str:
    """Render a location like ('clusters', 1, 'masterCidr') as platform.clusters[1].masterCidr."""
    path = root
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else f".{_key(part)}"
    return path


MAX_ERRORS = 10
"""How many mistakes of one spec are reported at once: enough to fix a file in one pass, few
enough that a spec pasted into the wrong key does not bury the terminal."""


class SpecError(ValueError):
    """A platform spec that breaks a rule. `str()` is one line: '<field path>: <rule>'.

    When the spec has more mistakes, this is the first and `others` holds the rest (at most
    MAX_ERRORS in all; `omitted` counts those left out), each a SpecError of its own line.
    """

    def __init__(self, loc: Sequence[str | int], message: str, root: str = ROOT) -> None:
        self.loc = tuple(loc)
        self.path = field_path(loc, root)
        self.rule = one_line(message)
        self.others: tuple[SpecError, ...] = ()
        self.omitted = 0
        super().__init__(f"{self.path}: {self.rule}")

    @property
    def all(self) -> tuple[SpecError, ...]:
        """This mistake and the others reported with it, in the order to fix them."""
        return (self, *self.others)


def collected(errors: Sequence[SpecError]) -> SpecError:
    """One SpecError carrying every distinct mistake of `errors` (the first is raised)."""
    unique: dict[str, SpecError] = {}
    for error in errors:
        unique.setdefault(str(error), error)
    first, *rest = unique.values()
    first.others = tuple(rest[: MAX_ERRORS - 1])
    first.omitted = max(0, len(rest) - (MAX_ERRORS - 1))
    return first
