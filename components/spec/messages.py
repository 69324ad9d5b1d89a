"""pydantic's validation errors as one SpecError: which one to report, and in the spec's words."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from .errors import SpecError, collected, quoted
from .suggest import closest, fields_at, is_tag

# What a strict field expects, by pydantic error type (strict: "3" is no integer, 3 no string).
_EXPECTED = {
    "int_type": "an integer",
    "bool_type": "true or false",
    "string_type": "a string",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
}

# YAML's names for what was given instead.
_GIVEN = {bool: "boolean", int: "integer", float: "number", str: "string", list: "list", dict: "mapping"}

_BOUNDS = {
    "greater_than_equal": ("ge", "at least"),
    "greater_than": ("gt", "more than"),
    "less_than_equal": ("le", "at most"),
    "less_than": ("lt", "less than"),
}


def _given(value: Any) -> str:
    if value is None:
        return "null"
    kind = next((name for cls, name in _GIVEN.items() if isinstance(value, cls)), type(value).__name__)
    # Show a scalar (shortened); a list or mapping is named by its kind only.
    return f"{kind} {quoted(value)}" if kind in ("string", "integer", "number") else kind


def _unknown_field(root: type[BaseModel], loc: list[str | int]) -> str:
    key = loc[-1]
    known = fields_at(root, loc)
    suggestion = closest(key, known) if isinstance(key, str) else None
    if suggestion is not None:
        return f"unknown field; did you mean {suggestion}?"
    if known:
        return f"unknown field (the fields here: {', '.join(known)})"
    return "unknown field"


def _message(error: ErrorDetails, root: type[BaseModel], loc: list[str | int]) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        return _unknown_field(root, loc)
    if kind == "union_tag_invalid":
        given = error["input"].get("cloud") if isinstance(error["input"], dict) else ctx["tag"]
        return f"must be one of {ctx['expected_tags']}, got {_given(given)}"
    if kind == "missing":
        return "is required"
    if kind in _EXPECTED:
        return f"must be {_EXPECTED[kind]}, got {_given(error['input'])}"
    if kind in _BOUNDS:
        key, words = _BOUNDS[kind]
        return f"{quoted(error['input'])} must be {words} {ctx[key]}"
    return error["msg"].removeprefix("Value error, ")


def _one(error: ErrorDetails, root: type[BaseModel]) -> SpecError:
    # A bad dict key is reported under the key itself; drop pydantic's "[key]" marker.
    loc = [p for p in error["loc"] if p != "[key]"]
    message = " ".join(_message(error, root, loc).split())
    return SpecError(_without_tags(root, loc, error["type"]), message)


def spec_error(exc: ValidationError, root: type[BaseModel]) -> SpecError:
    """The SpecError of a failed validation of `root`, every mistake in it (`SpecError.all`).

    An unknown key comes first, and a required key missing beside an unknown one is not
    reported: a misspelt required key reports both, and the misspelling is what to fix."""
    errors = exc.errors(include_url=False)
    misspelt = {tuple(e["loc"][:-1]) for e in errors if e["type"] == "extra_forbidden"}
    kept = [e for e in errors if not (e["type"] == "missing" and tuple(e["loc"][:-1]) in misspelt)]
    ordered = sorted(kept, key=lambda e: e["type"] != "extra_forbidden")  # stable: file order otherwise
    return collected([_one(e, root) for e in ordered])


def _without_tags(root: type[BaseModel], loc: list[str | int], kind: str) -> list[str | int]:
    """The location as the user wrote it: pydantic names the member of a tagged union it tried
    (`clusters[0].azure.location`), which is no key of the YAML; a bad tag is the `cloud` key."""
    if kind == "union_tag_invalid":
        return [*loc, "cloud"]
    return [part for i, part in enumerate(loc) if not is_tag(root, loc[:i], part)]
