"""AKS clusters and the Istio service-mesh add-on (Microsoft's "Deploy ingress gateways for Istio service
mesh add-on for Azure Kubernetes Service").

The add-on runs istiod by revision (``serviceMeshProfile.istio.revisions``, e.g. ``asm-1-24``) in
``aks-istio-system`` and its ingress gateways in ``aks-istio-ingress``, all owned by AKS. It
injects only namespaces labelled ``istio.io/rev`` with one of those revisions: it installs no
default revision, so ``istio-injection=enabled`` injects nothing. Its gateway Services take a
fixed set of annotations, set by patching the Services it owns.

Kubernetes objects are tied to their AKS cluster through their provider: the provider's
``kubeconfig`` dependencies, its ``dependsOn``, or else a component that parents both the
provider and a single cluster. In the preview that creates the cluster, the credentials call
(``listManagedClusterUserCredentials``) is unknown and carries no dependency, so a provider that
only reads them is tied to no cluster; its namespaces are then not checked rather than guessed.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from typing import Any

from pulumi_policy import (
    EnforcementLevel,
    PolicyResource,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
)

from .kinds import (
    AKS_ADDON_GATEWAYS,
    AKS_CLUSTER,
    INJECTION_LABEL,
    REVISION_LABEL,
    azure_native,
    is_cluster,
    is_namespace,
    k8s_kind,
    namespace_of,
    object_name,
)
from .values import UNKNOWN, Unknowns, elements, fix_in_words_of, get, mapping, require, text

ADDON_GATEWAY_NAMESPACE = "aks-istio-ingress"

ADDON_SERVICE_ANNOTATIONS = (
    "service.beta.kubernetes.io/azure-load-balancer-internal-subnet",
    "service.beta.kubernetes.io/azure-shared-securityrule",
    "service.beta.kubernetes.io/azure-allowed-service-tags",
    "service.beta.kubernetes.io/azure-load-balancer-ipv4",
    "service.beta.kubernetes.io/azure-load-balancer-resource-group",
    "service.beta.kubernetes.io/azure-pip-name",
    "external-dns.alpha.kubernetes.io/hostname",
)
"""Annotations the add-on supports on its gateway Services (Microsoft's "Deploy ingress gateways for Istio
service mesh add-on for Azure Kubernetes Service"; AKS docs,
istio-deploy-ingress, "Ingress gateway service customizations")."""

INTERNAL_ANNOTATION = "service.beta.kubernetes.io/azure-load-balancer-internal"
"""Set by the add-on itself on its internal gateway; on the external one it would turn the
public load balancer internal, which is the gateway mode's job (``--ingress-gateway-type``)."""

_HEALTH_PROBE = re.compile(r"service\.beta\.kubernetes\.io/port_(80|443)_health-probe_[a-z_-]+")
"""Health-probe annotations, which the add-on supports for ports 80 and 443 only (Microsoft's "Deploy
ingress gateways for Istio service mesh add-on for Azure Kubernetes Service")."""

_PULUMI_ANNOTATION = "pulumi.com/"
"""pulumi-kubernetes' own directives (``pulumi.com/patchForce``...), not the Service's settings."""

OPEN_RANGES = ("0.0.0.0/0", "::/0")


def _cluster_name(resource: PolicyResource | ResourceValidationArgs) -> str:
    return text(get(resource.props, "resourceName")) or resource.name


def _is_aks(resource: PolicyResource) -> bool:
    return azure_native(resource.resource_type) == AKS_CLUSTER


# --- aks-api-server-access ------------------------------------------------------------------


