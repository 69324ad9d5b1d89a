"""Reading YAML files strictly: duplicate keys, encodings and syntax errors named by file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from components.cli.app import UserError
from components.cli.yaml_files import line_of, read_yaml


def error(path: Path, text: str | bytes) -> str:
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text)
    with pytest.raises(UserError) as caught:
        read_yaml(path)
    return str(caught.value)


def test_duplicate_top_level_key_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"

    assert error(path, "a: 1\nb: 2\na: 3\n") == f"{path}:3: duplicate key 'a' (first on line 1)"


def test_duplicate_key_in_a_list_item_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"

    assert error(path, "l:\n  - x: 1\n    x: 2\n") == f"{path}:3: duplicate key 'x' (first on line 2)"


def test_duplicate_key_in_a_flow_mapping_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"

    assert error(path, "m: {min: 1, min: 9}\n") == f"{path}:1: duplicate key 'min' (first on line 1)"


def test_equal_keys_in_different_mappings_pass(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("a: {name: x}\nb: {name: y}\n")

    assert read_yaml(path) == {"a": {"name": "x"}, "b": {"name": "y"}}


def test_key_may_override_a_merged_key(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("base: &b {min: 1, max: 3}\npool:\n  <<: *b\n  max: 5\n")

    assert read_yaml(path)["pool"] == {"min": 1, "max": 5}


def test_byte_order_mark_is_not_content(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\n")

    assert read_yaml(path) == {"a": 1}


def test_latin1_file_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"

    assert error(path, b"a: 1\nb: caf\xe9\n") == f"{path}:2: not UTF-8 text (byte 0xe9)"


def test_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"

    assert (
        error(path, "a: 1\nb: [2\n")
        == f"{path}:3: not valid YAML: expected ',' or ']', but got '<stream end>'"
    )


def test_tab_indentation_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"

    assert error(path, "a:\n\tb: 1\n").startswith(f"{path}:2: not valid YAML: found character '\\t'")


def test_number_too_long_to_convert_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"

    assert error(path, f"a: 1\nb: {'1' * 5000}\n") == (
        f"{path}:2: not valid YAML: number of 5000 characters is too long"
    )


def test_directory_is_named_as_unreadable(tmp_path: Path) -> None:
    with pytest.raises(UserError) as caught:
        read_yaml(tmp_path)

    assert str(caught.value) == f"{tmp_path}: cannot read it (Is a directory)"


def test_line_of_finds_a_value_by_its_keys_and_indexes(tmp_path: Path) -> None:
    path = tmp_path / "Pulumi.x.yaml"
    path.write_text(
        "config:\n  meshfleet:platform:\n    clusters:\n      - name: a\n      - name: b\n        x: 1\n"
    )

    assert line_of(path, ("config", "meshfleet:platform", "clusters", 1, "x")) == 6


def test_line_of_a_missing_key_is_the_line_of_what_holds_it(tmp_path: Path) -> None:
    path = tmp_path / "Pulumi.x.yaml"
    path.write_text("config:\n  meshfleet:platform:\n    clusters:\n      - name: a\n")

    assert line_of(path, ("config", "meshfleet:platform", "clusters", 0, "subnet")) == 4
