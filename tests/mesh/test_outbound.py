"""With an egress gateway, every control plane restricts outbound traffic to the registry."""

from __future__ import annotations

from typing import Any

from components.engine import Plan
from tests.harness import MESH_READY, platform_plan
from tests.spec.fixtures import aks_platform, dev_platform

SIDECAR = "kubernetes:networking.istio.io/v1:Sidecar"
CONFIG_MAP = "kubernetes:core/v1:ConfigMap"
EGRESS = {
    "name": "istio-egressgateway",
    "kind": "egress",
    "namespace": "istio-egress",
    "egressHosts": [{"host": "api.example.com"}],
}


def with_egress(raw: dict[str, Any], **placement: Any) -> Plan:
    raw["gateways"] = [*raw.get("gateways", []), EGRESS | placement]
    return platform_plan(raw)


def test_managed_clusters_get_a_registry_only_root_sidecar_after_the_mesh_is_ready() -> None:
    plan = with_egress(dev_platform())
    sidecars = plan.by_type(SIDECAR)

    assert [(s.inputs["metadata"]["namespace"], s.inputs["spec"]) for s in sidecars] == [
        ("istio-system", {"outboundTrafficPolicy": {"mode": "REGISTRY_ONLY"}})
    ] * 2
    for cluster, sidecar in zip(("tokyo-1", "tokyo-2"), sidecars, strict=True):
        # The Sidecar CRD is served once the managed plane is (the readiness gate).
        ready = plan.find(MESH_READY, f"mesh-{cluster}-mesh-ready")
        assert ready.urn in sidecar.dependencies


def test_managed_clusters_without_egress_gateway_keep_istios_default() -> None:
    assert platform_plan(dev_platform()).by_type(SIDECAR) == []


def test_the_aks_addon_gets_a_shared_mesh_config_per_revision() -> None:
    plan = with_egress(aks_platform(), clusters=["osaka-1"])
    names = sorted(c.inputs["metadata"]["name"] for c in plan.by_type(CONFIG_MAP))

    assert names == ["istio-shared-configmap-asm-1-24"]


def test_opting_out_renders_no_restriction() -> None:
    raw = dev_platform()
    raw["mesh"]["outboundTrafficPolicy"] = "ALLOW_ANY"

    assert with_egress(raw).by_type(SIDECAR) == []
