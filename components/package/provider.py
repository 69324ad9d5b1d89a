"""The package's provider: the Python SDK's component provider host, serving meshfleet's components.

`pulumi.provider.experimental` infers the schema from `resources.py` and `args.py` and serves
GetSchema and Construct. One thing is ours: the host reports an exception raised in a
component's constructor with its Python traceback, so bad input (a spec that breaks a rule)
is raised as an `InputPropertyError` instead, which the engine shows as one line naming the
property, the same line `meshfleet preview` prints.
"""

from __future__ import annotations

import inspect
import json
import sys
from typing import Any

import pulumi
from pulumi.errors import InputPropertyError
from pulumi.provider.experimental.component import ComponentProvider
from pulumi.provider.provider import ConstructResult
from pulumi.provider.server import ComponentInitError
from pulumi.provider.server import main as serve_provider

from .convert import ArgsError
from .resources import COMPONENTS

NAME = "meshfleet"
"""The package name: the first part of every token (`meshfleet:index:MeshPlatform`)."""
VERSION = "0.1.0"
"""The package version, the distribution's (pyproject.toml)."""


class MeshfleetProvider(ComponentProvider):
    """The host's ComponentProvider, with bad input reported as one line."""

    def __init__(self) -> None:
        super().__init__(COMPONENTS, NAME, version=VERSION)
        # The host copies docstrings as written, with their source indentation: SDKs and
        # editors show them as they would a docstring, dedented.
        self.schema = json.dumps(_dedented(json.loads(self.schema or "{}")), sort_keys=True)

    def construct(
        self,
        name: str,
        resource_type: str,
        inputs: pulumi.Inputs,
        options: pulumi.ResourceOptions | None = None,
    ) -> ConstructResult:
        try:
            return super().construct(name, resource_type, inputs, options)
        except ComponentInitError as exc:
            if isinstance(exc.inner, ArgsError):
                raise InputPropertyError(exc.inner.property, str(exc.inner)) from None
            raise


def _dedented(node: Any) -> Any:
    if isinstance(node, dict):
        return {
            k: inspect.cleandoc(v) if k == "description" and isinstance(v, str) else _dedented(v)
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_dedented(v) for v in node]
    return node


def package_schema() -> dict[str, Any]:
    """The package schema, as `pulumi package get-schema` receives it from GetSchema."""
    provider = MeshfleetProvider()
    return json.loads(provider.schema or "{}")


def serve() -> None:
    """Run the provider as the Pulumi CLI launches a plugin: engine address in the arguments."""
    serve_provider(MeshfleetProvider(), sys.argv[1:])
