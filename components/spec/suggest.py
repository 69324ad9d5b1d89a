"""Suggestions for a misspelt key: the fields a spec model accepts at a location, and the closest one."""

from __future__ import annotations

import difflib
import types
from collections.abc import Sequence
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, Tag


def _unwrap(annotation: Any) -> Any:
    """Strip Annotated and Optional: `Annotated[X, ...]` and `X | None` are X here."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            annotation = next(arg for arg in get_args(annotation) if arg is not type(None))
        else:
            return annotation


def _model(annotation: Any) -> type[BaseModel] | None:
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def _tagged(annotation: Any, part: str | int) -> Any:
    """The member of a tagged union (`Annotated[A, Tag("a")] | ...`) whose tag is `part`, or None."""
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    if get_origin(annotation) not in (Union, types.UnionType):
        return None
    for member in get_args(annotation):
        if get_origin(member) is Annotated and any(
            isinstance(meta, Tag) and meta.tag == part for meta in get_args(member)[1:]
        ):
            return get_args(member)[0]
    return None


def _step(annotation: Any, part: str | int) -> Any:
    """The type found one step down `part` (a field, a list index, a dict key or the tag of a
    union member, which pydantic puts in an error's location), or None."""
    member = _tagged(annotation, part)
    if member is not None:
        return member
    model = _model(annotation)
    if model is not None:
        for name, field in model.model_fields.items():
            if part in (name, field.alias):
                return field.annotation
        return None
    annotation = _unwrap(annotation)
    args = get_args(annotation)
    if get_origin(annotation) is list and isinstance(part, int):
        return args[0]
    if get_origin(annotation) is dict and isinstance(part, str):
        return args[1]
    return None


def fields_at(root: type[BaseModel], loc: Sequence[str | int]) -> list[str]:
    """The YAML (camelCase) names of the fields next to `loc`'s last part; empty when unknown."""
    annotation: Any = root
    for part in loc[:-1]:
        annotation = _step(annotation, part)
        if annotation is None:
            return []
    model = _model(annotation)
    if model is None:
        return []
    return [field.alias or name for name, field in model.model_fields.items()]


def closest(key: str, known: Sequence[str]) -> str | None:
    """The known name `key` most likely misspells (case aside, as in masterCIDR), or None."""
    by_lower = {name.lower(): name for name in known}
    found = difflib.get_close_matches(key.lower(), list(by_lower), n=1, cutoff=0.75)
    return by_lower[found[0]] if found else None


def is_tag(root: type[BaseModel], loc: Sequence[str | int], part: str | int) -> bool:
    """Whether `part`, found after `loc`, is the tag of a union member rather than a key."""
    annotation: Any = root
    for step in loc:
        annotation = _step(annotation, step)
        if annotation is None:
            return False
    return _tagged(annotation, part) is not None
