"""Rules for attached clusters (`cloud: attached`): what the mesh needs of nodes meshfleet does not create."""

from __future__ import annotations

from ..attached import AttachedClusterSpec
from ..errors import SpecError
from ..models import PlatformSpec

# Google's "Installing Anthos Service Mesh on GKE on VMware" (Anthos Service Mesh on GKE on VMware),
# requirements of a mesh cluster: at least
# 4 vCPU and 15 GB of memory per node, and at least 4 nodes.
MIN_ATTACHED_NODE_VCPUS = 4
MIN_ATTACHED_NODE_MEMORY_GB = 15
MIN_ATTACHED_NODES = 4
_GUIDE = '(Google\'s "Installing Anthos Service Mesh on GKE on VMware")'


def _attached_nodes(spec: PlatformSpec) -> None:
    for i, cluster in enumerate(spec.clusters):
        if not isinstance(cluster, AttachedClusterSpec):
            continue
        nodes = cluster.nodes
        loc: list[str | int] = ["clusters", i, "nodes"]
        if nodes.vcpus < MIN_ATTACHED_NODE_VCPUS:
            raise SpecError(
                [*loc, "vcpus"],
                f"{nodes.vcpus} vCPU per node; mesh nodes need at least {MIN_ATTACHED_NODE_VCPUS} {_GUIDE}",
            )
        if nodes.memory_gb < MIN_ATTACHED_NODE_MEMORY_GB:
            raise SpecError(
                [*loc, "memoryGb"],
                f"{nodes.memory_gb} GB per node; mesh nodes need at least"
                f" {MIN_ATTACHED_NODE_MEMORY_GB} GB {_GUIDE}",
            )
        if nodes.count < MIN_ATTACHED_NODES:
            raise SpecError(
                [*loc, "count"],
                f"{nodes.count} node(s); a mesh cluster needs at least {MIN_ATTACHED_NODES} {_GUIDE}",
            )


RULES = (_attached_nodes,)
"""Attached clusters' rules."""
