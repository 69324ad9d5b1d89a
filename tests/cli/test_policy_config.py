"""Reading a policy config file: JSON object, UTF-8, every mistake one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from components.cli.app import UserError
from components.cli.policies import read_policy_config


def test_policy_config_that_is_not_utf8_is_named(tmp_path: Path) -> None:
    path = tmp_path / "policy.json"
    path.write_bytes(b'{"all": "advisory\xe9"}')

    with pytest.raises(UserError) as caught:
        read_policy_config(path)

    assert str(caught.value) == f"policy config {path} is not UTF-8 text (byte 0xe9)"


def test_policy_config_json_object_is_read(tmp_path: Path) -> None:
    path = tmp_path / "policy.json"
    path.write_text('{"all": "advisory"}')

    assert read_policy_config(path) == {"all": "advisory"}
