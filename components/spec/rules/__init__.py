"""Rules that span fields of the platform spec, one module per concern. Each rule raises a
SpecError of its own; `check` runs them in the order a reader would fix them.

Paths are written with the YAML (camelCase) names, since that is what users edit.
"""

from __future__ import annotations

from ..models import PlatformSpec
from . import attached, azure, clouds, control_planes, gateways, gke, meshes, traffic
from .traffic import RESERVED_NAMESPACES

RULES = (
    traffic.unique_names,
    *clouds.RULES,
    *control_planes.RULES,
    *attached.RULES,
    *gke.RULES,
    *azure.RULES,
    *traffic.RULES,
    *gke.MCI_RULES,
    *gateways.RULES,
    *meshes.RULES,
)


def check(spec: PlatformSpec) -> None:
    """Run every cross-field rule; the first broken one raises."""
    for rule in RULES:
        rule(spec)


__all__ = ["RESERVED_NAMESPACES", "RULES", "check"]
