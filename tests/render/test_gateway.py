"""The ingress gateway's manifests, as the ASM sample istio-ingressgateway (seeds 000/004)."""

from __future__ import annotations

from typing import Any

import pytest

from components.render.gateway import GatewayObjects, gateway_objects, gateway_pod_labels
from components.render.injection import namespace_labels
from components.spec.models import GatewaySpec, MeshSpec
from tests.schemas import validate_manifest

POD_LABELS = {"app": "istio-ingressgateway", "istio": "ingressgateway"}
MANAGED_BY = {"app.kubernetes.io/managed-by": "meshfleet"}


def _gateway(**fields: Any) -> GatewaySpec:
    return GatewaySpec.model_validate(
        {"name": "istio-ingressgateway", "namespace": "istio-gateway", **fields}
    )


def _objects(mesh: MeshSpec | None = None, **fields: Any) -> GatewayObjects:
    return gateway_objects(_gateway(**fields), namespace_labels(mesh or MeshSpec()))


def _pod_spec(objects: GatewayObjects) -> dict[str, Any]:
    return objects.deployment["spec"]["template"]["spec"]


def _proxy(objects: GatewayObjects) -> dict[str, Any]:
    (container,) = _pod_spec(objects)["containers"]
    return container


def test_gateway_selector_is_pod_labels() -> None:
    # Seed 004's Gateway selects istio: ingressgateway; the sample's pods carry app too.
    assert gateway_pod_labels(_gateway()) == POD_LABELS


def test_pod_labels_keep_a_name_without_istio_prefix() -> None:
    assert gateway_pod_labels(_gateway(name="edge-gateway")) == {
        "app": "edge-gateway",
        "istio": "edge-gateway",
    }


def test_deployment_selects_pods_by_pod_labels() -> None:
    assert _objects().deployment["spec"]["selector"] == {"matchLabels": POD_LABELS}


def test_pod_template_carries_pod_labels_and_asks_for_injection() -> None:
    labels = _objects().deployment["spec"]["template"]["metadata"]["labels"]
    assert labels == POD_LABELS | {"sidecar.istio.io/inject": "true"}


def test_service_and_pdb_select_pods_by_pod_labels() -> None:
    objects = _objects()
    assert objects.service["spec"]["selector"] == POD_LABELS
    assert objects.pdb["spec"]["selector"] == {"matchLabels": POD_LABELS}


def test_deployment_uses_image_auto_and_gateway_template() -> None:
    objects = _objects()
    template = objects.deployment["spec"]["template"]
    assert template["metadata"]["annotations"] == {"inject.istio.io/templates": "gateway"}
    assert _proxy(objects)["name"] == "istio-proxy"
    assert _proxy(objects)["image"] == "auto"


def test_deployment_has_no_replicas_so_hpa_owns_the_count() -> None:
    assert "replicas" not in _objects().deployment["spec"]


def test_pod_may_bind_privileged_ports_without_root() -> None:
    assert _pod_spec(_objects())["securityContext"] == {
        "sysctls": [{"name": "net.ipv4.ip_unprivileged_port_start", "value": "0"}]
    }


def test_proxy_runs_as_non_root_with_no_capabilities() -> None:
    assert _proxy(_objects())["securityContext"] == {
        "allowPrivilegeEscalation": False,
        "privileged": False,
        "capabilities": {"drop": ["ALL"]},
        "readOnlyRootFilesystem": True,
        "runAsNonRoot": True,
        "runAsUser": 1337,
        "runAsGroup": 1337,
    }


def test_proxy_resources_match_asm_sample() -> None:
    assert _proxy(_objects())["resources"] == {
        "requests": {"cpu": "100m", "memory": "128Mi"},
        "limits": {"cpu": "2000m", "memory": "1024Mi"},
    }


def test_deployment_runs_as_gateway_service_account() -> None:
    objects = _objects()
    assert _pod_spec(objects)["serviceAccountName"] == "istio-ingressgateway"
    assert objects.service_account["metadata"]["name"] == "istio-ingressgateway"


@pytest.mark.parametrize(
    ("injection", "label"),
    [("default", {"istio-injection": "enabled"}), ("revision", {"istio.io/rev": "asm-managed-stable"})],
)
def test_namespace_is_labelled_for_injection(injection: str, label: dict[str, str]) -> None:
    namespace = _objects(MeshSpec.model_validate({"injection": injection})).namespace
    assert namespace["metadata"] == {"name": "istio-gateway", "labels": MANAGED_BY | label}


