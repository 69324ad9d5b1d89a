"""A route's Istio Gateway, VirtualService and DestinationRule (seed 004 steps 5-7)."""

from __future__ import annotations

from typing import Any

import pytest

from components.render.route import RouteObjects, route_objects
from components.spec.models import RouteSpec
from tests.schemas import validate_manifest

SELECTOR = {"app": "istio-ingressgateway", "istio": "ingressgateway"}
MANAGED_BY = {"app.kubernetes.io/managed-by": "meshfleet"}
HELLOWORLD: dict[str, Any] = {
    "name": "helloworld",
    "namespace": "sample",
    "service": {"host": "helloworld", "port": 5000},
    "gateway": "istio-ingressgateway",
    "match": [{"uri": {"exact": "/hello"}}],
}
SUBSETS = {"v1": {"version": "v1"}, "v2": {"version": "v2"}}
TLS = {"credentialName": "helloworld-cert", "hosts": ["hello.example.com"]}


def _route(**fields: Any) -> RouteSpec:
    return RouteSpec.model_validate(HELLOWORLD | fields)


def _objects(**fields: Any) -> RouteObjects:
    return route_objects(_route(**fields), SELECTOR, "istio-gateway")


def _edge_gateway(objects: RouteObjects) -> dict[str, Any]:
    assert objects.gateway is not None
    return objects.gateway


def _http_route(objects: RouteObjects) -> dict[str, Any]:
    (http,) = objects.virtual_service["spec"]["http"]
    return http


def test_gateway_selector_is_the_given_pod_labels() -> None:
    assert _edge_gateway(_objects())["spec"]["selector"] == SELECTOR


def test_gateway_selector_is_a_copy() -> None:
    selector = dict(SELECTOR)
    objects = route_objects(_route(), selector, "istio-gateway")
    selector["istio"] = "changed"
    assert _edge_gateway(objects)["spec"]["selector"] == SELECTOR


def test_gateway_is_named_after_route_in_route_namespace() -> None:
    metadata = _edge_gateway(_objects())["metadata"]
    assert metadata == {"name": "helloworld-gateway", "namespace": "sample", "labels": MANAGED_BY}


def test_gateway_uses_istio_networking_v1() -> None:
    objects = _objects(subsets=SUBSETS)
    for obj in objects.manifests():
        assert obj["apiVersion"] == "networking.istio.io/v1", obj["kind"]


def test_http_server_listens_on_80_for_route_hosts() -> None:
    assert _edge_gateway(_objects(hosts=["hello.example.com"]))["spec"]["servers"] == [
        {"port": {"number": 80, "name": "http", "protocol": "HTTP"}, "hosts": ["hello.example.com"]}
    ]


def test_no_https_server_without_tls() -> None:
    servers = _edge_gateway(_objects())["spec"]["servers"]
    assert [server["port"]["number"] for server in servers] == [80]


def test_tls_server_sets_min_tls12() -> None:
    servers = _edge_gateway(_objects(tls=TLS))["spec"]["servers"]
    assert servers[1] == {
        "port": {"number": 443, "name": "https", "protocol": "HTTPS"},
        "hosts": ["hello.example.com"],
        "tls": {"mode": "SIMPLE", "credentialName": "helloworld-cert", "minProtocolVersion": "TLSV1_2"},
    }


def test_tls_secret_is_expected_in_gateway_namespace() -> None:
    # credentialName Secrets are read from the gateway workload's namespace, not "sample".
    assert _objects(tls=TLS).tls_secret == ("istio-gateway", "helloworld-cert")


def test_no_tls_secret_without_tls() -> None:
    assert _objects().tls_secret is None


def test_virtual_service_binds_route_gateway() -> None:
    virtual_service = _objects().virtual_service
    assert virtual_service["metadata"] == {"name": "helloworld", "namespace": "sample", "labels": MANAGED_BY}
    assert virtual_service["spec"]["gateways"] == ["helloworld-gateway"]
    assert virtual_service["spec"]["hosts"] == ["*"]


def test_https_only_hosts_are_added_to_virtual_service() -> None:
    hosts = _objects(hosts=["www.example.com"], tls=TLS).virtual_service["spec"]["hosts"]
    assert hosts == ["www.example.com", "hello.example.com"]


def test_wildcard_host_already_covers_tls_hosts() -> None:
    assert _objects(tls=TLS).virtual_service["spec"]["hosts"] == ["*"]


def test_match_renders_exact_and_prefix_in_order() -> None:
    match = [{"uri": {"exact": "/hello"}}, {"uri": {"prefix": "/static"}}]
    assert _http_route(_objects(match=match))["match"] == match


def test_no_match_when_route_matches_everything() -> None:
    assert "match" not in _http_route(_objects(match=[]))


def test_no_weights_routes_to_host_without_subset() -> None:
    # Seed 004 step 6: /hello -> helloworld:5000, split by the mesh alone.
    assert _http_route(_objects())["route"] == [
        {"destination": {"host": "helloworld", "port": {"number": 5000}}}
    ]


def test_weights_render_in_spec_order() -> None:
    route = _http_route(_objects(subsets=SUBSETS, weights={"v2": 80, "v1": 20}))["route"]
    assert [(entry["destination"]["subset"], entry["weight"]) for entry in route] == [("v2", 80), ("v1", 20)]


