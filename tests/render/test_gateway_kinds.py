"""Gateways by kind (egress, east-west), their Service exposure and their upgrade fields."""

from __future__ import annotations

import json
from typing import Any

import pytest

from components.render.gateway import GatewayObjects, gateway_objects
from components.spec.models import GatewaySpec
from tests.schemas import validate_manifest

GKE_INTERNAL = {"networking.gke.io/load-balancer-type": "Internal"}
REV = {"istio.io/rev": "asm-managed-stable"}


def _gateway(**fields: Any) -> GatewaySpec:
    return GatewaySpec.model_validate(
        {"name": "istio-ingressgateway", "namespace": "istio-gateway", **fields}
    )


def _east_west(**fields: Any) -> GatewayObjects:
    spec = _gateway(name="istio-eastwestgateway", kind="east-west", **fields)
    return gateway_objects(spec, REV, network="mesh-vpc", internal_lb_annotations=GKE_INTERNAL)


def _template(deployment: dict[str, Any]) -> dict[str, Any]:
    return deployment["spec"]["template"]


def _ports(objects: GatewayObjects) -> list[dict[str, Any]]:
    return objects.service["spec"]["ports"]


def test_egress_gateway_is_a_cluster_ip_service_on_80_and_443() -> None:
    service = gateway_objects(_gateway(kind="egress"), REV).service

    assert (service["spec"]["type"], [p["port"] for p in service["spec"]["ports"]]) == (
        "ClusterIP",
        [80, 443],
    )


def test_east_west_gateway_exposes_status_and_15443() -> None:
    assert _ports(_east_west()) == [
        {"name": "status-port", "port": 15021, "protocol": "TCP", "targetPort": 15021},
        {"name": "tls", "port": 15443, "protocol": "TCP", "targetPort": 15443},
    ]


def test_east_west_service_is_an_internal_load_balancer_by_the_cluster_annotation() -> None:
    service = _east_west().service

    assert (service["spec"]["type"], service["metadata"]["annotations"]) == ("LoadBalancer", GKE_INTERNAL)


def test_ingress_service_gets_no_internal_annotation() -> None:
    service = gateway_objects(_gateway(), REV, internal_lb_annotations=GKE_INTERNAL).service

    assert "annotations" not in service["metadata"]


def test_east_west_pods_carry_their_network_label_and_view() -> None:
    template = _template(_east_west().deployment)

    assert template["metadata"]["labels"]["topology.istio.io/network"] == "mesh-vpc"
    assert template["spec"]["containers"][0]["env"] == [
        {"name": "ISTIO_META_REQUESTED_NETWORK_VIEW", "value": "mesh-vpc"}
    ]


def test_east_west_service_carries_its_network_where_istiod_reads_it() -> None:
    # pilot/pkg/serviceregistry/kube/controller/network.go, getGatewayDetails: the label on the
    # Service (with a port 15443) makes it the network's gateway; the Pods' label does not.
    service = _east_west().service

    assert service["metadata"]["labels"]["topology.istio.io/network"] == "mesh-vpc"
    assert 15443 in [p["port"] for p in service["spec"]["ports"]]


def test_ingress_service_claims_no_network() -> None:
    service = gateway_objects(_gateway(), REV, network="mesh-vpc").service

    assert "topology.istio.io/network" not in service["metadata"]["labels"]


def test_east_west_gateway_passes_every_mesh_service_through_on_15443() -> None:
    (gateway,) = _east_west().istio

    assert (gateway["metadata"]["name"], gateway["spec"]) == (
        "cross-network-gateway",
        {
            "selector": {"app": "istio-eastwestgateway", "istio": "eastwestgateway"},
            "servers": [
                {
                    "port": {"number": 15443, "name": "tls", "protocol": "TLS"},
                    "tls": {"mode": "AUTO_PASSTHROUGH"},
                    "hosts": ["*.local"],
                }
            ],
        },
    )


def test_static_load_balancer_ip_is_the_service_load_balancer_ip() -> None:
    service = gateway_objects(_gateway(loadBalancerIP="203.0.113.1"), REV).service

    assert service["spec"]["loadBalancerIP"] == "203.0.113.1"


def test_node_ports_are_pinned_by_port_name() -> None:
    objects = gateway_objects(
        _gateway(serviceType="NodePort", nodePorts={"http2": 31380, "https": 31390}), REV
    )

    assert [(p["name"], p.get("nodePort")) for p in _ports(objects)] == [
        ("status-port", None),
        ("http2", 31380),
        ("https", 31390),
    ]


def test_vip_is_recorded_as_a_service_annotation() -> None:
    service = gateway_objects(_gateway(serviceType="NodePort", vip="10.0.0.9"), REV).service

    assert service["metadata"]["annotations"] == {"meshfleet.io/vip": "10.0.0.9"}


def test_node_port_east_west_service_lets_istiod_announce_every_node_by_default() -> None:
    # istiod registers a NodePort network gateway only with this annotation
    # (pilot/pkg/serviceregistry/kube/controller/util.go, isNodePortGatewayService).
    service = _east_west(serviceType="NodePort").service

    assert service["metadata"]["annotations"] == {"traffic.istio.io/nodeSelector": "{}"}


