"""Dynamic resources: their provider's code travels as an input, and a Plan shows a marker instead.

A Pulumi dynamic resource (``pulumi.dynamic.Resource`` in Python, ``pulumi.dynamic.Resource`` in
Node.js) registers under the ``pulumi-python`` or ``pulumi-nodejs`` package with a type in the
``dynamic`` module, and carries its provider, serialized (a base64 pickle in Python), as the
input ``__provider``. That value is code, not configuration: it is opaque to a reviewer, a
secret by default, and its bytes depend on the Python and dill versions, so recording it
would make plans neither readable nor reproducible. A Plan records ``DYNAMIC_PROVIDER`` instead.
"""

from __future__ import annotations

from typing import Any

from ..plan import child_path

PROVIDER_KEY = "__provider"
"""The input that carries a dynamic resource's serialized provider (the SDKs' convention)."""

DYNAMIC_PROVIDER = "<dynamic provider>"
"""Marker for the serialized provider of a dynamic resource."""

_DYNAMIC_PACKAGES = ("pulumi-python", "pulumi-nodejs")


def is_dynamic(type_: str) -> bool:
    """Whether `type_` is a dynamic resource's (``pulumi-python:dynamic[/module]:Name``)."""
    package, _, rest = type_.partition(":")
    module = rest.partition(":")[0]
    return package in _DYNAMIC_PACKAGES and (module == "dynamic" or module.startswith("dynamic/"))


def mask_provider(type_: str, inputs: dict[str, Any], secrets: list[str]) -> list[str]:
    """Replace a dynamic resource's serialized provider in `inputs`; returns the secret paths left."""
    if not is_dynamic(type_) or PROVIDER_KEY not in inputs:
        return secrets
    inputs[PROVIDER_KEY] = DYNAMIC_PROVIDER
    top = child_path("", PROVIDER_KEY)
    return [p for p in secrets if not (p == top or p.startswith((f"{top}.", f"{top}[")))]
