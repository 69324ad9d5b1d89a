"""Multi Cluster Ingress in front of Istio gateways (Google's "Setting up Multi Cluster Ingress").

GKE's Multi Cluster Ingress programs a global load balancer from a MultiClusterIngress and the
MultiClusterServices it names, read from the fleet's config cluster only. Two mistakes it makes
easy: an Istio gateway behind it without a BackendConfig that probes the proxy's status port
(the load balancer then probes the serving port, which answers 404 without a matching route,
and marks every gateway unhealthy: Google's "Set up a multi-cluster mesh on managed Cloud Service Mesh"
adds the BackendConfig for this), and the objects
applied to every cluster, where all but the config cluster's are ignored (and become live,
possibly stale, the day the config membership moves).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from pulumi_policy import (
    EnforcementLevel,
    PolicyResource,
    ReportViolation,
    StackValidationArgs,
    StackValidationPolicy,
)

from .kinds import (
    cluster_of,
    is_gateway_label,
    is_gateway_workload,
    k8s_kind,
    namespace_of,
    object_name,
    pod_labels,
)
from .values import UNKNOWN, Unknowns, elements, get, mapping, text

MCI_GROUP = "networking.gke.io"
BACKEND_CONFIG_GROUPS = ("cloud.google.com",)
BACKEND_CONFIG_ANNOTATIONS = ("cloud.google.com/backend-config", "beta.cloud.google.com/backend-config")
"""The annotation naming a Service's BackendConfig, and its older beta name."""

STATUS_PORT = 15021
READY_PATH = "/healthz/ready"


def _is(resource: PolicyResource, groups: tuple[str, ...], kind: str) -> bool:
    found = k8s_kind(resource.resource_type)
    return found is not None and found.group in groups and found.kind == kind


def _is_mci_object(resource: PolicyResource) -> bool:
    return _is(resource, (MCI_GROUP,), "MultiClusterIngress") or _is(
        resource, (MCI_GROUP,), "MultiClusterService"
    )


def _provider_label(provider: Any) -> str:
    return "the default provider" if provider is None else f"provider {provider.name}"


def _where(resource: PolicyResource) -> str:
    namespace = namespace_of(resource.props, resource.provider)
    return (
        f"{'<unknown>' if namespace is UNKNOWN else namespace}/{object_name(resource.props, resource.name)}"
    )


def _has_unknown(values: dict[str, Any]) -> bool:
    return any(v is UNKNOWN for v in values.values())


def _gateway_pod_labels(resources: Iterable[PolicyResource]) -> dict[str | None, list[dict[str, Any]]]:
    found: dict[str | None, list[dict[str, Any]]] = {}
    for resource in resources:
        if is_gateway_workload(resource.resource_type, resource.props):
            labels = pod_labels(resource.props)
            if labels is not UNKNOWN and not _has_unknown(labels):
                found.setdefault(cluster_of(resource.provider), []).append(labels)
    return found


def _fronts_gateway(
    mcs: PolicyResource, gateways: dict[str | None, list[dict[str, Any]]], unknowns: Unknowns
) -> bool | None:
    """Whether a MultiClusterService fronts an Istio gateway; None if that is unknown."""
    selector = mapping(mcs.props, "spec", "template", "spec", "selector")
    ports = elements(mcs.props, "spec", "template", "spec", "ports")
    if selector is UNKNOWN or ports is UNKNOWN:
        unknowns.note(mcs.name, "spec", "template", "spec")
        return None
    if any(get(port, "port") is UNKNOWN for port in ports) or _has_unknown(selector):
        unknowns.note(mcs.name, "spec", "template", "spec")
        return None
    if any(text(get(port, "port")) == str(STATUS_PORT) for port in ports):
        return True
    if is_gateway_label(selector.get("istio")):
        return True
    candidates = gateways.get(cluster_of(mcs.provider), [])
    return bool(selector) and any(
        all(key in labels and text(labels[key]) == text(value) for key, value in selector.items())
        for labels in candidates
    )


def _backend_config_names(annotations: dict[str, Any]) -> list[str] | None:
    """BackendConfig names of the annotation ({"default": n} and/or {"ports": {port: n}}), or
    None when there is none or it is not that JSON."""
    for key in BACKEND_CONFIG_ANNOTATIONS:
        raw = text(annotations.get(key))
        if raw is None:
            continue
        try:
            value = json.loads(raw)
        except ValueError:
            return None
        if not isinstance(value, dict):
            return None
        names = [value["default"]] if isinstance(value.get("default"), str) else []
        ports = value.get("ports")
        if isinstance(ports, dict):
            names += [n for n in ports.values() if isinstance(n, str)]
        return names or None
    return None


