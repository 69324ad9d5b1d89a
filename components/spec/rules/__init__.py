"""Rules that span fields of the platform spec, one module per concern. Each rule raises a
SpecError of its own; `check` runs them in the order a reader would fix them.

Paths are written with the YAML (camelCase) names, since that is what users edit.
"""

from __future__ import annotations

from ..errors import SpecError, collected
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
    """Run every cross-field rule and raise one SpecError carrying each broken one (`.all`).

    A rule may assume that the rules before it hold (a reference resolves before placement is
    checked); once one has failed, a later rule that trips over that (any other exception)
    ends the check with the mistakes found so far, which are the ones to fix first.
    """
    found: list[SpecError] = []
    for rule in RULES:
        try:
            rule(spec)
        except SpecError as exc:
            found.extend(exc.all)
        except Exception:
            if not found:
                raise
            break
    if found:
        raise collected(found)


__all__ = ["RESERVED_NAMESPACES", "RULES", "check"]
