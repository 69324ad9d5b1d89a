"""Gateway proxies on GKE Autopilot: requests Autopilot keeps, nothing Autopilot refuses.

Google's "Resource requests in Autopilot" (general-purpose class): at least 250m CPU and
512 MiB where Pods cannot burst, a CPU:memory ratio from 1:1 to 1:6.5 vCPU:GiB, limits equal
to requests there; below the minimum or off the ratio Autopilot rewrites the requests. Its
security restrictions refuse privileged containers, added capabilities such as NET_ADMIN, and
host ports or the host network.
"""

from __future__ import annotations

from typing import Any

import pytest

from components.render.gateway import AUTOPILOT_PROXY_RESOURCES, gateway_objects
from components.render.injection import namespace_labels
from components.spec.models import GatewaySpec, MeshSpec
from tests.schemas import validate_manifest

GIB = 1024**3


def _cpu(value: str) -> float:
    return float(value[:-1]) / 1000 if value.endswith("m") else float(value)


def _memory_gib(value: str) -> float:
    units = {"Mi": 1024**2, "Gi": GIB}
    return float(value[:-2]) * units[value[-2:]] / GIB


def _deployments(kind: str = "ingress") -> list[dict[str, Any]]:
    gateway = GatewaySpec(
        name=f"istio-{kind}gateway".replace("east-west", "eastwest"),
        kind=kind,  # type: ignore[arg-type]
        namespace="istio-gateway",
    )
    objects = gateway_objects(
        gateway, namespace_labels(MeshSpec()), network="mesh-vpc", proxy_resources=AUTOPILOT_PROXY_RESOURCES
    )
    return [objects.deployment]


@pytest.mark.parametrize("kind", ["ingress", "egress", "east-west"])
def test_autopilot_requests_meet_its_minimums_ratio_and_equal_limits(kind: str) -> None:
    (deployment,) = _deployments(kind)
    (proxy,) = deployment["spec"]["template"]["spec"]["containers"]
    requests, limits = proxy["resources"]["requests"], proxy["resources"]["limits"]

    cpu, memory = _cpu(requests["cpu"]), _memory_gib(requests["memory"])
    assert cpu >= 0.25 and memory >= 0.5
    assert 1 <= memory / cpu <= 6.5
    assert limits == requests
    validate_manifest(deployment)


def test_autopilot_gateway_pods_ask_for_nothing_autopilot_refuses() -> None:
    (deployment,) = _deployments()
    pod = deployment["spec"]["template"]["spec"]
    (proxy,) = pod["containers"]

    assert not pod.get("hostNetwork") and not pod.get("hostPID")
    assert all("hostPort" not in port for port in proxy.get("ports", []))
    assert proxy["securityContext"]["privileged"] is False
    assert proxy["securityContext"]["capabilities"] == {"drop": ["ALL"]}
    # The one sysctl is a safe (namespaced) one, which Kubernetes allows without node flags.
    assert [s["name"] for s in pod["securityContext"]["sysctls"]] == ["net.ipv4.ip_unprivileged_port_start"]
