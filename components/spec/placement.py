"""Where gateways and routes go, and which route renders a host's DestinationRule (pure data)."""

from __future__ import annotations

from collections.abc import Sequence

from .models import PlatformSpec, RouteSpec


def placed_on(placed: Sequence[str] | None, cluster: str) -> bool:
    """Whether a gateway or route with `clusters: placed` (None: every cluster) goes to `cluster`."""
    return placed is None or cluster in placed


def clusters_of(spec: PlatformSpec, placed: Sequence[str] | None) -> list[str]:
    """The names of the clusters `placed` means, in spec order."""
    return [c.name for c in spec.clusters if placed_on(placed, c.name)]


def subset_key(route: RouteSpec) -> tuple[str, str]:
    """What one DestinationRule covers: the host, in the namespace of the routes' objects."""
    return route.namespace, route.service.host


def destination_rule_owners(spec: PlatformSpec, cluster: str) -> dict[tuple[str, str], int]:
    """(namespace, host) -> index of the route that renders its DestinationRule on `cluster`.

    Istio applies only one DestinationRule per host in a namespace, so of the routes to one
    host in one namespace that go to `cluster`, the first (in spec order) that defines subsets
    renders them, and the others render none: the spec rules make every route to that host
    that defines subsets define the same ones.
    """
    owners: dict[tuple[str, str], int] = {}
    for i, route in enumerate(spec.routes):
        if route.subsets and placed_on(route.clusters, cluster):
            owners.setdefault(subset_key(route), i)
    return owners
