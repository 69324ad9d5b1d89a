"""Parse and validate a platform spec: the single entry point from raw config."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from . import rules
from .errors import SpecError
from .messages import spec_error
from .models import PlatformSpec


def parse_platform(raw: Mapping[str, Any] | None) -> PlatformSpec:
    """Validate raw config (camelCase keys) into a PlatformSpec, or raise one SpecError."""
    if raw is None:
        raise SpecError([], "is missing: set the config key meshfleet:platform")
    if not isinstance(raw, Mapping):
        raise SpecError([], f"must be a mapping, got {type(raw).__name__}")
    try:
        spec = PlatformSpec.model_validate(raw)
    except ValidationError as exc:
        raise spec_error(exc, PlatformSpec) from None
    rules.check(spec)
    return spec


def validate_platform(spec: PlatformSpec) -> PlatformSpec:
    """Run the cross-field rules on a spec built in code (`PlatformSpec(...)` or
    `model_validate`), as `parse_platform` does on raw config; raise one SpecError carrying every
    broken rule (`SpecError.all`), or return the spec. `MeshPlatform` calls it too."""
    rules.check(spec)
    return spec
