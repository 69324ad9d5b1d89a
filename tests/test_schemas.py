"""The schema checks of tests/schemas.py really are strict: each misspelling, wrong type or
unknown kind that the API server would refuse fails them."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from kubernetes_validate.utils import all_versions

from components.render.gateway import gateway_objects, gateway_pod_labels
from components.render.injection import namespace_labels
from components.render.route import route_objects
from components.spec.models import GatewaySpec, MeshSpec, RouteSpec
from tests.schemas import KUBERNETES_VERSION, validate_istio, validate_kubernetes, validate_manifest

GATEWAY = GatewaySpec(name="istio-ingressgateway", namespace="istio-gateway")
HELLOWORLD: dict[str, Any] = {
    "name": "helloworld",
    "namespace": "sample",
    "service": {"host": "helloworld", "port": 5000},
    "gateway": "istio-ingressgateway",
    "match": [{"uri": {"exact": "/hello"}}, {"uri": {"prefix": "/static"}}],
}
TLS = {"tls": {"credentialName": "helloworld-cert", "hosts": ["hello.example.com"]}}


def _deployment() -> dict[str, Any]:
    return copy.deepcopy(gateway_objects(GATEWAY, namespace_labels(MeshSpec())).deployment)


def _istio_gateway() -> dict[str, Any]:
    route = RouteSpec.model_validate(HELLOWORLD | TLS)
    gateway = route_objects(route, gateway_pod_labels(GATEWAY), GATEWAY.namespace).gateway
    assert gateway is not None
    return copy.deepcopy(gateway)


def test_pinned_kubernetes_version_is_shipped() -> None:
    assert KUBERNETES_VERSION in all_versions()


def test_misspelt_deployment_field_fails() -> None:
    deployment = _deployment()
    deployment["spec"]["replica"] = 3
    with pytest.raises(AssertionError, match="replica"):
        validate_manifest(deployment)


def test_misspelt_nested_kubernetes_field_fails() -> None:
    deployment = _deployment()
    deployment["spec"]["template"]["spec"]["containers"][0]["securityContext"]["runAsUsr"] = 1337
    with pytest.raises(AssertionError, match="runAsUsr"):
        validate_kubernetes(deployment)


def test_wrong_kubernetes_type_fails() -> None:
    service = copy.deepcopy(gateway_objects(GATEWAY, namespace_labels(MeshSpec())).service)
    service["spec"]["ports"][0]["port"] = "15021"
    with pytest.raises(AssertionError, match="ports"):
        validate_kubernetes(service)


def test_unknown_kubernetes_kind_fails() -> None:
    with pytest.raises(AssertionError, match="no usable schema"):
        validate_manifest({"apiVersion": "v1", "kind": "Frobnicator", "metadata": {"name": "x"}})


def test_unknown_kubernetes_api_version_fails() -> None:
    with pytest.raises(AssertionError, match="no usable schema"):
        validate_manifest(
            {"apiVersion": "policy/v1beta1", "kind": "PodDisruptionBudget", "metadata": {"name": "x"}}
        )


def test_manifest_without_kind_fails() -> None:
    with pytest.raises(AssertionError, match="no kind"):
        validate_manifest({"apiVersion": "v1", "metadata": {"name": "x"}})


def test_unknown_field_in_istio_gateway_server_fails() -> None:
    gateway = _istio_gateway()
    gateway["spec"]["servers"][0]["bogus"] = True
    with pytest.raises(AssertionError, match="extra_forbidden"):
        validate_manifest(gateway)


def test_snake_case_istio_field_fails() -> None:
    # The cloudcoil models accept field names as well as aliases; the API server does not.
    gateway = _istio_gateway()
    tls = gateway["spec"]["servers"][1]["tls"]
    tls["credential_name"] = tls.pop("credentialName")
    with pytest.raises(AssertionError, match="credential_name"):
        validate_istio(gateway)


def test_istio_port_as_string_fails() -> None:
    gateway = _istio_gateway()
    gateway["spec"]["servers"][0]["port"]["number"] = "80"
    with pytest.raises(AssertionError, match="number"):
        validate_istio(gateway)


def test_unknown_istio_tls_mode_fails() -> None:
    gateway = _istio_gateway()
    gateway["spec"]["servers"][1]["tls"]["mode"] = "STRICT"
    with pytest.raises(AssertionError, match="mode"):
        validate_istio(gateway)


def test_unknown_istio_kind_fails() -> None:
    with pytest.raises(AssertionError, match="no Istio schema"):
        validate_manifest(
            {"apiVersion": "networking.istio.io/v1", "kind": "Frobnicator", "metadata": {"name": "x"}}
        )


def test_istio_api_version_without_model_fails() -> None:
    gateway = _istio_gateway()
    gateway["apiVersion"] = "networking.istio.io/v2"
    with pytest.raises(AssertionError, match="no Istio schema"):
        validate_manifest(gateway)


def test_whole_floats_from_pulumi_count_as_integers() -> None:
    # Pulumi carries numbers as doubles: 80.0 is the JSON number 80 on the wire.
    gateway = _istio_gateway()
    gateway["spec"]["servers"][0]["port"]["number"] = 80.0
    validate_manifest(gateway)
    hpa = copy.deepcopy(gateway_objects(GATEWAY, namespace_labels(MeshSpec())).hpa)
    hpa["spec"]["minReplicas"] = 3.0
    validate_manifest(hpa)


def test_fractional_numbers_still_fail_integer_fields() -> None:
    gateway = _istio_gateway()
    gateway["spec"]["servers"][0]["port"]["number"] = 80.5
    with pytest.raises(AssertionError):
        validate_istio(gateway)
    hpa = copy.deepcopy(gateway_objects(GATEWAY, namespace_labels(MeshSpec())).hpa)
    hpa["spec"]["minReplicas"] = 2.5
    with pytest.raises(AssertionError):
        validate_kubernetes(hpa)
