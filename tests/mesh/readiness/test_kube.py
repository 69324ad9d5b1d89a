"""The official Kubernetes client behind `ClusterApi`, against a fake API server on localhost."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from components.mesh.readiness.checks import ClusterAccessDenied, ClusterUnavailable, ObjectRef
from components.mesh.readiness.kube import KubernetesApi

from .fake_server import FakeApiServer, running
from .fakes import CPR, revision

CPR_PATH = (
    "/apis/mesh.cloud.google.com/v1beta1/namespaces/istio-system/controlplanerevisions/asm-managed-stable"
)


@pytest.fixture
def server() -> Iterator[FakeApiServer]:
    with running(FakeApiServer()) as fake:
        yield fake


def test_served_resources_come_from_api_discovery_of_the_group_version(server: FakeApiServer) -> None:
    server.served["networking.istio.io/v1"] = ["gateways", "virtualservices"]

    assert KubernetesApi(server.kubeconfig()).served_resources("networking.istio.io/v1") == {
        "gateways",
        "virtualservices",
    }
    assert server.paths == ["/apis/networking.istio.io/v1"]


def test_a_group_version_the_server_does_not_serve_is_none(server: FakeApiServer) -> None:
    assert KubernetesApi(server.kubeconfig()).served_resources("networking.istio.io/v1") is None


def test_the_condition_object_is_read_from_its_namespace(server: FakeApiServer) -> None:
    server.objects[CPR_PATH] = revision("True")

    assert KubernetesApi(server.kubeconfig()).get_object(CPR) == revision("True")


def test_a_missing_object_or_kind_is_none(server: FakeApiServer) -> None:
    assert KubernetesApi(server.kubeconfig()).get_object(CPR) is None


def test_forbidden_is_access_denied(server: FakeApiServer) -> None:
    server.status = 403

    with pytest.raises(ClusterAccessDenied, match=r"^403 "):
        KubernetesApi(server.kubeconfig()).get_object(CPR)


def test_a_server_error_is_worth_asking_again(server: FakeApiServer) -> None:
    server.status = 503

    with pytest.raises(ClusterUnavailable, match=r"^503 "):
        KubernetesApi(server.kubeconfig()).served_resources("networking.istio.io/v1")


def test_an_unreachable_server_is_worth_asking_again(server: FakeApiServer) -> None:
    kubeconfig = server.kubeconfig().replace(server.url, "http://127.0.0.1:9")  # discard port: refused

    with pytest.raises(ClusterUnavailable):
        KubernetesApi(kubeconfig).served_resources("networking.istio.io/v1")


SERVICE = ObjectRef("v1", "services", "aks-istio-ingress", "aks-istio-ingressgateway-external")


def test_a_core_service_is_read_under_api_not_apis(server: FakeApiServer) -> None:
    path = "/api/v1/namespaces/aks-istio-ingress/services/aks-istio-ingressgateway-external"
    server.objects[path] = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": SERVICE.name}}

    found = KubernetesApi(server.kubeconfig()).get_object(SERVICE)

    assert found is not None and found["metadata"]["name"] == SERVICE.name
    assert server.paths == [path]


def test_a_missing_core_service_is_none(server: FakeApiServer) -> None:
    assert KubernetesApi(server.kubeconfig()).get_object(SERVICE) is None
