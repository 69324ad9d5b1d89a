"""Multi Cluster Ingress's manifests, as seed 004 step 6 writes them."""

from __future__ import annotations

import json
from typing import Any

import pytest

from components.render.gateway import gateway_objects, gateway_pod_labels
from components.render.mci import MciObjects, mci_objects
from components.spec.models import GatewaySpec
from tests.gke_schemas import validate_gke
from tests.schemas import validate_manifest


def _gateway(**fields: Any) -> GatewaySpec:
    return GatewaySpec.model_validate(
        {"name": "istio-ingressgateway", "namespace": "istio-gateway", "serviceType": "ClusterIP", **fields}
    )


def _objects(**annotations: Any) -> MciObjects:
    return mci_objects(_gateway(), ingress_annotations=annotations)


def test_every_object_lives_in_the_gateways_namespace() -> None:
    assert {m["metadata"]["namespace"] for m in _objects().manifests()} == {"istio-gateway"}


def test_multi_cluster_service_selects_the_gateway_pods() -> None:
    mcs = _objects().multi_cluster_service

    assert mcs["spec"]["template"]["spec"]["selector"] == gateway_pod_labels(_gateway())


def test_multi_cluster_service_exposes_the_gateway_services_ports() -> None:
    mcs_ports = _objects().multi_cluster_service["spec"]["template"]["spec"]["ports"]
    service_ports = gateway_objects(_gateway(), {}).service["spec"]["ports"]

    assert [(p["name"], p["port"]) for p in mcs_ports] == [(p["name"], p["port"]) for p in service_ports]
    assert [(p["name"], p["port"]) for p in mcs_ports] == [
        ("status-port", 15021),
        ("http2", 80),
        ("https", 443),
    ]


def test_multi_cluster_service_names_the_backend_config_for_every_port() -> None:
    objs = _objects()
    annotation = objs.multi_cluster_service["metadata"]["annotations"]["cloud.google.com/backend-config"]

    assert json.loads(annotation) == {"default": objs.backend_config["metadata"]["name"]}


def test_backend_config_probes_the_proxys_readiness_on_the_status_port() -> None:
    assert _objects().backend_config["spec"]["healthCheck"] == {
        "type": "HTTP",
        "requestPath": "/healthz/ready",
        "port": 15021,
    }


def test_multi_cluster_ingress_sends_everything_to_the_mcs_on_port_80() -> None:
    mci = _objects().multi_cluster_ingress

    assert mci["spec"]["template"]["spec"]["backend"] == {
        "serviceName": "istio-ingressgateway",
        "servicePort": 80,
    }


def test_multi_cluster_ingress_has_no_annotations_unless_given() -> None:
    assert "annotations" not in _objects().multi_cluster_ingress["metadata"]


def test_multi_cluster_ingress_carries_the_annotations_it_is_given() -> None:
    mci = _objects(**{"networking.gke.io/static-ip": "203.0.113.7"}).multi_cluster_ingress

    assert mci["metadata"]["annotations"] == {"networking.gke.io/static-ip": "203.0.113.7"}


@pytest.mark.parametrize("kind", ["BackendConfig", "MultiClusterService", "MultiClusterIngress"])
def test_every_object_validates_strictly(kind: str) -> None:
    (manifest,) = [
        m for m in _objects(**{"networking.gke.io/static-ip": "203.0.113.7"}).manifests() if m["kind"] == kind
    ]

    validate_manifest(manifest)


def test_backend_config_schema_refuses_a_misspelt_health_check_field() -> None:
    bad = _objects().backend_config
    bad["spec"]["healthCheck"]["requestpath"] = "/healthz/ready"

    with pytest.raises(AssertionError, match="requestpath"):
        validate_gke(bad)


def test_backend_config_schema_refuses_a_string_port() -> None:
    bad = _objects().backend_config
    bad["spec"]["healthCheck"]["port"] = "15021"

    with pytest.raises(AssertionError, match=r"healthCheck\.port"):
        validate_gke(bad)


def test_multi_cluster_service_schema_refuses_a_service_type() -> None:
    # MCS derives its Services; `type` is not a field of its template (GKE's reference).
    bad = _objects().multi_cluster_service
    bad["spec"]["template"]["spec"]["type"] = "LoadBalancer"

    with pytest.raises(AssertionError, match="type"):
        validate_gke(bad)


def test_multi_cluster_ingress_schema_refuses_a_v1_ingress_backend() -> None:
    bad = _objects().multi_cluster_ingress
    bad["spec"]["template"]["spec"]["backend"] = {"service": {"name": "x", "port": {"number": 80}}}

    with pytest.raises(AssertionError):
        validate_gke(bad)


def test_a_gke_kind_without_a_schema_fails() -> None:
    with pytest.raises(AssertionError, match="no GKE schema"):
        validate_manifest(
            {"apiVersion": "networking.gke.io/v1", "kind": "ManagedCertificate", "metadata": {"name": "x"}}
        )