def test_seed_004_canary_virtual_service() -> None:
    # Seed 004 step 7: 20% to v1, 80% to v2 through the ingress gateway.
    spec = _objects(subsets=SUBSETS, weights={"v1": 20, "v2": 80}).virtual_service["spec"]
    assert spec == {
        "hosts": ["*"],
        "gateways": ["helloworld-gateway"],
        "http": [
            {
                "match": [{"uri": {"exact": "/hello"}}],
                "route": [
                    {
                        "destination": {"host": "helloworld", "port": {"number": 5000}, "subset": "v1"},
                        "weight": 20,
                    },
                    {
                        "destination": {"host": "helloworld", "port": {"number": 5000}, "subset": "v2"},
                        "weight": 80,
                    },
                ],
            }
        ],
    }


def test_destination_rule_defines_subsets_in_spec_order() -> None:
    subsets = {"v2": {"version": "v2"}, "v1": {"version": "v1", "track": "stable"}}
    rule = _objects(subsets=subsets).destination_rule
    assert rule is not None
    assert rule["metadata"] == {"name": "helloworld", "namespace": "sample", "labels": MANAGED_BY}
    assert rule["spec"] == {
        "host": "helloworld",
        "subsets": [
            {"name": "v2", "labels": {"version": "v2"}},
            {"name": "v1", "labels": {"version": "v1", "track": "stable"}},
        ],
    }


def test_no_destination_rule_without_subsets() -> None:
    objects = _objects()
    assert objects.destination_rule is None
    assert [obj["kind"] for obj in objects.manifests()] == ["Gateway", "VirtualService"]


def test_manifests_list_gateway_first() -> None:
    kinds = [obj["kind"] for obj in _objects(subsets=SUBSETS).manifests()]
    assert kinds == ["Gateway", "VirtualService", "DestinationRule"]


def _schema_cases() -> list[Any]:
    variants: dict[str, dict[str, Any]] = {
        "plain": {},
        "tls": {"tls": TLS},
        "weights": {"subsets": SUBSETS, "weights": {"v1": 20, "v2": 80}},
        "tls-weights": {"tls": TLS, "subsets": SUBSETS, "weights": {"v1": 20, "v2": 80}},
        "no-match": {"match": []},
        "prefix-match": {"match": [{"uri": {"exact": "/hello"}}, {"uri": {"prefix": "/static"}}]},
    }
    return [
        pytest.param(obj, id=f"{variant}-{obj['kind']}")
        for variant, fields in variants.items()
        for obj in _objects(**fields).manifests()
    ]


@pytest.mark.parametrize("manifest", _schema_cases())
def test_every_object_passes_the_strict_schema(manifest: dict[str, Any]) -> None:
    validate_manifest(manifest)


def _mesh_route(**fields: Any) -> RouteSpec:
    raw = {k: v for k, v in HELLOWORLD.items() if k != "gateway"}
    return RouteSpec.model_validate(raw | {"subsets": SUBSETS, "weights": {"v1": 80, "v2": 20}} | fields)


def test_mesh_route_has_no_istio_gateway() -> None:
    assert route_objects(_mesh_route()).gateway is None


def test_mesh_route_virtual_service_is_for_the_service_host_bound_to_the_mesh() -> None:
    spec = route_objects(_mesh_route()).virtual_service["spec"]

    assert (spec["hosts"], spec["gateways"]) == (["helloworld"], ["mesh"])


def test_mesh_route_splits_by_weight_between_subsets() -> None:
    (http,) = route_objects(_mesh_route()).virtual_service["spec"]["http"]

    assert [(r["destination"]["subset"], r["weight"]) for r in http["route"]] == [("v1", 80), ("v2", 20)]


def test_mesh_route_renders_the_destination_rule_of_its_subsets() -> None:
    rule = route_objects(_mesh_route()).destination_rule

    assert rule is not None
    assert rule["spec"]["host"] == "helloworld"


def test_destination_rule_left_out_when_another_route_renders_it() -> None:
    objects = route_objects(_mesh_route(), destination_rule=False)

    assert objects.destination_rule is None
    assert [o["kind"] for o in objects.manifests()] == ["VirtualService"]


def test_edge_route_without_selector_is_an_error() -> None:
    with pytest.raises(ValueError, match="pass its selector and namespace"):
        route_objects(_route())


@pytest.mark.parametrize("kind", ["VirtualService", "DestinationRule"])
def test_mesh_route_objects_pass_the_istio_schema(kind: str) -> None:
    (obj,) = [o for o in route_objects(_mesh_route()).manifests() if o["kind"] == kind]
    validate_manifest(obj)


def test_https_redirect_answers_port_80_with_a_redirect() -> None:
    # Istio's Gateway: `tls.httpsRedirect` on an HTTP server sends a 301 to https:// for every
    # request it receives (Istio's "Gateway" reference, ServerTLSSettings.httpsRedirect).
    gateway = _edge_gateway(_objects(tls=TLS | {"httpsRedirect": True}))

    assert gateway["spec"]["servers"][0]["tls"] == {"httpsRedirect": True}
    validate_manifest(gateway)


def test_no_redirect_unless_asked() -> None:
    assert "tls" not in _edge_gateway(_objects(tls=TLS))["spec"]["servers"][0]