def test_namespaced_objects_live_in_gateway_namespace() -> None:
    objects = _objects(namespace="edge")
    for obj in objects.manifests()[1:]:
        assert obj["metadata"]["namespace"] == "edge", obj["kind"]
    assert objects.namespace["metadata"]["name"] == "edge"


def test_every_object_is_labelled_managed_by_meshfleet() -> None:
    for obj in _objects().manifests():
        assert obj["metadata"]["labels"].items() >= MANAGED_BY.items(), obj["kind"]


def test_deployment_and_service_carry_pod_labels() -> None:
    objects = _objects()
    for obj in (objects.deployment, objects.service):
        assert obj["metadata"]["labels"] == MANAGED_BY | POD_LABELS, obj["kind"]


def test_objects_are_named_after_gateway() -> None:
    for obj in _objects(name="edge-gateway").manifests()[1:]:
        assert obj["metadata"]["name"] == "edge-gateway", obj["kind"]


def test_role_only_reads_secrets() -> None:
    assert _objects().role["rules"] == [
        {"apiGroups": [""], "resources": ["secrets"], "verbs": ["get", "watch", "list"]}
    ]


def test_role_binding_binds_role_to_service_account() -> None:
    binding = _objects().role_binding
    assert binding["roleRef"] == {
        "apiGroup": "rbac.authorization.k8s.io",
        "kind": "Role",
        "name": "istio-ingressgateway",
    }
    assert binding["subjects"] == [
        {"kind": "ServiceAccount", "name": "istio-ingressgateway", "namespace": "istio-gateway"}
    ]


def test_service_exposes_status_http2_and_https_ports() -> None:
    # The ports of seed 004's gateway Service.
    assert _objects().service["spec"]["ports"] == [
        {"name": "status-port", "port": 15021, "protocol": "TCP", "targetPort": 15021},
        {"name": "http2", "port": 80},
        {"name": "https", "port": 443},
    ]


@pytest.mark.parametrize("service_type", ["LoadBalancer", "ClusterIP", "NodePort"])
def test_service_type_follows_spec(service_type: str) -> None:
    assert _objects(serviceType=service_type).service["spec"]["type"] == service_type


def test_hpa_scales_deployment_within_replica_bounds() -> None:
    spec = _objects(replicas={"min": 2, "max": 7}).hpa["spec"]
    assert spec["scaleTargetRef"] == {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "name": "istio-ingressgateway",
    }
    assert (spec["minReplicas"], spec["maxReplicas"]) == (2, 7)


def test_hpa_targets_80_percent_cpu() -> None:
    assert _objects().hpa["spec"]["metrics"] == [
        {
            "type": "Resource",
            "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 80}},
        }
    ]


def test_hpa_defaults_to_three_to_five_replicas() -> None:
    spec = _objects().hpa["spec"]
    assert (spec["minReplicas"], spec["maxReplicas"]) == (3, 5)


def test_pdb_lets_one_pod_go_at_a_time() -> None:
    spec = _objects().pdb["spec"]
    assert spec["maxUnavailable"] == 1
    assert "minAvailable" not in spec


def test_manifests_list_namespace_first_and_every_object_once() -> None:
    objects = _objects()
    kinds = [obj["kind"] for obj in objects.manifests()]
    assert kinds == [
        "Namespace",
        "ServiceAccount",
        "Role",
        "RoleBinding",
        "Deployment",
        "Service",
        "HorizontalPodAutoscaler",
        "PodDisruptionBudget",
    ]


def test_objects_share_no_mutable_state() -> None:
    # The Pulumi component may change a rendered dict; that must not leak into another.
    objects = _objects()
    objects.deployment["spec"]["selector"]["matchLabels"]["app"] = "changed"
    objects.service["metadata"]["labels"]["app.kubernetes.io/managed-by"] = "changed"
    _proxy(objects)["resources"]["limits"]["cpu"] = "1"
    assert _objects() == gateway_objects(_gateway(), namespace_labels(MeshSpec())) != objects
    assert objects.service["spec"]["selector"] == POD_LABELS
    assert objects.pdb["metadata"]["labels"] == MANAGED_BY


def _schema_cases() -> list[Any]:
    cases = []
    for injection in ("default", "revision"):
        for service_type in ("LoadBalancer", "ClusterIP"):
            labels = namespace_labels(MeshSpec.model_validate({"injection": injection}))
            for obj in gateway_objects(_gateway(service_type=service_type), labels).manifests():
                cases.append(pytest.param(obj, id=f"{injection}-{service_type}-{obj['kind']}"))
    return cases


@pytest.mark.parametrize("manifest", _schema_cases())
def test_every_object_passes_the_strict_schema(manifest: dict[str, Any]) -> None:
    validate_manifest(manifest)
