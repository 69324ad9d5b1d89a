"""What every spec model builds on: the strict base model and the field types several sections share."""

from __future__ import annotations

import ipaddress
import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, model_validator
from pydantic.alias_generators import to_camel

from .errors import quoted

DNS_LABEL = re.compile(r"^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$")


def _dns_label(value: str) -> str:
    if not DNS_LABEL.fullmatch(value):
        raise ValueError(
            f"{quoted(value)} must be a DNS label (lowercase letters, digits and '-', "
            "starting with a letter, ending with a letter or digit, at most 63 characters)"
        )
    return value


def _cidr(value: str) -> str:
    try:
        ipaddress.IPv4Network(value, strict=True)
    except ValueError as exc:
        raise ValueError(f"{quoted(value)} is not an IPv4 CIDR block ({exc})") from None
    return value


RFC1123_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")


def _revision(value: str) -> str:
    # Istio revisions are label values and name objects (istiod-<revision>): RFC 1123 labels,
    # which may start with a digit (1-24-2), unlike the RFC 1035 labels of DnsLabel.
    if not RFC1123_LABEL.fullmatch(value):
        raise ValueError(
            f"{quoted(value)} must be a revision name (lowercase letters, digits and '-', "
            "starting and ending with a letter or digit, at most 63 characters)"
        )
    return value


DnsLabel = Annotated[str, AfterValidator(_dns_label)]
Revision = Annotated[str, AfterValidator(_revision)]
"""An Istio revision name, e.g. asm-managed-stable, 1-24-2 or asm-1-24."""
Cidr = Annotated[str, AfterValidator(_cidr)]


class SpecModel(BaseModel):
    """Base of every spec model: camelCase aliases, no unknown keys, no coercion, immutable."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="forbid",
        frozen=True,
        # Strict: `protect: "yes"` is no boolean, "3" no integer and 3 no string. Config reaches
        # the program as JSON (Config.get_object), which keeps YAML's integers integers.
        strict=True,
        # The docstrings under the fields document them in the source only: reading them into
        # descriptions (use_attribute_docstrings) tokenizes this module once per model, a fifth
        # of the time `meshfleet preview` takes to refuse a bad spec.
    )


class Bounds(SpecModel):
    """A min/max pair (autoscaler bounds); subclasses declare the fields with their defaults."""

    min: int
    max: int

    @model_validator(mode="after")
    def _min_not_above_max(self) -> Bounds:
        if self.min > self.max:
            raise ValueError(f"min ({self.min}) must not exceed max ({self.max})")
        return self
