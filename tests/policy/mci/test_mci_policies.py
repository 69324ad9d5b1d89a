"""mci-backend-health-check and mci-config-cluster-only, on programs written as a user would:
plain pulumi_kubernetes CustomResources, no meshfleet component."""

from __future__ import annotations

import json
from typing import Any

import pulumi
import pulumi_kubernetes as kubernetes

from components.engine import Plan
from tests.policy.helpers import (
    GATEWAY_LABELS,
    assert_no_violation,
    assert_violation,
    gateway_deployment_spec,
    on_cluster,
    plan_of,
    platform_plan,
    run_policy,
)
from tests.spec.fixtures import dev_platform

HEALTH = "mci-backend-health-check"
CONFIG_ONLY = "mci-config-cluster-only"
GOOD_CHECK = {"type": "HTTP", "requestPath": "/healthz/ready", "port": 15021}
PORTS = [{"name": "status-port", "port": 15021}, {"name": "http2", "port": 80}]


def _custom(
    name: str, api_version: str, kind: str, spec: dict[str, Any], opts: pulumi.ResourceOptions, **meta: Any
) -> None:
    kubernetes.apiextensions.CustomResource(
        name,
        api_version=api_version,
        kind=kind,
        metadata={"name": name, "namespace": "istio-gateway", **meta},
        spec=spec,
        opts=opts,
    )


def _gateway_program(
    *,
    backend_config: dict[str, Any] | None = None,
    annotation: str | None = '{"default": "ingress-backendconfig"}',
    selector: dict[str, str] | None = None,
    ports: list[dict[str, Any]] | None = None,
) -> Plan:
    def program() -> None:
        opts = on_cluster("config-cluster")
        kubernetes.apps.v1.Deployment(
            "istio-ingressgateway",
            metadata={"name": "istio-ingressgateway", "namespace": "istio-gateway"},
            spec=gateway_deployment_spec(GATEWAY_LABELS),
            opts=opts,
        )
        if backend_config is not None:
            _custom("ingress-backendconfig", "cloud.google.com/v1", "BackendConfig", backend_config, opts)
        meta = {"annotations": {"cloud.google.com/backend-config": annotation}} if annotation else {}
        _custom(
            "istio-ingressgateway",
            "networking.gke.io/v1",
            "MultiClusterService",
            {"template": {"spec": {"selector": selector or dict(GATEWAY_LABELS), "ports": ports or PORTS}}},
            opts,
            **meta,
        )

    return plan_of(program)


def test_seed_004s_backend_config_passes() -> None:
    assert_no_violation(HEALTH, _gateway_program(backend_config={"healthCheck": GOOD_CHECK}))


def test_our_platform_with_mci_passes() -> None:
    raw = dev_platform()
    raw["gateways"][0]["serviceType"] = "ClusterIP"
    raw["multiClusterIngress"] = {"configCluster": "tokyo-1", "gateway": "istio-ingressgateway"}
    plan = platform_plan(raw)

    assert_no_violation(HEALTH, plan)
    assert_no_violation(CONFIG_ONLY, plan)


def test_gateway_mcs_without_backend_config_fails() -> None:
    violation = assert_violation(
        HEALTH,
        _gateway_program(annotation=None),
        "MultiClusterService istio-gateway/istio-ingressgateway fronts an Istio gateway without a",
        "port 15021",
        "marks every gateway unhealthy",
    )
    assert violation.mandatory


def test_backend_config_probing_the_serving_port_fails() -> None:
    assert_violation(
        HEALTH,
        _gateway_program(backend_config={"healthCheck": {"type": "HTTP", "requestPath": "/", "port": 80}}),
        "BackendConfig ingress-backendconfig",
        "its health check is type HTTP, port 80, path /",
    )


def test_backend_config_without_a_health_check_fails() -> None:
    assert_violation(HEALTH, _gateway_program(backend_config={"timeoutSec": 40}), "port <serving port>")


def test_backend_config_named_but_not_declared_fails() -> None:
    assert_violation(
        HEALTH, _gateway_program(), "names BackendConfig ingress-backendconfig, which this program"
    )


def test_mcs_selecting_gateway_pods_by_other_labels_counts_as_a_gateway() -> None:
    plan = _gateway_program(annotation=None, selector={"app": "istio-ingressgateway"}, ports=[{"port": 80}])

    assert_violation(HEALTH, plan, "without a BackendConfig")


def test_mcs_of_an_ordinary_app_is_left_alone() -> None:
    plan = _gateway_program(annotation=None, selector={"app": "whereami"}, ports=[{"port": 8080}])

    assert_no_violation(HEALTH, plan)


def test_unknown_annotation_is_not_checked() -> None:
    def program() -> None:
        opts = on_cluster("config-cluster")
        # An apply over an output the cluster computes is unknown in a preview.
        computed = kubernetes.core.v1.Namespace("ns", opts=opts).metadata.apply(lambda m: m.uid or "")
        _custom(
            "istio-ingressgateway",
            "networking.gke.io/v1",
            "MultiClusterService",
            {"template": {"spec": {"selector": dict(GATEWAY_LABELS), "ports": PORTS}}},
            opts,
            annotations={
                "cloud.google.com/backend-config": computed.apply(lambda _: json.dumps({"default": "bc"}))
            },
        )

    report = run_policy(HEALTH, plan_of(program))

    assert report.violations == []
    assert [n.policy_name for n in report.not_checked] == [HEALTH]


def _objects_on(*clusters: str) -> Plan:
    def program() -> None:
        for cluster in clusters:
            opts = on_cluster(cluster)
            _custom(
                f"{cluster}-mci",
                "networking.gke.io/v1beta1",
                "MultiClusterIngress",
                {
                    "template": {
                        "spec": {"backend": {"serviceName": "istio-ingressgateway", "servicePort": 80}}
                    }
                },
                opts,
            )

    return plan_of(program)


def test_mci_on_one_cluster_passes() -> None:
    assert_no_violation(CONFIG_ONLY, _objects_on("tokyo-1"))


def test_mci_on_every_cluster_fails_once_per_object() -> None:
    plan = _objects_on("tokyo-1", "tokyo-2")
    violation = assert_violation(
        CONFIG_ONLY,
        plan,
        "MultiClusterIngress istio-gateway/tokyo-2-mci is on provider tokyo-2",
        "on 2 clusters (provider tokyo-1, provider tokyo-2)",
        "apply them there alone",
        resource="tokyo-2-mci",
    )
    assert not violation.mandatory
