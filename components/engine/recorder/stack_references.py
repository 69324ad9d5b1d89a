"""Stack references offline: a ``pulumi.StackReference`` answered from another stack's Plan.

A ``StackReference`` is a read of the resource ``pulumi:pulumi:StackReference`` whose id is the
referenced stack's name; the Pulumi engine answers it with that stack's outputs (``outputs``)
and the names of those that are secret (``secretOutputNames``). Offline there is no deployed
stack to read, so the recorder answers it from the referenced stack's last offline Plan: its
recorded outputs, where a value only the cloud knows is ``UNKNOWN`` and a secret is ``SECRET``.
On the wire an unknown stays the wire unknown, and a secret stays a secret whose value is
unknown (the Plan never held its clear value), so the reading program sees exactly what a
preview would let it see, never an invented value.

Who holds which Plan is the caller's business (``StackReferences``): the engine knows no file
layout and no project's naming of stacks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from google.protobuf import struct_pb2

from ..plan import SECRET, UNKNOWN, Plan, child_path
from .wire import WIRE_UNKNOWN

STACK_REFERENCE_TYPE = "pulumi:pulumi:StackReference"

# Wire signatures (sdk/go/common/resource/properties.go), as ``wire`` decodes them.
_SIG_KEY = "4dabf18193072939515e22adb298388d"
_SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270"

StackReferences = Callable[[str], Plan]
"""The Plan of a referenced stack, by the name the program gave (``org/project/stack`` or
``stack``); raises ``UnresolvedStackReference`` when there is none."""


class UnresolvedStackReference(LookupError):
    """A program reads a stack whose offline Plan the caller cannot give; ``stack`` names it."""

    def __init__(self, stack: str, detail: str = "") -> None:
        super().__init__(f"stack reference {stack}: {detail or 'no offline preview of that stack'}")
        self.stack = stack


def _wire(value: Any, path: str, secret_paths: frozenset[str]) -> Any:
    if path in secret_paths or value == SECRET:
        # The clear value was never recorded: a secret whose value is unknown.
        return {_SIG_KEY: _SECRET_SIG, "value": WIRE_UNKNOWN}
    if value == UNKNOWN:
        return WIRE_UNKNOWN
    if isinstance(value, dict):
        return {k: _wire(v, child_path(path, k), secret_paths) for k, v in value.items()}
    if isinstance(value, list):
        return [_wire(v, f"{path}[{i}]", secret_paths) for i, v in enumerate(value)]
    return value


def _holds_secret(key: str, secret_paths: frozenset[str]) -> bool:
    top = child_path("", key)
    return any(p == top or p.startswith((f"{top}.", f"{top}[")) for p in secret_paths)


def reference_state(stack: str, plan: Plan) -> struct_pb2.Struct:
    """The state the engine reads for a StackReference to `stack`, from its Plan's outputs."""
    secrets = frozenset(plan.output_secret_paths)
    state = struct_pb2.Struct()
    state.update(
        {
            "name": stack,
            "outputs": {k: _wire(v, child_path("", k), secrets) for k, v in plan.outputs.items()},
            # The engine lists an output whose value holds a secret anywhere inside it.
            "secretOutputNames": sorted(
                k for k, v in plan.outputs.items() if v == SECRET or _holds_secret(k, secrets)
            ),
        }
    )
    return state
