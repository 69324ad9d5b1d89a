"""Upper bounds of the spec's numbers, each the receiving API's limit (or ours, said so).

Without them a 400-digit number reached the program (and crashed it converting to a float) and
`max: 1e20` was accepted; with them a number is either one the cloud accepts or one error line.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from annotated_types import Ge
from pydantic import AfterValidator

from .errors import quoted

MAX_NODES_PER_ZONE = 1000
"""GKE quota: at most 1000 nodes per zone in a node pool (autoscaling bounds count per zone)."""
BOOT_DISK_GB = (10, 65536)
"""GKE node boot disks: 10 GB to 64 TB."""
MAX_REPLICAS = 1000
"""Ours: an ingress gateway of more than 1000 Pods per cluster is a typo, not a plan."""


def _at_most(limit: int, why: str) -> Callable[[int], int]:
    def check(value: int) -> int:
        if value > limit:
            raise ValueError(f"{quoted(value)} must be at most {limit} ({why})")
        return value

    return check


NodeCount = Annotated[int, AfterValidator(_at_most(MAX_NODES_PER_ZONE, "GKE's limit of nodes per zone"))]
BootDiskGb = Annotated[int, AfterValidator(_at_most(BOOT_DISK_GB[1], "GKE's largest boot disk"))]
Replicas = Annotated[int, AfterValidator(_at_most(MAX_REPLICAS, "meshfleet's limit of gateway replicas"))]
CanaryReplicas = Annotated[
    int, Ge(1), AfterValidator(_at_most(MAX_REPLICAS, "meshfleet's limit of gateway replicas"))
]
"""A canary Deployment's Pods: at least one (a canary of none takes no traffic), at most as a gateway's."""
