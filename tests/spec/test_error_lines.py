"""Error lines stay readable: a long value or key is shown cut, with its length."""

from __future__ import annotations

from components.spec.errors import quoted

from .fixtures import dev_platform, spec_message

TWO_MB = 2 * 1024 * 1024


def test_two_megabyte_value_gives_a_short_line() -> None:
    raw = dev_platform()
    raw["clusters"][0]["location"] = "x" * TWO_MB

    text = spec_message(raw)
    assert text.startswith(f"platform.clusters[0].location: '{'x' * 60}'... ({TWO_MB} characters) must be")
    assert len(text) < 300


def test_two_megabyte_key_gives_a_short_line() -> None:
    raw = dev_platform()
    raw["clusters"][0]["k" * TWO_MB] = 1

    text = spec_message(raw)
    assert text.startswith(f"platform.clusters[0].{'k' * 60}... ({TWO_MB} characters): unknown field")
    assert len(text) < 400


def test_short_value_is_shown_whole() -> None:
    assert quoted("asia-northeast1") == "'asia-northeast1'"


def test_value_of_60_characters_is_shown_whole() -> None:
    assert quoted("a" * 60) == repr("a" * 60)


def test_number_beyond_pythons_conversion_limit_is_named_not_shown() -> None:
    assert quoted(10**5000) == "<int too long to show>"