def _health_check_problem(backend_config: PolicyResource) -> str | None:
    check = mapping(backend_config.props, "spec", "healthCheck")
    if check is UNKNOWN:
        raise _Unknown
    port, path, kind = check.get("port"), check.get("requestPath"), check.get("type")
    if any(v is UNKNOWN for v in (port, path, kind)):
        raise _Unknown
    if text(port) == str(STATUS_PORT) and text(path) == READY_PATH and (kind is None or text(kind) == "HTTP"):
        return None
    shown = (
        f"type {text(kind) or '<default>'}, port {text(port) or '<serving port>'}, path {text(path) or '/'}"
    )
    return f"its health check is {shown}"


class _Unknown(Exception):
    """A BackendConfig's health check is unknown during the preview."""


def _validate_health_check(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    unknowns = Unknowns()
    gateways = _gateway_pod_labels(args.resources)
    backend_configs: dict[tuple[str | None, Any, str], PolicyResource] = {}
    for resource in args.resources:
        if _is(resource, BACKEND_CONFIG_GROUPS, "BackendConfig"):
            key = (
                cluster_of(resource.provider),
                namespace_of(resource.props, resource.provider),
                object_name(resource.props, resource.name),
            )
            backend_configs[key] = resource
    for mcs in args.resources:
        if not _is(mcs, (MCI_GROUP,), "MultiClusterService"):
            continue
        if not _fronts_gateway(mcs, gateways, unknowns):
            continue
        annotations = mapping(mcs.props, "metadata", "annotations")
        if annotations is UNKNOWN or any(annotations.get(k) is UNKNOWN for k in BACKEND_CONFIG_ANNOTATIONS):
            unknowns.note(mcs.name, "metadata", "annotations")
            continue
        fix = (
            f"reference a BackendConfig whose healthCheck is type HTTP, port {STATUS_PORT}, requestPath "
            f'{READY_PATH} (annotation cloud.google.com/backend-config: \'{{"default": "<name>"}}\'), '
            "or the load balancer probes port 80 and marks every gateway unhealthy."
        )
        names = _backend_config_names(annotations)
        name = _where(mcs)
        if names is None:
            report_violation(
                f"MultiClusterService {name} fronts an Istio gateway without a BackendConfig; {fix}", mcs.urn
            )
            continue
        namespace = namespace_of(mcs.props, mcs.provider)
        for config_name in names:
            config = backend_configs.get((cluster_of(mcs.provider), namespace, config_name))
            if config is None:
                report_violation(
                    f"MultiClusterService {name} names BackendConfig {config_name}, which this program "
                    f"does not declare in {namespace} on {_provider_label(mcs.provider)}; {fix}",
                    mcs.urn,
                )
                continue
            try:
                problem = _health_check_problem(config)
            except _Unknown:
                unknowns.note(config.name, "spec", "healthCheck")
                continue
            if problem:
                report_violation(
                    f"MultiClusterService {name} fronts an Istio gateway with BackendConfig "
                    f"{config_name}, and {problem}; {fix}",
                    mcs.urn,
                )
    unknowns.raise_if_any()


mci_backend_health_check = StackValidationPolicy(
    name="mci-backend-health-check",
    description=(
        "A MultiClusterService in front of an Istio gateway references a BackendConfig whose health "
        "check is HTTP on port 15021, path /healthz/ready."
    ),
    validate=_validate_health_check,
    enforcement_level=EnforcementLevel.MANDATORY,
)


def _validate_config_cluster_only(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    objects = [r for r in args.resources if _is_mci_object(r)]
    clusters: dict[str | None, Any] = {}
    for resource in objects:
        clusters.setdefault(cluster_of(resource.provider), resource.provider)
    if len(clusters) < 2:
        return
    listed = ", ".join(_provider_label(p) for p in clusters.values())
    for resource in objects:
        kind = k8s_kind(resource.resource_type)
        here = _provider_label(resource.provider)
        report_violation(
            f"{kind.kind if kind else 'object'} {_where(resource)} is on {here}, but MultiClusterIngress "
            f"and MultiClusterService objects are on {len(clusters)} clusters ({listed}); "
            "Multi Cluster Ingress reads only the fleet's config cluster, so apply them there alone.",
            resource.urn,
        )


mci_config_cluster_only = StackValidationPolicy(
    name="mci-config-cluster-only",
    description=(
        "MultiClusterIngress and MultiClusterService objects are applied to one cluster, the config cluster."
    ),
    validate=_validate_config_cluster_only,
    enforcement_level=EnforcementLevel.ADVISORY,
)

POLICIES = [mci_backend_health_check, mci_config_cluster_only]
