"""The platform's rules for one cluster, gateway or route, for components built on their own.

A library that builds `PrivateGkeCluster`, `IstioGateway` or `Route` directly never passes
through `parse_platform`, whose cross-field rules would refuse a /24 control-plane range or an
`e2-small` pool. These functions run the same rules on the one item (the rules that need the
rest of a platform, such as references and placement, cannot apply) and raise the same
one-line SpecError, its path rooted at the component's args (`PrivateGkeClusterArgs.cluster.
masterCidr: 192.168.0.0/24 must be a /28 (GKE control plane range)`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ..azure import AksClusterSpec
from ..errors import SpecError, collected
from ..models import GatewaySpec, GkeClusterSpec, PlatformSpec, RouteSpec
from . import azure, gke, traffic

Rule = Callable[[PlatformSpec], None]


def _run(rules: Sequence[Rule], key: str, item: Any, root: str) -> None:
    # The rules read a platform; this one holds the item alone. It is not validated again:
    # the item is (pydantic did when it was built), and a platform needs more than one item.
    fields: dict[str, Any] = {key: [item]}
    alone = PlatformSpec.model_construct(None, **fields)
    found: list[SpecError] = []
    for rule in rules:
        try:
            rule(alone)
        except SpecError as exc:
            # ("clusters", 0, "masterCidr") -> masterCidr under the component's root.
            found.extend(SpecError(error.loc[2:], error.rule, root) for error in exc.all)
    if found:
        raise collected(found)


def check_gke_cluster(cluster: GkeClusterSpec, root: str = "cluster") -> None:
    """Refuse a GKE cluster spec that breaks a rule of its own (master range, zones, capacity)."""
    _run(gke.CLUSTER_RULES, "clusters", cluster, root)


def check_aks_cluster(cluster: AksClusterSpec, root: str = "cluster") -> None:
    """Refuse an AKS cluster spec that breaks a rule of its own (API server access, revisions, VM sizes)."""
    _run(azure.CLUSTER_RULES, "clusters", cluster, root)


def check_gateway(gateway: GatewaySpec, root: str = "gateway") -> None:
    """Refuse a gateway spec that breaks a rule of its own (a control-plane or system namespace)."""
    _run(traffic.GATEWAY_RULES, "gateways", gateway, root)


def check_route(route: RouteSpec, root: str = "route") -> None:
    """Refuse a route spec that breaks a rule of its own (weights, subsets, mesh route fields, namespace)."""
    _run(traffic.ROUTE_RULES, "routes", route, root)
