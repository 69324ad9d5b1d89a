"""The package's args into the validated spec: the same pydantic models, rules and one-line errors
as `meshfleet preview`, whichever Pulumi language sent them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

import pulumi
from pydantic import BaseModel, ValidationError

from components.spec import PlatformSpec, SpecError, parse_platform
from components.spec.errors import ROOT, one_line
from components.spec.messages import spec_error

from .args import MeshPlatformArgs

M = TypeVar("M", bound=BaseModel)

PLAIN = (
    "must be a plain value, known at preview: it decides which resources exist "
    "(not a secret, nor the output of another resource)"
)


class ArgsError(ValueError):
    """Bad input through the package: `str()` is one line, '<path>: <rule>'; `property` is the
    input's path as Pulumi reports it ('clusters[0].masterCidr')."""

    def __init__(self, property_path: str, message: str) -> None:
        self.property = property_path
        super().__init__(one_line(message))


def camel(name: str) -> str:
    """A Python arg name as the schema spells it (the host's own rule: snake_case to camelCase)."""
    first, *rest = name.split("_")
    return first + "".join(part[:1].upper() + part[1:] for part in rest)


def plain(value: Any, path: str) -> Any:
    """A JSON value as the spec reads it. The wire carries every number as a double, so an integral
    one becomes an int (the spec's integers are strict); anything unknown or secret is refused."""
    if isinstance(value, pulumi.Output | pulumi.output.Unknown):
        raise ArgsError(path, f"{ROOT}.{path}: {PLAIN}" if path else PLAIN)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, Mapping):
        # The wire keeps no key order (a protobuf Struct is a map, and the Python SDK's is
        # iterated in hash order): sorted keys make one spec one plan, whatever the order sent.
        return {k: plain(value[k], f"{path}.{k}" if path else str(k)) for k in sorted(value)}
    if isinstance(value, list | tuple):
        return [plain(v, f"{path}[{i}]") for i, v in enumerate(value)]
    return value


def _property_path(err: SpecError) -> str:
    return err.path.removeprefix(ROOT).removeprefix(".")


def platform_spec(args: MeshPlatformArgs | Mapping[str, Any]) -> PlatformSpec:
    """The MeshPlatform args (Python names, as the host maps them) as a validated PlatformSpec."""
    raw = {camel(key): plain(value, camel(key)) for key, value in args.items()}
    try:
        return parse_platform(raw)
    except SpecError as err:
        raise ArgsError(_property_path(err), str(err)) from None


def section(model: type[M], value: Any, arg: str) -> M:
    """One section of a spec (a cluster, a gateway, a route) for a building block, validated by its
    spec model; errors name the arg ('cluster.masterCidr: ...')."""
    raw = plain(value, arg)
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        err = spec_error(exc, model)
    path = arg + err.path.removeprefix(ROOT)
    raise ArgsError(path, f"{path}: {err.rule}")
