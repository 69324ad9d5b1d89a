"""Rules on which clouds a spec uses: each cloud's section is there when a cluster needs it."""

from __future__ import annotations

from ..errors import SpecError
from ..models import PlatformSpec

SECTIONS = {"gcp": "gcp", "azure": "azure"}
"""Cloud -> the top-level section its clusters need (attached clusters need none)."""


def _sections(spec: PlatformSpec) -> None:
    for i, cluster in enumerate(spec.clusters):
        section = SECTIONS.get(cluster.cloud)
        if section is not None and getattr(spec, section) is None:
            raise SpecError(
                [section], f"is required by clusters[{i}] ({cluster.name}, cloud: {cluster.cloud})"
            )
    for section in sorted(set(SECTIONS.values())):
        if getattr(spec, section) is not None and not any(
            SECTIONS.get(c.cloud) == section for c in spec.clusters
        ):
            raise SpecError([section], f"is set, but no cluster has cloud: {section}")


RULES = (_sections,)
"""Cloud-section rules, run before any cloud's own rules read its section."""