def test_node_port_east_west_service_announces_the_nodes_its_selector_names() -> None:
    service = _east_west(serviceType="NodePort", nodeSelector={"topology.kubernetes.io/zone": "dc-a"}).service

    assert json.loads(service["metadata"]["annotations"]["traffic.istio.io/nodeSelector"]) == {
        "topology.kubernetes.io/zone": "dc-a"
    }


def test_node_port_ingress_service_gets_no_node_selector() -> None:
    service = gateway_objects(_gateway(serviceType="NodePort"), REV, network="mesh-vpc").service

    assert "annotations" not in service["metadata"]


def test_restarted_at_stamps_the_pod_template() -> None:
    template = _template(gateway_objects(_gateway(restartedAt="2026-12-01T16:00:00Z"), REV).deployment)

    assert template["metadata"]["annotations"] == {
        "inject.istio.io/templates": "gateway",
        "kubectl.kubernetes.io/restartedAt": "2026-12-01T16:00:00Z",
    }


def test_revision_labels_the_pods_but_not_the_selector() -> None:
    deployment = gateway_objects(_gateway(revision="1-24-2"), {}).deployment

    assert _template(deployment)["metadata"]["labels"]["istio.io/rev"] == "1-24-2"
    assert deployment["spec"]["selector"] == {
        "matchLabels": {"app": "istio-ingressgateway", "istio": "ingressgateway"}
    }


def test_canary_is_a_second_deployment_on_its_revision_with_the_shared_labels() -> None:
    canary = gateway_objects(_gateway(revision="1-23-4", canary={"revision": "1-24-2"}), {}).canary

    assert canary is not None
    assert canary["metadata"]["name"] == "istio-ingressgateway-canary"
    assert canary["spec"]["selector"]["matchLabels"] == {
        "app": "istio-ingressgateway",
        "istio": "ingressgateway",
        "istio.io/rev": "1-24-2",
    }
    assert _template(canary)["metadata"]["labels"] == {
        "app": "istio-ingressgateway",
        "istio": "ingressgateway",
        "sidecar.istio.io/inject": "true",
        "istio.io/rev": "1-24-2",
    }


def test_canary_keeps_the_service_selector() -> None:
    plain = gateway_objects(_gateway(revision="1-23-4"), {})
    canary = gateway_objects(_gateway(revision="1-23-4", canary={"revision": "1-24-2"}), {})

    assert canary.service == plain.service


def test_no_canary_without_the_field() -> None:
    assert gateway_objects(_gateway(), REV).canary is None


def _every_manifest() -> list[Any]:
    cases = []
    specs = {
        "egress-nodeport": _gateway(
            kind="egress", serviceType="NodePort", nodePorts={"https": 31443}, vip="10.0.0.9"
        ),
        "ingress-static-ip": _gateway(loadBalancerIP="203.0.113.1", restartedAt="2026-12-01T16:00:00Z"),
        "ingress-canary": _gateway(revision="1-23-4", canary={"revision": "1-24-2"}),
        "east-west": _gateway(name="istio-eastwestgateway", kind="east-west"),
        "east-west-node-port": _gateway(
            name="istio-eastwestgateway",
            kind="east-west",
            serviceType="NodePort",
            nodeSelector={"edge": "true"},
        ),
        "east-west-source-ranges": _gateway(
            name="istio-eastwestgateway", kind="east-west", loadBalancerSourceRanges=["10.0.0.0/8"]
        ),
    }
    for label, spec in specs.items():
        objects = gateway_objects(spec, REV, network="mesh-vpc", internal_lb_annotations=GKE_INTERNAL)
        for obj in objects.manifests():
            cases.append(pytest.param(obj, id=f"{label}-{obj['metadata']['name']}-{obj['kind']}"))
    return cases


@pytest.mark.parametrize("obj", _every_manifest())
def test_manifests_validate_strictly(obj: dict[str, Any]) -> None:
    validate_manifest(obj)


def test_namespace_of_a_pinned_gateway_has_no_injection_label() -> None:
    namespace = gateway_objects(_gateway(revision="asm-managed-stable"), REV).namespace

    assert namespace["metadata"]["labels"] == {"app.kubernetes.io/managed-by": "meshfleet"}


def test_source_ranges_limit_the_load_balancer() -> None:
    spec = _gateway(name="istio-eastwestgateway", kind="east-west", loadBalancerSourceRanges=["10.0.0.0/8"])

    service = gateway_objects(spec, REV, network="mesh-vpc").service

    assert service["spec"]["loadBalancerSourceRanges"] == ["10.0.0.0/8"]


def test_canary_replicas_are_rendered_when_set() -> None:
    # The canary has no HPA: its Pod count is the spec's, and sets its share of the traffic
    # beside the main Deployment's (at least replicas.min) Pods.
    canary = gateway_objects(
        _gateway(revision="1-23-4", canary={"revision": "1-24-2", "replicas": 3}), {}
    ).canary

    assert canary is not None
    assert canary["spec"]["replicas"] == 3
    validate_manifest(canary)


def test_canary_without_replicas_leaves_kubernetes_default() -> None:
    canary = gateway_objects(_gateway(revision="1-23-4", canary={"revision": "1-24-2"}), {}).canary

    assert canary is not None
    assert "replicas" not in canary["spec"]
