"""components.testing, kept for downstream tests, is components.engine's public API."""

from __future__ import annotations

import pytest

import components.engine
import components.testing


@pytest.mark.parametrize("name", components.engine.__all__)
def test_every_engine_name_is_the_same_object_in_components_testing(name: str) -> None:
    assert getattr(components.testing, name) is getattr(components.engine, name)


def test_components_testing_exports_exactly_the_engine_api() -> None:
    assert sorted(components.testing.__all__) == sorted(components.engine.__all__)
