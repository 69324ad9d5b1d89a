"""VirtualService routes that add up and point at subsets that exist (seed 004's canary split)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pulumi_policy import (
    EnforcementLevel,
    ReportViolation,
    StackValidationArgs,
    StackValidationPolicy,
)

from .kinds import cluster_of, is_destination_rule, is_virtual_service, namespace_of, object_name
from .values import UNKNOWN, elements, get, text

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
    """A DestinationRule on the cluster has an unknown host or subsets: a missing subset may be there."""

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
        host = text(get(rule.props, "spec", "host"))
        listed = elements(rule.props, "spec", "subsets")
        if namespace is UNKNOWN or host is None or listed is UNKNOWN:
            subsets.undecidable = True
            continue
        names = {text(get(s, "name")) for s in listed}
        if None in names:
            subsets.undecidable = True
        subsets.by_host.setdefault(fqdn(host, namespace), set()).update(n for n in names if n)
    return clusters


def _weights_text(destinations: list[Any]) -> str:
    parts = []
    for destination in destinations:
        target = text(get(destination, "destination", "host")) or "?"
        subset = text(get(destination, "destination", "subset"))
        weight = text(get(destination, "weight")) or "unset"
        parts.append(f"{target}{'/' + subset if subset else ''}: {weight}")
    return ", ".join(parts)


def _validate_routes(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    subsets_by_cluster = _subsets_by_cluster(args)
    for service in args.resources:
        if not is_virtual_service(service.resource_type):
            continue
        namespace = namespace_of(service.props, service.provider)
        if namespace is UNKNOWN:
            continue
        name = f"VirtualService {namespace}/{object_name(service.props, service.name)}"
        subsets = subsets_by_cluster.get(cluster_of(service.provider), _Subsets())
        for kind in ROUTE_KINDS:
            routes = elements(service.props, "spec", kind)
            if routes is UNKNOWN:
                continue
            for index, route in enumerate(routes):
                where = f"{name} {kind}[{index}]"
                destinations = elements(route, "route")
                if destinations is UNKNOWN or any(d is UNKNOWN for d in destinations):
                    continue
                _check_weights(where, destinations, service.urn, report_violation)
                mirror = get(route, "mirror")
                targets = [get(d, "destination") for d in destinations] + ([mirror] if mirror else [])
                for target in targets:
                    _check_subset(where, target, namespace, subsets, service.urn, report_violation)


def _check_weights(where: str, destinations: list[Any], urn: str, report_violation: ReportViolation) -> None:
    weights = [get(d, "weight") for d in destinations]
    if any(w is UNKNOWN or (w is not None and not isinstance(w, int | float)) for w in weights):
        return
    if len(destinations) == 1:
        if weights[0] not in (None, 100):
            report_violation(
                f"{where} sends {text(weights[0])}% to its only destination; omit the weight or make it 100.",
                urn,
            )
        return
    total = sum(w or 0 for w in weights)
    if len(destinations) > 1 and total != 100:
        report_violation(
            f"{where} weights add up to {text(total)}, not 100 ({_weights_text(destinations)}).",
            urn,
        )


def _check_subset(
    where: str, target: Any, namespace: str, subsets: _Subsets, urn: str, report_violation: ReportViolation
) -> None:
    subset = get(target, "subset")
    host = get(target, "host")
    if subset is None:
        return
    if subset is UNKNOWN or host is UNKNOWN or text(host) is None:
        return
    resolved = fqdn(text(host) or "", namespace)
    defined = subsets.defined(resolved)
    if text(subset) in defined or subsets.undecidable:
        return
    known = f" (defined there: {', '.join(sorted(defined))})" if defined else ""
    report_violation(
        f"{where} routes to subset {text(subset)} of {resolved}, but no DestinationRule for that host "
        f"on the same cluster defines it{known}; requests to it would fail with 503.",
        urn,
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
