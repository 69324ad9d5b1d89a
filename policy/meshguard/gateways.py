"""Gateways apart from the control plane, injected by the revision they name (Google's "Installing and
upgrading gateways" guides; Microsoft's "Deploy ingress gateways for Istio service mesh
add-on for Azure Kubernetes Service").

Best practice in Google's "Installing and upgrading gateways" guides: gateways run in a namespace other
than the control plane's,
as Deployments whose proxy the injector builds (``inject.istio.io/templates: gateway``,
``image: auto``) for the revision their namespace's injection label names, or, in an
unlabelled namespace, their pods' own ``istio.io/rev`` (the canary of Google's "Installing and upgrading
gateways"), and every Istio
Gateway selects the pods of such a Deployment.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pulumi_policy import (
    EnforcementLevel,
    PolicyConfigSchema,
    PolicyResource,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
)

from .kinds import (
    AKS_ADDON_GATEWAYS,
    INJECTION_LABEL,
    REVISION_LABEL,
    SIDECAR_INJECT_LABEL,
    cluster_of,
    is_gateway_service,
    is_gateway_workload,
    is_istio_gateway,
    is_namespace,
    namespace_of,
    object_name,
    pod_annotations,
    pod_labels,
    uses_gateway_template,
)
from .values import (
    UNKNOWN,
    Unknowns,
    UnknownValuesError,
    elements,
    fix_in_words_of,
    get,
    mapping,
    require,
    text,
)

RESERVED_NAMESPACES = (
    "istio-system",
    "aks-istio-system",
    "kube-system",
    "gke-system",
    "kube-public",
    "kube-node-lease",
)
"""Control-plane and system namespaces: no gateway runs there."""

PROXY_CONTAINER = "istio-proxy"


def _cluster_label(provider: Any) -> str:
    return "the default Kubernetes provider" if provider is None else f"provider {provider.name}"


def _has_unknown(values: dict[str, Any]) -> bool:
    return any(value is UNKNOWN for value in values.values())


def _where(props: Any, provider: Any, fallback: str) -> str:
    """``namespace/name`` of a Kubernetes object, for messages."""
    namespace = namespace_of(props, provider)
    return f"{'<unknown>' if namespace is UNKNOWN else namespace}/{object_name(props, fallback)}"


def _labels_text(labels: dict[str, Any]) -> str:
    return "{" + ", ".join(f"{k}: {text(v) or '<unknown>'}" for k, v in sorted(labels.items())) + "}"


# --- gateway-namespace-separation -----------------------------------------------------------


def _reserved_namespaces(config: Any) -> set[str]:
    extra = get(config, "extraReservedNamespaces", default=[])
    return set(RESERVED_NAMESPACES) | {str(n) for n in extra if isinstance(n, str)}


def _validate_separation(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if is_gateway_workload(args.resource_type, args.props):
        what = "gateway Deployment"
    elif is_gateway_service(args.resource_type, args.props):
        what = "gateway Service"
    else:
        return
    namespace = require(namespace_of(args.props, args.provider), "metadata", "namespace")
    if namespace in _reserved_namespaces(args.get_config()):
        name = object_name(args.props, args.name)
        fix = fix_in_words_of(
            args.urn,
            "Set the gateway's namespace to one of its own (e.g. istio-gateway)",
            "Run gateways in a namespace of their own (e.g. istio-gateway)",
        )
        report_violation(
            f"{what} {namespace}/{name} is in {namespace}, a control-plane or system namespace. "
            f"{fix}, deployed and upgraded apart from the control plane.",
            None,
        )


gateway_namespace_separation = ResourceValidationPolicy(
    name="gateway-namespace-separation",
    description="Gateway Deployments and Services never run in a control-plane or system namespace.",
    validate=_validate_separation,
    enforcement_level=EnforcementLevel.MANDATORY,
    config_schema=PolicyConfigSchema(
        properties={
            "extraReservedNamespaces": {
                "type": "array",
                "items": {"type": "string"},
                "default": [],
                "description": "Namespaces reserved in addition to " + ", ".join(RESERVED_NAMESPACES) + ".",
            }
        }
    ),
)


# --- gateway-image-auto ---------------------------------------------------------------------


def _validate_image_auto(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if not is_gateway_workload(args.resource_type, args.props):
        return
    deployment = _where(args.props, args.provider, args.name)
    annotations = require(pod_annotations(args.props), "spec", "template", "metadata", "annotations")
    if not uses_gateway_template(annotations):
        report_violation(
            f"gateway Deployment {deployment}: the pod template lacks the annotation "
            "inject.istio.io/templates: gateway, so the injector adds a sidecar instead of "
            "building a gateway proxy.",
            None,
        )
    containers = require(elements(args.props, "spec", "template", "spec", "containers"), "containers")
    proxies = [c for c in containers if get(c, "name") == PROXY_CONTAINER]
    if not proxies:
        if any(c is UNKNOWN or get(c, "name") is UNKNOWN for c in containers):
            require(UNKNOWN, "spec", "template", "spec", "containers")
        report_violation(
            f"gateway Deployment {deployment} has no container named {PROXY_CONTAINER} with "
            "image: auto; the injector replaces that image with the control plane's proxy.",
            None,
        )
        return
    image = require(get(proxies[0], "image"), "containers", PROXY_CONTAINER, "image")
    if image != "auto":
        report_violation(
            f"gateway Deployment {deployment}: container {PROXY_CONTAINER} has image {image!r}. "
            "Use image: auto, so that the injector sets the control plane's proxy image and the "
            "gateway upgrades with the mesh on a rollout restart.",
            None,
        )


gateway_image_auto = ResourceValidationPolicy(
    name="gateway-image-auto",
    description=(
        "Gateway Deployments use image: auto and the gateway injection template, "
        "so upgrades come from the control plane."
    ),
    validate=_validate_image_auto,
    enforcement_level=EnforcementLevel.MANDATORY,
)


# --- gateway-namespace-injection and gateway-namespace-declared -----------------------------


@dataclass
class _Namespaces:
    """The Namespace resources of a program, to look a gateway's namespace up on its cluster."""

    by_name: dict[tuple[str | None, str], PolicyResource] = field(default_factory=dict)
    """By (cluster, name); auto-named ones cannot be looked up and are left out."""
    unknown: dict[str | None, list[str]] = field(default_factory=dict)
    """Per cluster, the resources whose name is unknown: any of them may be the one looked for."""

    def find(self, workload: PolicyResource, namespace: str, unknowns: Unknowns) -> PolicyResource | None:
        """``workload``'s namespace on its cluster; None (and the unknown names noted) if not found."""
        cluster = cluster_of(workload.provider)
        found = self.by_name.get((cluster, namespace))
        if found is None:
            for name in self.unknown.get(cluster, []):
                unknowns.note(name, "metadata", "name")
        return found

    def undecided(self, workload: PolicyResource) -> bool:
        return bool(self.unknown.get(cluster_of(workload.provider)))


