"""meshguard's reading of values that may be unknown during a preview (policy/meshguard/values.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE, UnknownValueError, unknown_checking_proxy

from policy.meshguard.values import UNCHECKED, UNKNOWN, Unknowns, elements, get


def test_get_reads_an_unknown_nested_value_as_unknown() -> None:
    props = unknown_checking_proxy({"spec": {"pools": UNKNOWN_STRING_VALUE}})

    assert get(props, "spec", "pools", 0, "name") is UNKNOWN


def test_elements_of_an_unknown_list_is_unknown() -> None:
    assert elements(unknown_checking_proxy({"pools": UNKNOWN_STRING_VALUE}), "pools") is UNKNOWN


@pytest.mark.parametrize(
    "use",
    [list, bool, len, lambda v: v[0], lambda v: "x" in v, lambda v: v < 4],
    ids=["iterate", "truth", "len", "index", "contains", "compare"],
)
def test_using_an_unknown_unchecked_reports_not_checked_instead_of_a_type_error(
    use: Callable[[Any], object],
) -> None:
    with pytest.raises(UnknownValueError) as raised:
        use(UNKNOWN)

    assert raised.value.message == UNCHECKED


def test_unknowns_names_every_value_noted_once() -> None:
    unknowns = Unknowns()
    unknowns.note("cluster-a", "nodePools")
    unknowns.note("cluster-a", "nodePools")
    unknowns.note("pool-b", "nodeConfig", "machineType")

    with pytest.raises(UnknownValueError) as raised:
        unknowns.raise_if_any()

    assert raised.value.message == (
        "unknown until the resources exist: .nodePools of cluster-a; .nodeConfig.machineType of pool-b"
    )


def test_unknowns_with_nothing_noted_raises_nothing() -> None:
    Unknowns().raise_if_any()
