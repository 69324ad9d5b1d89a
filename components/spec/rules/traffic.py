"""Rules for gateways and routes: references, weights, placement, namespaces, Multi Cluster Ingress."""

from __future__ import annotations

from ..errors import SpecError, quoted
from ..models import PlatformSpec
from ..placement import placed_on, subset_key
from .common import duplicates

# Gateways are managed apart from the control plane (the best practice of Google's "Installing and upgrading
# gateways" guides), and
# system namespaces belong to the platform vendor: a gateway there breaks upgrades of both.
RESERVED_NAMESPACES = frozenset(
    {"istio-system", "kube-system", "gke-system", "aks-istio-system", "kube-public", "kube-node-lease"}
)


def unique_names(spec: PlatformSpec) -> None:
    duplicates(((["clusters", i, "name"], c.name) for i, c in enumerate(spec.clusters)), "cluster name")
    duplicates(((["gateways", i, "name"], g.name) for i, g in enumerate(spec.gateways)), "gateway name")
    duplicates(
        ((["routes", i, "name"], f"{r.namespace}/{r.name}") for i, r in enumerate(spec.routes)), "route"
    )


def _gateway_references(spec: PlatformSpec) -> None:
    gateways = {g.name for g in spec.gateways}
    for i, route in enumerate(spec.routes):
        if route.gateway is not None and route.gateway not in gateways:
            known = ", ".join(sorted(gateways)) or "none defined"
            raise SpecError(
                ["routes", i, "gateway"], f"{quoted(route.gateway)} is not a gateway in gateways ({known})"
            )


def _routes(spec: PlatformSpec) -> None:
    for i, route in enumerate(spec.routes):
        for subset in route.weights:
            if subset not in route.subsets:
                raise SpecError(
                    ["routes", i, "weights", subset],
                    f"subset {quoted(subset)} is not defined in routes[{i}].subsets",
                )
        for subset, weight in route.weights.items():
            if weight < 0:
                raise SpecError(
                    ["routes", i, "weights", subset], f"weight {quoted(weight)} must not be negative"
                )
        if route.weights:
            total = sum(route.weights.values())
            if total != 100:
                raise SpecError(
                    ["routes", i, "weights"], f"weights add up to {quoted(total)}, must add up to 100"
                )


def _placement(spec: PlatformSpec) -> None:
    clusters = [c.name for c in spec.clusters]
    known = ", ".join(clusters)
    placed: list[tuple[str, int, list[str] | None]] = [
        *(("gateways", i, g.clusters) for i, g in enumerate(spec.gateways)),
        *(("routes", i, r.clusters) for i, r in enumerate(spec.routes)),
    ]
    for kind, i, names in placed:
        for j, name in enumerate(names or []):
            if name not in clusters:
                raise SpecError(
                    [kind, i, "clusters", j], f"{quoted(name)} is not a cluster in clusters ({known})"
                )
        duplicates((([kind, i, "clusters", j], n) for j, n in enumerate(names or [])), "cluster")
    gateways = {g.name: g for g in spec.gateways}
    for i, route in enumerate(spec.routes):
        if route.gateway is None:
            continue
        gateway = gateways[route.gateway]
        if route.clusters is None:
            missing = [c for c in clusters if not placed_on(gateway.clusters, c)]
            if missing:
                raise SpecError(
                    ["routes", i, "gateway"],
                    f"{quoted(route.gateway)} runs on {', '.join(gateway.clusters or [])} only, but the"
                    f" route goes to every cluster (set routes[{i}].clusters)",
                )
            continue
        for j, name in enumerate(route.clusters):
            if not placed_on(gateway.clusters, name):
                raise SpecError(
                    ["routes", i, "clusters", j],
                    f"{quoted(name)} has no gateway {quoted(route.gateway)} (it runs on"
                    f" {', '.join(gateway.clusters or [])}); a route goes only where its gateway runs",
                )


def _mesh_routes(spec: PlatformSpec) -> None:
    # A mesh route is the service host's own VirtualService: no Gateway, so no server hosts
    # and no TLS server to configure.
    for i, route in enumerate(spec.routes):
        if route.gateway is not None:
            continue
        if route.tls is not None:
            raise SpecError(
                ["routes", i, "tls"],
                "a mesh route (no gateway) has no server to terminate TLS; set gateway for an edge route",
            )
        if "hosts" in route.model_fields_set:
            raise SpecError(
                ["routes", i, "hosts"],
                "a mesh route (no gateway) routes requests for its service host; hosts are for edge routes",
            )


def _destination_rules(spec: PlatformSpec) -> None:
    # Istio applies only one DestinationRule per host in a namespace (the oldest), so two
    # routes to one host with different subsets would silently lose one set of them.
    first: dict[tuple[str, str], int] = {}
    for i, route in enumerate(spec.routes):
        if not route.subsets:
            continue
        key = subset_key(route)
        if key not in first:
            first[key] = i
            continue
        other = spec.routes[first[key]]
        if route.subsets != other.subsets:
            raise SpecError(
                ["routes", i, "subsets"],
                f"host {quoted(route.service.host)} in namespace {route.namespace} already has other"
                f" subsets in routes[{first[key]}].subsets; Istio applies one DestinationRule per"
                " host, so routes to one host define the same subsets",
            )


def _namespaces(spec: PlatformSpec) -> None:
    for i, gateway in enumerate(spec.gateways):
        if gateway.namespace in RESERVED_NAMESPACES:
            raise SpecError(
                ["gateways", i, "namespace"],
                f"{gateway.namespace} is a control-plane or system namespace;"
                " gateways run in a namespace of their own",
            )
        if gateway.namespace == "default":
            raise SpecError(
                ["gateways", i, "namespace"],
                "default is shared by every workload; gateways run in a namespace of their own",
            )
    for i, route in enumerate(spec.routes):
        # The platform creates a route's namespace; these belong to the mesh or the cluster.
        if route.namespace in RESERVED_NAMESPACES:
            raise SpecError(
                ["routes", i, "namespace"],
                f"{route.namespace} is a control-plane or system namespace;"
                " routes live in their application's namespace",
            )


GATEWAY_RULES = (_namespaces,)
"""The rules that concern one gateway alone: `IstioGateway` runs them when built directly."""
ROUTE_RULES = (_routes, _mesh_routes, _namespaces)
"""The rules that concern one route alone: `Route` runs them when built directly."""

RULES = (
    _gateway_references,
    _routes,
    _placement,
    _mesh_routes,
    _destination_rules,
    _namespaces,
)
"""Gateway and route rules, in the order a reader would fix them."""
