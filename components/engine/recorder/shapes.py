"""Planned outputs in the shape the resource's outputs have, not the shape of its inputs.

A preview answers a create with the resource's inputs as its planned outputs (``monitor``). Most
providers' outputs have the inputs' shape, but not all: azure-native takes a ManagedCluster's
`identity.userAssignedIdentities` as a list of ids and answers a map keyed by id. The SDK turns
outputs into the output types the resource class declares, and fails on a list where it expects
a map. A real provider answers in its own shape (in a preview, with what it cannot know unknown);
an echo cannot know that shape, so wherever an echoed value does not fit the declared output
type, the planned output is unknown there. Nothing is invented, and values that fit are kept.
"""

from __future__ import annotations

import collections.abc
import typing
from typing import Any

from google.protobuf import struct_pb2
from pulumi import _types  # pyright: ignore[reportPrivateUsage]
from pulumi.runtime import rpc

_SIG_KEY = "4dabf18193072939515e22adb298388d"
_SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270"
_OUTPUT_VALUE_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4"

_LISTS = (list, typing.List, typing.Sequence, collections.abc.Sequence)  # noqa: UP006
_MAPS = (dict, typing.Dict, typing.Mapping, collections.abc.Mapping)  # noqa: UP006


def _unknown() -> struct_pb2.Value:
    return struct_pb2.Value(string_value=rpc.UNKNOWN)


def _kind_of(typ: Any) -> str | None:
    """ "list", "map", "object" (an output type) or "scalar"; None when anything goes."""
    if typ is None or typ is Any:
        return None
    if _types.is_output_type(typ):
        return "object"
    origin = typing.get_origin(typ) or typ
    if origin in _LISTS:
        return "list"
    if origin in _MAPS:
        return "map"
    if origin is typing.Union:
        return None  # a union the SDK reduces itself (discriminated) or any of its members
    return "scalar"


def shape_value(value: struct_pb2.Value, typ: Any) -> struct_pb2.Value:
    """`value` where it fits `typ`, the wire unknown where it does not."""
    typ = _types.unwrap_optional_type(typ) if typ is not None else None
    kind = _kind_of(typ)
    which = value.WhichOneof("kind")
    if which == "struct_value":
        fields = value.struct_value.fields
        if _SIG_KEY in fields:
            sig = fields[_SIG_KEY].string_value
            if sig in (_SECRET_SIG, _OUTPUT_VALUE_SIG) and "value" in fields:
                wrapped = struct_pb2.Struct()
                wrapped.CopyFrom(value.struct_value)
                wrapped.fields["value"].CopyFrom(shape_value(fields["value"], typ))
                return struct_pb2.Value(struct_value=wrapped)
            return value  # assets, archives, resource references: the SDK's own
        if kind == "object":
            types = _types.output_type_types(typ)
            return _struct_value({k: shape_value(v, types.get(k)) for k, v in fields.items()})
        if kind == "map":
            args = typing.get_args(typ)
            element = args[1] if len(args) == 2 else None
            return _struct_value({k: shape_value(v, element) for k, v in fields.items()})
        return value if kind is None else _unknown()
    if which == "list_value":
        if kind == "list":
            args = typing.get_args(typ)
            element = args[0] if len(args) == 1 else None
            items = struct_pb2.ListValue()
            for item in value.list_value.values:
                items.values.add().CopyFrom(shape_value(item, element))
            return struct_pb2.Value(list_value=items)
        return value if kind is None else _unknown()
    return value


def _struct_value(fields: dict[str, struct_pb2.Value]) -> struct_pb2.Value:
    struct = struct_pb2.Struct()
    for key, item in fields.items():
        struct.fields[key].CopyFrom(item)
    return struct_pb2.Value(struct_value=struct)


def shape_outputs(struct: struct_pb2.Struct, resource_class: type | None) -> struct_pb2.Struct:
    """Echoed inputs as planned outputs of `resource_class` (unchanged when it declares none)."""
    if resource_class is None:
        return struct
    types = _types.resource_types(resource_class)
    shaped = struct_pb2.Struct()
    for key, value in struct.fields.items():
        shaped.fields[key].CopyFrom(shape_value(value, types.get(key)))
    return shaped
