"""Stack configuration: read a ``Pulumi.<stack>.yaml`` and hand its config to a program as the CLI does.

``load_stack_config`` returns a stack file's ``config:`` mapping, keys as written and structured
values structured. Handing it to a program follows the CLI: a key written without a namespace
belongs to the project, scalars become their YAML/JSON text and objects become JSON. A
``secure:`` value cannot be decrypted offline: its key is a secret key whose value is the wire
unknown, so it reaches resources as an unknown secret.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from .wire import WIRE_UNKNOWN


def load_stack_config(path: str | Path) -> dict[str, Any]:
    """Read a ``Pulumi.<stack>.yaml`` and return its ``config:`` mapping.

    Keys are kept as written (``"meshfleet:platform"``); structured values stay structured.
    A ``secure:`` value (``{"secure": "<ciphertext>"}``) cannot be decrypted offline and is
    kept as is: ``run_program`` hands it to the program as a secret whose value is unknown.
    """
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: a stack file must be a YAML mapping")
    config = data.get("config") or {}
    if not isinstance(config, dict):
        raise ValueError(f"{path}: `config` must be a mapping")
    return {str(key): value for key, value in config.items()}


def _is_secure(value: Any) -> bool:
    return isinstance(value, dict) and len(value) == 1 and isinstance(value.get("secure"), str)


def _unknown_secure(value: Any) -> tuple[Any, bool]:
    """Replace ``secure:`` leaves by the wire unknown, reporting whether there was any."""
    if _is_secure(value):
        return WIRE_UNKNOWN, True
    if isinstance(value, dict):
        pairs = {k: _unknown_secure(v) for k, v in value.items()}
        return {k: v for k, (v, _) in pairs.items()}, any(s for _, s in pairs.values())
    if isinstance(value, list):
        items = [_unknown_secure(v) for v in value]
        return [v for v, _ in items], any(s for _, s in items)
    return value, False


def pulumi_config(config: Mapping[str, Any], project: str) -> tuple[dict[str, str], list[str]]:
    """Config as the CLI hands it to a program: namespaced keys, string values, secret keys.

    Like the CLI, a key written without a namespace belongs to the project, scalars become
    their YAML/JSON text and objects become JSON. A key holding a ``secure:`` value is a
    secret key whose value is the wire unknown, so it reaches resources as an unknown secret.
    """
    values: dict[str, str] = {}
    secret_keys: list[str] = []
    for key, raw in config.items():
        full_key = key if ":" in key else f"{project}:{key}"
        value, secure = _unknown_secure(raw)
        if secure:
            secret_keys.append(full_key)
        values[full_key] = value if isinstance(value, str) else json.dumps(value)
    return values, secret_keys
