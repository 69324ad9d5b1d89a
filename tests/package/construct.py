"""Construct a package component under the offline engine, from the inputs a program would send.

What reaches the provider of a `pulumi preview` of a YAML (or any other language's) program:
the inputs as a protobuf Struct (every number a double, map keys in no order), deserialized by
the Python SDK's provider server as `ProviderServicer._construct_inputs` does for inputs without
dependencies, then the provider's `construct`. Only the gRPC transport is left out: the engine's
mock monitor stands in for the real one, so the children register as they would for real.
"""

from __future__ import annotations

from typing import Any

import pulumi
from google.protobuf import struct_pb2
from pulumi.runtime import rpc

from components.engine import Plan, run_program
from components.package.provider import MeshfleetProvider

PROJECT = "meshfleet"


def sent(inputs: dict[str, Any]) -> dict[str, Any]:
    """`inputs` as the provider receives them over the wire."""
    struct = struct_pb2.Struct()
    struct.update(inputs)
    return rpc.deserialize_properties(struct, keep_unknowns=True)


def construct(
    component: str,
    name: str,
    inputs: dict[str, Any],
    *,
    stack: str = "test",
    providers: dict[str, str] | None = None,
) -> tuple[Plan, dict[str, Any]]:
    """Plan `meshfleet:index:<component>` named `name`, and the state Construct answers with.

    `providers` names Kubernetes kubeconfigs by package: each becomes a provider resource of the
    program, passed in the `providers` resource option as a YAML program's `options.providers`."""
    state: dict[str, Any] = {}

    def program() -> None:
        import pulumi_kubernetes as kubernetes

        by_package: dict[str, pulumi.ProviderResource] = {
            package: kubernetes.Provider(f"{name}-{package}", kubeconfig=kubeconfig)
            for package, kubeconfig in (providers or {}).items()
        }
        result = MeshfleetProvider().construct(
            name,
            f"meshfleet:index:{component}",
            sent(inputs),
            pulumi.ResourceOptions(providers=by_package),
        )
        state.update(result.state)

    return run_program(program, project=PROJECT, stack=stack), state
