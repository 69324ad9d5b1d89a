"""The AKS Istio add-on's ingress gateways, as the mesh objects see them (pure functions, no Pulumi).

The add-on creates and owns its ingress gateways: the Deployment, HPA and Service
`aks-istio-ingressgateway-external|internal` in `aks-istio-ingress`, whose Pods carry
`istio: aks-istio-ingressgateway-<mode>`. meshfleet never renders those objects. It renders the
selector an Istio Gateway uses to bind to them (`components.render.gateway.gateway_selector`
dispatches here), and the body of a server-side-apply patch of the add-on's Service with the
customizations the add-on supports (Microsoft's "Deploy ingress gateways for Istio service
mesh add-on for Azure Kubernetes Service"; AKS docs, "Deploy ingress gateways for the Istio
service mesh add-on" and "ingress gateway customization"): a few load-balancer annotations and
`externalTrafficPolicy`.
"""

from __future__ import annotations

from typing import Any

from components.spec.azure import ADDON_INGRESS_NAMESPACE, INTERNAL_SUBNET_ANNOTATION, addon_gateway_name
from components.spec.models import GatewaySpec

from .asm_options import PATCH_FORCE


def addon_gateway_selector(addon: str) -> dict[str, str]:
    """The selector of the add-on's `external` or `internal` gateway Pods (the `istio` label
    the add-on gives them, as the AKS docs' Gateway samples select them)."""
    return {"istio": addon_gateway_name(addon)}


def addon_service_patch(gateway: GatewaySpec, *, internal_lb_subnet: str | None) -> dict[str, Any] | None:
    """The patch of an add-on gateway's Service, or None when the spec sets nothing on it.

    Carries only what the spec sets, since every applied field becomes one we own and the
    object is the add-on's: no labels of ours. The internal gateway's load balancer takes its
    IP from `internal_lb_subnet` (the VNet's internal-LB subnet, by name) unless the spec's
    annotations name another. `pulumi.com/patchForce` takes over fields a hand-run
    `kubectl annotate` owned before, as for `asm-options`.
    """
    if gateway.addon is None:
        raise ValueError(f"{gateway.name} is not an add-on gateway")
    annotations = dict(gateway.annotations)
    if gateway.addon == "internal" and internal_lb_subnet is not None:
        annotations.setdefault(INTERNAL_SUBNET_ANNOTATION, internal_lb_subnet)
    spec: dict[str, Any] = {}
    if gateway.external_traffic_policy is not None:
        spec["externalTrafficPolicy"] = gateway.external_traffic_policy
    if not annotations and not spec:
        return None
    patch: dict[str, Any] = {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {
            "name": addon_gateway_name(gateway.addon),
            "namespace": ADDON_INGRESS_NAMESPACE,
            "annotations": {PATCH_FORCE: "true", **annotations},
        },
    }
    if spec:
        patch["spec"] = spec
    return patch