def _validate_api_server(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if azure_native(args.resource_type) != AKS_CLUSTER:
        return
    profile = require(get(args.props, "apiServerAccessProfile"), "apiServerAccessProfile")
    private = require(get(profile, "enablePrivateCluster"), "apiServerAccessProfile", "enablePrivateCluster")
    if private is True:
        return
    path = ("apiServerAccessProfile", "authorizedIPRanges")
    ranges = [require(r, *path) for r in require(elements(profile, "authorizedIPRanges"), *path)]
    listed = [t for t in (text(r) for r in ranges) if t]
    open_ranges = [r for r in listed if _is_open(r)]
    if listed and not open_ranges:
        return
    allowed = (
        f"authorizedIPRanges includes {', '.join(open_ranges)}" if open_ranges else "no authorizedIPRanges"
    )
    fix = fix_in_words_of(
        args.urn,
        "set the cluster's apiServer.private: true, or list the networks that may reach it in its "
        "apiServer.authorizedRanges",
        "set apiServerAccessProfile.enablePrivateCluster, or list the networks that may reach it in "
        "apiServerAccessProfile.authorizedIPRanges",
    )
    report_violation(
        f"AKS cluster {_cluster_name(args)} has a public API server with {allowed}, so any address can "
        f"reach it; {fix}.",
        None,
    )


def _is_open(cidr: str) -> bool:
    try:
        return ipaddress.ip_network(cidr, strict=False).prefixlen == 0
    except ValueError:
        return cidr in OPEN_RANGES


aks_api_server_access = ResourceValidationPolicy(
    name="aks-api-server-access",
    description="AKS API servers are private or limited to authorized IP ranges.",
    validate=_validate_api_server,
    # A public API server open to the internet is the cluster's widest door, as on GKE
    # (private-gke's authorized networks are mandatory too).
    enforcement_level=EnforcementLevel.MANDATORY,
)


# --- aks-addon-injection --------------------------------------------------------------------


def _children(resources: Iterable[PolicyResource]) -> dict[str, list[PolicyResource]]:
    found: dict[str, list[PolicyResource]] = {}
    for resource in resources:
        if resource.parent is not None:
            found.setdefault(resource.parent.urn, []).append(resource)
    return found


def _clusters_of(
    provider: PolicyResource | None, children: dict[str, list[PolicyResource]]
) -> list[PolicyResource] | None:
    """The clusters a Kubernetes provider deploys to, or None when the program does not say."""
    if provider is None:
        return None  # the default provider: the ambient kubeconfig
    linked = [*provider.property_dependencies.get("kubeconfig", []), *provider.dependencies]
    clusters = list({c.urn: c for c in linked if is_cluster(c.resource_type)}.values())
    if clusters:
        return clusters
    # A component that holds one cluster and the provider (f"{name}-cluster", f"{name}-k8s").
    # The stack itself is no such component: its one cluster need not be the provider's.
    parent = provider.parent
    while parent is not None and parent.parent is not None:
        siblings = [c for c in children.get(parent.urn, []) if is_cluster(c.resource_type)]
        if siblings:
            return siblings if len(siblings) == 1 else None
        parent = parent.parent
    return None


def _addon_revisions(cluster: PolicyResource, unknowns: Unknowns) -> list[str] | None:
    """The revisions the Istio add-on runs on ``cluster``; None if it runs none or they are unknown."""
    mode = get(cluster.props, "serviceMeshProfile", "mode")
    if mode is UNKNOWN:
        unknowns.note(cluster.name, "serviceMeshProfile", "mode")
        return None
    if mode != "Istio":
        return None  # no add-on: whatever Istio runs there, this program does not say
    revisions = elements(cluster.props, "serviceMeshProfile", "istio", "revisions")
    if revisions is UNKNOWN or any(r is UNKNOWN for r in revisions):
        unknowns.note(cluster.name, "serviceMeshProfile", "istio", "revisions")
        return None
    if not revisions:
        # AKS then installs its default revision for the cluster's version, unknown here.
        unknowns.add(
            f"the add-on revision AKS picks for {cluster.name} (serviceMeshProfile.istio.revisions unset)"
        )
        return None
    return [t for t in (text(r) for r in revisions) if t]


def _labels_a_namespace(resource: PolicyResource) -> bool:
    """A Namespace, or a NamespacePatch: AKS programs often label namespaces that already exist
    (``default``) by patching them."""
    found = k8s_kind(resource.resource_type)
    return is_namespace(resource.resource_type) or (
        found is not None and found.group == "" and found.kind == "NamespacePatch"
    )


def _validate_addon_injection(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    resources = list(args.resources)
    by_urn = {r.urn: r for r in resources}
    children = _children(resources)
    addon_clusters = [
        c
        for c in resources
        if _is_aks(c) and get(c.props, "serviceMeshProfile", "mode") in ("Istio", UNKNOWN)
    ]
    if not addon_clusters:
        return
    unknowns = Unknowns()
    for namespace in resources:
        if not _labels_a_namespace(namespace):
            continue
        labels = mapping(namespace.props, "metadata", "labels")
        if labels is UNKNOWN:
            unknowns.note(namespace.name, "metadata", "labels")
            continue
        if INJECTION_LABEL not in labels and REVISION_LABEL not in labels:
            continue
        provider = by_urn.get(namespace.provider.urn) if namespace.provider is not None else None
        clusters = _clusters_of(provider, children)
        if clusters is None:
            where = f"provider {provider.name}" if provider else "the default provider"
            unknowns.add(f"the cluster {where} deploys {namespace.name} to")
            continue
        for cluster in clusters:
            if _is_aks(cluster):
                _check_namespace(namespace, labels, cluster, unknowns, report_violation)
    unknowns.raise_if_any()


def _check_namespace(
    namespace: PolicyResource,
    labels: dict[str, Any],
    cluster: PolicyResource,
    unknowns: Unknowns,
    report_violation: ReportViolation,
) -> None:
    revisions = _addon_revisions(cluster, unknowns)
    if revisions is None:
        return
    unknown = [k for k in (INJECTION_LABEL, REVISION_LABEL) if labels.get(k) is UNKNOWN]
    for key in unknown:
        unknowns.note(namespace.name, "metadata", "labels", key)
    if unknown:
        return
    name = object_name(namespace.props, namespace.name)
    runs = f"AKS cluster {_cluster_name(cluster)} runs the Istio add-on's {', '.join(revisions)}"
    fix = f"label it istio.io/rev={revisions[-1]}" + (" (or another it runs)" if len(revisions) > 1 else "")
    if text(labels.get(INJECTION_LABEL)) == "enabled":
        report_violation(
            f"namespace {name} is labelled istio-injection=enabled, but {runs} and no default revision, so "
            f"its pods are never injected; remove istio-injection and {fix}.",
            namespace.urn,
        )
        return
    revision = text(labels.get(REVISION_LABEL))
    if INJECTION_LABEL not in labels and REVISION_LABEL in labels and revision not in revisions:
        report_violation(
            f"namespace {name} is labelled istio.io/rev={revision}, but {runs}, so its pods are never "
            f"injected; {fix}.",
            namespace.urn,
        )


aks_addon_injection = StackValidationPolicy(
    name="aks-addon-injection",
    description=(
        "On an AKS cluster with the Istio add-on, injected namespaces are labelled istio.io/rev with a "
        "revision the add-on runs, never istio-injection=enabled."
    ),
    validate=_validate_addon_injection,
    # A namespace the add-on never injects runs its workloads outside the mesh, and its gateway
    # pods (image: auto) never start.
    enforcement_level=EnforcementLevel.MANDATORY,
)


# --- aks-addon-gateway-annotations and aks-addon-gateway-not-owned --------------------------


def _addon_gateway(args: ResourceValidationArgs, kind: str) -> str | None:
    """The add-on gateway (its Service name) that a ``kind`` object of ``args`` is, if it is one."""
    found = k8s_kind(args.resource_type)
    if found is None or found.group != "" or found.kind != kind:
        return None
    name = text(get(args.props, "metadata", "name"))
    if name not in AKS_ADDON_GATEWAYS:
        return None
    if require(namespace_of(args.props, args.provider), "metadata", "namespace") != ADDON_GATEWAY_NAMESPACE:
        return None
    return name


def _supported(key: str, gateway: str) -> bool:
    if key in ADDON_SERVICE_ANNOTATIONS or key.startswith(_PULUMI_ANNOTATION) or _HEALTH_PROBE.fullmatch(key):
        return True
    return key == INTERNAL_ANNOTATION and gateway.endswith("-internal")


def _validate_annotations(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    gateway = _addon_gateway(args, "ServicePatch") or _addon_gateway(args, "Service")
    if gateway is None:
        return
    annotations = require(mapping(args.props, "metadata", "annotations"), "metadata", "annotations")
    unsupported = sorted(key for key in annotations if not _supported(key, gateway))
    if unsupported:
        where = fix_in_words_of(args.urn, "in the gateway's annotations", "")
        report_violation(
            f"add-on gateway Service {ADDON_GATEWAY_NAMESPACE}/{gateway} sets annotations the Istio add-on "
            f"does not support ({', '.join(unsupported)}); keep{' ' + where if where else ''} to "
            f"{', '.join(ADDON_SERVICE_ANNOTATIONS)} and the port 80/443 health-probe annotations "
            "(Microsoft's \"Deploy ingress gateways for Istio service mesh add-on for Azure "
            'Kubernetes Service").',
            None,
        )


aks_addon_gateway_annotations = ResourceValidationPolicy(
    name="aks-addon-gateway-annotations",
    description="The AKS Istio add-on's gateway Services carry only the annotations the add-on supports.",
    validate=_validate_annotations,
    # The add-on reconciles the Services it owns: a setting outside its support policy is
    # reverted or unsupported, and the stack never converges on it.
    enforcement_level=EnforcementLevel.MANDATORY,
)


def _validate_not_owned(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    gateway = _addon_gateway(args, "Service")
    if gateway is None:
        return
    report_violation(
        f"Service {ADDON_GATEWAY_NAMESPACE}/{gateway} belongs to the AKS Istio add-on, which creates and "
        "reconciles it; a program that creates it fights the add-on and deletes it on destroy. Patch it "
        "instead (kubernetes.core.v1.ServicePatch, server-side apply).",
        None,
    )


aks_addon_gateway_not_owned = ResourceValidationPolicy(
    name="aks-addon-gateway-not-owned",
    description="The AKS Istio add-on's gateway Services are patched, never created by the program.",
    validate=_validate_not_owned,
    # Owning an object the add-on owns makes two controllers write it, and pulumi destroy
    # would delete the add-on's gateway Service.
    enforcement_level=EnforcementLevel.MANDATORY,
)

POLICIES = [
    aks_api_server_access,
    aks_addon_injection,
    aks_addon_gateway_annotations,
    aks_addon_gateway_not_owned,
]
