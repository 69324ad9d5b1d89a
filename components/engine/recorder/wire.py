"""Wire values -> plan values: decode the protobuf structs a program sends the resource monitor.

Resource inputs and stack outputs reach the monitor as ``google.protobuf.Struct`` values in the
Pulumi wire format, where unknowns, secrets, assets, archives, resource references and output
values are marked with signatures fixed by the Pulumi engine. They are decoded into JSON-safe
data with the Plan's ``UNKNOWN`` / ``SECRET`` markers, collecting the path of every secret.
Decoding the raw struct (instead of using the SDK's deserialisation) keeps secrets where they
are: the SDK hoists secretness to the enclosing object, which would hide the path.
"""

from __future__ import annotations

from typing import Any

from google.protobuf import struct_pb2
from pulumi.runtime import rpc

from ..plan import SECRET, UNKNOWN, child_path

# Wire-protocol constants, fixed by the Pulumi engine (sdk/go/common/resource/properties.go).
WIRE_UNKNOWN = rpc.UNKNOWN
_SIG_KEY = "4dabf18193072939515e22adb298388d"
_SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270"
_ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17"
_ARCHIVE_SIG = "0def7320c3a5731c473e5ecbe6d01bc7"
_RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e"
_OUTPUT_VALUE_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4"


def decode_struct(struct: struct_pb2.Struct, prefix: str, secrets: list[str]) -> dict[str, Any]:
    """A struct's fields as plan values, appending the path of every secret to ``secrets``."""
    # Sorted keys: protobuf map order is not guaranteed, and plans must be byte-stable.
    return {
        key: _decode(struct.fields[key], child_path(prefix, key), secrets) for key in sorted(struct.fields)
    }


def _decode(value: struct_pb2.Value, path: str, secrets: list[str]) -> Any:
    """A protobuf value as JSON-safe data, with UNKNOWN / SECRET markers.

    Decoding the raw struct (instead of using the SDK's deserialisation) keeps secrets where
    they are: the SDK hoists secretness to the enclosing object, which would hide the path.
    """
    kind = value.WhichOneof("kind")
    if kind == "string_value":
        return UNKNOWN if value.string_value == WIRE_UNKNOWN else value.string_value
    if kind == "number_value":
        # The wire has only doubles: give integers back their type.
        number = value.number_value
        return int(number) if number.is_integer() else number
    if kind == "bool_value":
        return value.bool_value
    if kind == "list_value":
        return [_decode(item, f"{path}[{i}]", secrets) for i, item in enumerate(value.list_value.values)]
    if kind == "struct_value":
        return _decode_special(value.struct_value, path, secrets)
    return None


def _decode_special(struct: struct_pb2.Struct, path: str, secrets: list[str]) -> Any:
    fields = struct.fields
    sig = fields[_SIG_KEY].string_value if _SIG_KEY in fields else None
    if sig == _SECRET_SIG or (
        sig == _OUTPUT_VALUE_SIG and "secret" in fields and fields["secret"].bool_value
    ):
        secrets.append(path)
        return SECRET
    if sig == _OUTPUT_VALUE_SIG:
        return _decode(fields["value"], path, secrets) if "value" in fields else UNKNOWN
    if sig == _RESOURCE_SIG:
        return fields["urn"].string_value
    if sig in (_ASSET_SIG, _ARCHIVE_SIG):
        body = {k: _decode(v, child_path(path, k), secrets) for k, v in fields.items() if k != _SIG_KEY}
        return {"asset" if sig == _ASSET_SIG else "archive": body}
    return decode_struct(struct, path, secrets)
