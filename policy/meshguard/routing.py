"""VirtualService routes that add up and point at subsets that exist (the canary split of Google's "Set up
a multi-cluster mesh on managed Cloud Service Mesh")."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pulumi_policy import (
    EnforcementLevel,
    PolicyResource,
    ReportViolation,
    StackValidationArgs,
    StackValidationPolicy,
)

from .kinds import cluster_of, is_destination_rule, is_virtual_service, namespace_of, object_name
from .values import UNKNOWN, Unknowns, elements, get, text

CLUSTER_DOMAIN = "svc.cluster.local"
ROUTE_KINDS = ("http", "tcp", "tls")


def fqdn(host: str, namespace: str) -> str:
    """A host as Istio resolves it in an object of ``namespace``: a name without dots (or ``*``)
    is short for a Service of that namespace; anything else is taken as written."""
    if "." in host:
        return host
    return f"{host}.{namespace}.{CLUSTER_DOMAIN}"


def _host_matches(pattern: str, host: str) -> bool:
    return host.endswith(pattern[1:]) if pattern.startswith("*") else host == pattern


@dataclass
class _Subsets:
    """Subsets the DestinationRules of one cluster define, per host pattern."""

    by_host: dict[str, set[str]] = field(default_factory=dict)
    undecidable: bool = False
    """A DestinationRule on the cluster has no host or nameless subsets: a missing subset may be there."""
    unknown: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    """(resource, path) of the values that make them undecidable because they are unknown."""

    def defined(self, host: str) -> set[str]:
        found: set[str] = set()
        for pattern, names in self.by_host.items():
            if _host_matches(pattern, host):
                found |= names
        return found


def _subsets_by_cluster(args: StackValidationArgs) -> dict[str | None, _Subsets]:
    clusters: dict[str | None, _Subsets] = {}
    for rule in args.resources:
        if not is_destination_rule(rule.resource_type):
            continue
        subsets = clusters.setdefault(cluster_of(rule.provider), _Subsets())
        namespace = namespace_of(rule.props, rule.provider)
        host = get(rule.props, "spec", "host")
        listed = elements(rule.props, "spec", "subsets")
        deciding = {("metadata", "namespace"): namespace, ("spec", "host"): host, ("spec", "subsets"): listed}
        unknown = [path for path, value in deciding.items() if value is UNKNOWN]
        subsets.unknown += [(rule.name, path) for path in unknown]
        if unknown or text(host) is None:
            subsets.undecidable = True
            continue
        names = {text(get(s, "name")) for s in listed}
        if None in names:
            subsets.undecidable = True
            subsets.unknown += [
                (rule.name, ("spec", "subsets", str(i), "name"))
                for i, s in enumerate(listed)
                if get(s, "name") is UNKNOWN
            ]
        subsets.by_host.setdefault(fqdn(text(host) or "", namespace), set()).update(n for n in names if n)
    return clusters


def _weights_text(destinations: list[Any]) -> str:
    parts = []
    for destination in destinations:
        target = text(get(destination, "destination", "host")) or "?"
        subset = text(get(destination, "destination", "subset"))
        weight = text(get(destination, "weight")) or "unset"
        parts.append(f"{target}{'/' + subset if subset else ''}: {weight}")
    return ", ".join(parts)


@dataclass
class _Route:
    """One route of a VirtualService, and what its checks report to."""

    where: str
    """How messages name it: ``VirtualService ns/name http[0]``."""
    service: PolicyResource
    path: tuple[str, ...]
    """Where it is in the VirtualService's properties."""
    unknowns: Unknowns
    report_violation: ReportViolation

    def unknown(self, *path: str | int) -> None:
        self.unknowns.note(self.service.name, *self.path, *map(str, path))

    def violation(self, message: str) -> None:
        self.report_violation(f"{self.where} {message}", self.service.urn)


def _validate_routes(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    subsets_by_cluster = _subsets_by_cluster(args)
    unknowns = Unknowns()
    for service in args.resources:
        if not is_virtual_service(service.resource_type):
            continue
        namespace = namespace_of(service.props, service.provider)
        if namespace is UNKNOWN:
            unknowns.note(service.name, "metadata", "namespace")
            continue
        name = f"VirtualService {namespace}/{object_name(service.props, service.name)}"
        subsets = subsets_by_cluster.get(cluster_of(service.provider), _Subsets())
        for kind in ROUTE_KINDS:
            routes = elements(service.props, "spec", kind)
            if routes is UNKNOWN:
                unknowns.note(service.name, "spec", kind)
                continue
            for index, route in enumerate(routes):
                checked = _Route(
                    f"{name} {kind}[{index}]", service, ("spec", kind, str(index)), unknowns, report_violation
                )
                _check_route(checked, route, namespace, subsets)
    unknowns.raise_if_any()


def _check_route(route: _Route, spec: Any, namespace: str, subsets: _Subsets) -> None:
    destinations = elements(spec, "route")
    if destinations is UNKNOWN or any(d is UNKNOWN for d in destinations):
        route.unknown("route")
        return
    _check_weights(route, destinations)
    mirror = get(spec, "mirror")
    targets = [get(d, "destination") for d in destinations] + ([] if mirror is None else [mirror])
    for target in targets:
        _check_subset(route, target, namespace, subsets)


def _check_weights(route: _Route, destinations: list[Any]) -> None:
    weights = [get(d, "weight") for d in destinations]
    for index, weight in enumerate(weights):
        if weight is UNKNOWN:
            route.unknown("route", index, "weight")
    if any(w is UNKNOWN or (w is not None and not isinstance(w, int | float)) for w in weights):
        return
    if len(destinations) == 1:
        if weights[0] not in (None, 100):
            route.violation(
                f"sends {text(weights[0])}% to its only destination; omit the weight or make it 100."
            )
        return
    total = sum(w or 0 for w in weights)
    if total != 100:
        route.violation(f"weights add up to {text(total)}, not 100 ({_weights_text(destinations)}).")


def _check_subset(route: _Route, target: Any, namespace: str, subsets: _Subsets) -> None:
    subset = get(target, "subset")
    host = get(target, "host")
    if subset is None:
        return
    if subset is UNKNOWN or host is UNKNOWN:
        route.unknown("destination")
        return
    if text(host) is None:
        return
    resolved = fqdn(text(host) or "", namespace)
    defined = subsets.defined(resolved)
    if text(subset) in defined:
        return
    if subsets.undecidable:
        for rule, path in subsets.unknown:
            route.unknowns.note(rule, *path)
        return
    known = f" (defined there: {', '.join(sorted(defined))})" if defined else ""
    route.violation(
        f"routes to subset {text(subset)} of {resolved}, but no DestinationRule for that host "
        f"on the same cluster defines it{known}; requests to it would fail with 503."
    )


route_integrity = StackValidationPolicy(
    name="route-integrity",
    description=(
        "The weights of each VirtualService route add up to 100, and every subset it names exists "
        "in a DestinationRule for that host on the same cluster."
    ),
    validate=_validate_routes,
    enforcement_level=EnforcementLevel.MANDATORY,
)

POLICIES = [route_integrity]
