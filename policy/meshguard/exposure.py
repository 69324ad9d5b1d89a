"""East-west gateways are not open to the internet (Google's "Installing and upgrading gateways" guides:
public by default)."""

from __future__ import annotations

from typing import Any

from pulumi_policy import (
    EnforcementLevel,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
)

from .kinds import is_gateway_label, is_service, namespace_of, object_name
from .values import UNKNOWN, elements, fix_in_words_of, get, mapping, require, text

NETWORK_LABEL = "topology.istio.io/network"

INTERNAL_LOAD_BALANCER = {
    "networking.gke.io/load-balancer-type": "internal",
    "cloud.google.com/load-balancer-type": "internal",
    "service.beta.kubernetes.io/azure-load-balancer-internal": "true",
    "service.beta.kubernetes.io/aws-load-balancer-internal": "true",
    "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal",
}
"""Annotations (value, case-insensitive) that make a LoadBalancer Service internal."""

SOURCE_RANGES_ANNOTATION = "service.beta.kubernetes.io/load-balancer-source-ranges"
OPEN_RANGES = ("0.0.0.0/0", "::/0")


def is_east_west(labels: dict[str, Any], selector: dict[str, Any]) -> bool:
    """An east-west gateway Service: an ``istio``/``app`` label naming one (``eastwestgateway``), or
    a gateway Service labelled with its mesh network, as Istio's multi-network samples do."""
    for values in (labels, selector):
        for key in ("istio", "app"):
            if "eastwest" in (text(values.get(key)) or "").replace("-", ""):
                return True
    return NETWORK_LABEL in labels and is_gateway_label(selector.get("istio"))


def _validate_exposure(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if not is_service(args.resource_type):
        return
    labels = mapping(args.props, "metadata", "labels")
    selector = mapping(args.props, "spec", "selector")
    if labels is UNKNOWN or selector is UNKNOWN or not is_east_west(labels, selector):
        return
    if require(get(args.props, "spec", "type"), "spec", "type") != "LoadBalancer":
        return
    annotations = require(mapping(args.props, "metadata", "annotations"), "metadata", "annotations")
    for key, internal in INTERNAL_LOAD_BALANCER.items():
        if (text(require(annotations.get(key), "metadata", "annotations", key)) or "").lower() == internal:
            return
    ranges = require(elements(args.props, "spec", "loadBalancerSourceRanges"), "loadBalancerSourceRanges")
    listed = [require(r, "loadBalancerSourceRanges") for r in ranges]
    annotated = text(require(annotations.get(SOURCE_RANGES_ANNOTATION), SOURCE_RANGES_ANNOTATION))
    if annotated:
        listed += [r.strip() for r in annotated.split(",") if r.strip()]
    if listed and not any(text(r) in OPEN_RANGES for r in listed):
        return
    namespace = namespace_of(args.props, args.provider)
    name = f"{'<unknown>' if namespace is UNKNOWN else namespace}/{object_name(args.props, args.name)}"
    fix = fix_in_words_of(
        args.urn,
        "list the other clusters' networks in the gateway's loadBalancerSourceRanges",
        "set spec.loadBalancerSourceRanges to the other clusters' networks, or make the load "
        "balancer internal (e.g. networking.gke.io/load-balancer-type: Internal)",
    )
    report_violation(
        f"east-west gateway Service {name} is a public LoadBalancer open to any source address; {fix}.",
        None,
    )


east_west_exposure = ResourceValidationPolicy(
    name="east-west-exposure",
    description="East-west gateway Services are not exposed publicly without source ranges.",
    validate=_validate_exposure,
    enforcement_level=EnforcementLevel.ADVISORY,
)

POLICIES = [east_west_exposure]
