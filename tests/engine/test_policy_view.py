"""The analyzer's lazy unknown-checking view reads, fails and serializes as the SDK's own proxy.

Policies are handed `unknown_checking_view(props)` where the real analyzer hands them
`pulumi_policy.proxy.unknown_checking_proxy(props)`; a policy must not be able to tell them apart.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from typing import Any

import pytest
from pulumi_policy.deserialize import _serialize_property
from pulumi_policy.proxy import (
    UNKNOWN_STRING_VALUE,
    UnknownValueError,
    _DictProxy,
    _ListProxy,
    unknown_checking_proxy,
)

from components.engine.analyzer.proxy import unknown_checking_view

PROPS: dict[str, Any] = {
    "name": "gke-east",
    "nodeCount": 3,
    "enabled": True,
    "endpoint": UNKNOWN_STRING_VALUE,
    "labels": {"team": "mesh", "owner": UNKNOWN_STRING_VALUE},
    "rules": [
        {"ports": ["15017", "443"], "sourceRanges": [UNKNOWN_STRING_VALUE]},
        {"ports": [], "sourceRanges": ["10.0.0.0/8"]},
    ],
    "empty": {},
    "nothing": None,
}

UNKNOWN_READS = [
    ("endpoint",),
    ("labels", "owner"),
    ("rules", 0, "sourceRanges", 0),
]


def _plain(value: Any) -> Any:
    """Everything a policy can read, as plain data; an unknown read as the error it raises."""
    try:
        if isinstance(value, Mapping):
            return {"dict": {key: _plain_item(value, key) for key in value}}
        if isinstance(value, Sequence) and not isinstance(value, str):
            return {"list": [_plain_item(value, i) for i in range(len(value))]}
    except UnknownValueError as exc:  # pragma: no cover - reads go through _plain_item
        return {"error": exc.message}
    return value


def _plain_item(container: Any, key: Any) -> Any:
    try:
        return _plain(container[key])
    except UnknownValueError as exc:
        return {"error": exc.message}


def _read(view: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        view = view[key]
    return view


def test_a_view_reads_every_value_as_the_sdks_proxy_does() -> None:
    assert _plain(unknown_checking_view(PROPS)) == _plain(unknown_checking_proxy(PROPS))


@pytest.mark.parametrize("path", UNKNOWN_READS, ids=lambda path: ".".join(map(str, path)))
def test_reading_an_unknown_raises_the_sdks_error_at_the_same_path(path: tuple[Any, ...]) -> None:
    with pytest.raises(UnknownValueError) as ours:
        _read(unknown_checking_view(PROPS), path)
    with pytest.raises(UnknownValueError) as theirs:
        _read(unknown_checking_proxy(PROPS), path)

    assert (ours.value.message, ours.value.props) == (theirs.value.message, theirs.value.props)


def test_a_view_is_the_sdks_proxy_type_and_serializes_as_it_does() -> None:
    view = unknown_checking_view(PROPS)

    assert isinstance(view, _DictProxy)
    assert isinstance(view["rules"], _ListProxy)
    assert _serialize_property(view) == _serialize_property(unknown_checking_proxy(PROPS))


def test_a_write_into_a_view_stays_in_that_view() -> None:
    props = copy.deepcopy(PROPS)
    first = unknown_checking_view(props)

    first["labels"]["team"] = "changed"
    first["added"] = 1

    assert props == PROPS
    second = unknown_checking_view(props)
    assert second["labels"]["team"] == "mesh"
    assert "added" not in second
    assert list(first) == [*PROPS, "added"]
    assert first["labels"]["team"] == "changed"