def _namespaces(resources: Iterable[PolicyResource]) -> _Namespaces:
    found = _Namespaces()
    for resource in resources:
        if is_namespace(resource.resource_type):
            name = get(resource.props, "metadata", "name")
            if name is UNKNOWN:
                found.unknown.setdefault(cluster_of(resource.provider), []).append(resource.name)
            elif text(name):
                found.by_name[(cluster_of(resource.provider), text(name) or "")] = resource
    return found


def _gateway_workloads(
    resources: Iterable[PolicyResource], unknowns: Unknowns
) -> Iterable[tuple[PolicyResource, str]]:
    """Gateway Deployments with a known namespace; those whose namespace is unknown are noted."""
    for resource in resources:
        if is_gateway_workload(resource.resource_type, resource.props):
            namespace = namespace_of(resource.props, resource.provider)
            if namespace is UNKNOWN:
                unknowns.note(resource.name, "metadata", "namespace")
            else:
                yield resource, namespace


def _validate_injection(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    namespaces = _namespaces(args.resources)
    unknowns = Unknowns()
    for workload, namespace in _gateway_workloads(args.resources, unknowns):
        ns_resource = namespaces.find(workload, namespace, unknowns)
        if ns_resource is None:
            continue  # not declared here (gateway-namespace-declared says so), or its name is unknown
        _check_injection(workload, namespace, ns_resource, unknowns, report_violation)
    unknowns.raise_if_any()


# Which revision injects a gateway Pod, as Istio's injection webhooks decide it (Istio >= 1.10,
# manifests/charts/istio-control/istio-discovery/templates/mutatingwebhook.yaml and
# revision-tags-mwc.yaml; the injector itself, pkg/kube/inject, never reads the Pod's
# istio.io/rev). Each revision registers webhooks whose selectors exclude one another, so at
# most one injects:
# - namespace istio-injection=enabled: the default revision (or the "default" tag), whatever
#   the namespace's istio.io/rev or the Pod's istio.io/rev say;
# - any other istio-injection value: nothing;
# - namespace istio.io/rev=R (no istio-injection): revision R, whatever the Pod's istio.io/rev;
# - neither namespace label: the Pod's istio.io/rev=P (revision P), else the Pod's
#   sidecar.istio.io/inject=true (the default revision), else nothing;
# - and never a Pod labelled sidecar.istio.io/inject=false.
# So a label the webhooks ignore is no harmless extra: a Pod istio.io/rev under a labelled
# namespace (the canary of Google's "Installing and upgrading gateways" there) gets the namespace's
# revision, not its own.


def _check_injection(
    workload: PolicyResource,
    namespace: str,
    ns_resource: PolicyResource,
    unknowns: Unknowns,
    report_violation: ReportViolation,
) -> None:
    """One gateway Deployment's injection: which revision its namespace's and pods' labels give it."""
    ns_labels = mapping(ns_resource.props, "metadata", "labels")
    labels = pod_labels(workload.props)
    deciding = [(ns_resource.name, ("metadata", "labels"), ns_labels)]
    deciding += [
        (ns_resource.name, ("metadata", "labels", key), get(ns_labels, key))
        for key in (INJECTION_LABEL, REVISION_LABEL)
    ]
    deciding += [(workload.name, ("spec", "template", "metadata", "labels"), labels)]
    deciding += [
        (workload.name, ("spec", "template", "metadata", "labels", key), get(labels, key))
        for key in (SIDECAR_INJECT_LABEL, REVISION_LABEL)
    ]
    unknown = [(name, path) for name, path, value in deciding if value is UNKNOWN]
    for name, path in unknown:
        unknowns.note(name, *path)
    if unknown:
        return
    problem = _injection_problem(namespace, ns_labels, labels)
    if problem:
        deployment = f"gateway Deployment {namespace}/{object_name(workload.props, workload.name)}"
        report_violation(f"{deployment}: {problem}", workload.urn)


def _injection_problem(namespace: str, ns_labels: dict[str, Any], labels: dict[str, Any]) -> str | None:
    """What keeps a gateway's pods from being injected by the revision their labels name, if anything."""
    never = "so image: auto is never replaced and the gateway pods cannot start."
    injection = text(ns_labels.get(INJECTION_LABEL)) if INJECTION_LABEL in ns_labels else None
    ns_revision = text(ns_labels.get(REVISION_LABEL)) if REVISION_LABEL in ns_labels else None
    pod_revision = text(labels.get(REVISION_LABEL)) if REVISION_LABEL in labels else None
    first = "which Istio's injection webhooks match first"
    if INJECTION_LABEL in ns_labels and injection != "enabled":
        return (
            f"namespace {namespace} is labelled istio-injection={injection}, which turns injection off, "
            + never
        )
    if text(labels.get(SIDECAR_INJECT_LABEL)) == "false":
        return f"the pod label sidecar.istio.io/inject=false turns injection off, {never}"
    own_revision = (
        "To run a Deployment on its own revision (the canary of Google's \"Installing and upgrading"
        " gateways\"), remove the namespace's "
        f"injection labels (kubectl label namespace {namespace} istio-injection- istio.io/rev-) and "
        "give every gateway Deployment there its own istio.io/rev."
    )
    if injection == "enabled":
        ignored = [f"istio.io/rev={ns_revision}"] if REVISION_LABEL in ns_labels else []
        ignored += [f"its pods' istio.io/rev={pod_revision}"] if REVISION_LABEL in labels else []
        if not ignored:
            return None
        fix = (
            own_revision
            if REVISION_LABEL in labels
            else 'Keep one label (Google\'s "Installing and upgrading gateways": kubectl label namespace '
            f"{namespace} istio-injection- "
            "istio.io/rev=<revision> --overwrite)."
        )
        verb = "is" if len(ignored) == 1 else "are"
        return (
            f"namespace {namespace} is labelled istio-injection=enabled, {first}, so "
            f"{' and '.join(ignored)} {verb} ignored and the default revision injects the gateway. {fix}"
        )
    if REVISION_LABEL in ns_labels:
        if REVISION_LABEL not in labels or pod_revision == ns_revision:
            return None
        return (
            f"its pods' istio.io/rev={pod_revision} is ignored: namespace {namespace} is labelled "
            f"istio.io/rev={ns_revision}, {first}, so the pods get {ns_revision}'s proxy, not "
            f"{pod_revision}'s. {own_revision}"
        )
    if REVISION_LABEL in labels or text(labels.get(SIDECAR_INJECT_LABEL)) == "true":
        return None
    return (
        f"namespace {namespace} has no injection label (istio-injection=enabled or istio.io/rev=<revision>) "
        f"and the pods neither istio.io/rev nor sidecar.istio.io/inject=true, {never} Label the namespace, "
        f"e.g. kubectl label namespace {namespace} istio.io/rev=<revision>."
    )


gateway_namespace_injection = StackValidationPolicy(
    name="gateway-namespace-injection",
    description=(
        "A gateway's pods are injected by the revision their labels name: one namespace label "
        "(istio-injection=enabled or istio.io/rev), or in an unlabelled namespace the pods' own "
        "istio.io/rev or sidecar.istio.io/inject=true, never a label the injection webhooks ignore."
    ),
    validate=_validate_injection,
    enforcement_level=EnforcementLevel.MANDATORY,
)


def _validate_declared(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    namespaces = _namespaces(args.resources)
    unknowns = Unknowns()
    for workload, namespace in _gateway_workloads(args.resources, unknowns):
        if namespaces.find(workload, namespace, unknowns) is None and not namespaces.undecided(workload):
            report_violation(
                f"gateway Deployment {namespace}/{object_name(workload.props, workload.name)} runs in "
                f"namespace {namespace}, which this program does not declare on the same cluster, so its "
                "injection labels cannot be checked. Declare the namespace here, with its injection label, "
                "or check it where it is managed.",
                workload.urn,
            )
    unknowns.raise_if_any()


gateway_namespace_declared = StackValidationPolicy(
    name="gateway-namespace-declared",
    description=(
        "A gateway's namespace is declared in the same program, so that its injection labels can be checked."
    ),
    validate=_validate_declared,
    enforcement_level=EnforcementLevel.ADVISORY,
)


# --- gateway-selector-match -----------------------------------------------------------------

ADDON_POD_LABELS = tuple({"istio": name, "app": name} for name in AKS_ADDON_GATEWAYS)
"""Pod labels of the AKS add-on's gateways, which AKS deploys outside any program (Microsoft's "Deploy
ingress gateways for Istio service mesh add-on for Azure Kubernetes Service")."""


def _selects(selector: dict[str, Any], labels: dict[str, Any]) -> bool:
    return all(key in labels and text(labels[key]) == text(value) for key, value in selector.items())


def _validate_selector(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    gateway_pods: dict[str | None, list[dict[str, Any]]] = {}
    # Per cluster, the gateway Deployments whose pod labels are unknown: any may be the one selected.
    undecidable: dict[str | None, list[str]] = {}
    unknowns = Unknowns()
    for resource in args.resources:
        if is_gateway_workload(resource.resource_type, resource.props):
            cluster = cluster_of(resource.provider)
            labels = pod_labels(resource.props)
            if labels is UNKNOWN or _has_unknown(labels):
                undecidable.setdefault(cluster, []).append(resource.name)
            else:
                gateway_pods.setdefault(cluster, []).append(labels)
    config = args.get_config()
    external = [mapping(labels) for labels in elements(config, "additionalGatewaySelectors") or []] + [
        dict(labels) for labels in ADDON_POD_LABELS
    ]
    # A layered routes stack: the gateway Deployments are another stack's, so a Gateway that
    # selects none of this stack's is not checked here (the joined plans of the stacks are).
    elsewhere: list[str] = []
    in_other_stacks = isinstance(config, dict) and config.get("gatewaysInOtherStacks") is True

    for gateway in args.resources:
        if not is_istio_gateway(gateway.resource_type):
            continue
        selector = mapping(gateway.props, "spec", "selector")
        cluster = cluster_of(gateway.provider)
        if selector is UNKNOWN or _has_unknown(selector):
            unknowns.note(gateway.name, "spec", "selector")
            continue
        name = _where(gateway.props, gateway.provider, gateway.name)
        if not selector:
            report_violation(
                f"Gateway {name} has no selector, so it configures every gateway proxy of the mesh; "
                "select the pod labels of one gateway Deployment.",
                gateway.urn,
            )
            continue
        candidates = gateway_pods.get(cluster, [])
        if any(_selects(selector, labels) for labels in [*candidates, *external]):
            continue
        if cluster in undecidable:
            for workload in undecidable[cluster]:
                unknowns.note(workload, "spec", "template", "metadata", "labels")
            continue
        if in_other_stacks:
            if name not in elsewhere:
                elsewhere.append(name)
            continue
        there = (
            "gateway pods there are labelled " + ", ".join(_labels_text(c) for c in candidates)
            if candidates
            else "no gateway Deployment runs there"
        )
        report_violation(
            f"Gateway {name} selects {_labels_text(selector)}, which matches no gateway Deployment's "
            f"pod labels on its cluster ({_cluster_label(gateway.provider)}; {there}), so it configures no "
            "proxy and its routes serve nothing.",
            gateway.urn,
        )
    if elsewhere:
        reason = (
            f"the gateway Deployments that Gateways {', '.join(elsewhere)} select are in another stack "
            "(gatewaysInOtherStacks): checked on the stacks' joined plans"
        )
        if unknowns.where:
            reason += "; unknown until the resources exist: " + "; ".join(unknowns.where)
        raise UnknownValuesError(reason)
    unknowns.raise_if_any()


gateway_selector_match = StackValidationPolicy(
    name="gateway-selector-match",
    description=(
        "Every Istio Gateway's selector matches the pod labels of a gateway Deployment on the same "
        "cluster, or an AKS add-on gateway."
    ),
    validate=_validate_selector,
    enforcement_level=EnforcementLevel.MANDATORY,
    config_schema=PolicyConfigSchema(
        properties={
            "additionalGatewaySelectors": {
                "type": "array",
                "items": {"type": "object", "additionalProperties": {"type": "string"}},
                "default": [],
                "description": (
                    "Pod labels of gateways deployed outside this program (by Helm or another stack), "
                    "accepted on every cluster."
                ),
            },
            "gatewaysInOtherStacks": {
                "type": "boolean",
                "default": False,
                "description": (
                    "The gateway Deployments are another stack's (a layered routes stack reads its "
                    "clusters from the mesh layer's stack): a Gateway that selects none of this "
                    "stack's is not checked here, rather than failed or guessed."
                ),
            },
        }
    ),
)

POLICIES = [
    gateway_namespace_separation,
    gateway_namespace_injection,
    gateway_namespace_declared,
    gateway_image_auto,
    gateway_selector_match,
]
