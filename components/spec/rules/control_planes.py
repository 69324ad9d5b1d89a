"""Rules on control planes: what each cluster's control plane needs from the spec."""

from __future__ import annotations

from ..errors import SpecError
from ..models import PlatformSpec


def _istiod_declared(spec: PlatformSpec) -> None:
    # The in-cluster control plane is installed from pinned charts: without a revision and
    # version there is nothing to install, and namespaces would name no revision.
    for i, cluster in enumerate(spec.clusters):
        if spec.control_plane(cluster) == "in-cluster" and spec.mesh.istiod is None:
            raise SpecError(
                ["mesh", "istiod"],
                f"is required: clusters[{i}] ({cluster.name}) runs the in-cluster control plane",
            )


RULES = (_istiod_declared,)
"""Control-plane rules, in the order a reader would fix them."""
