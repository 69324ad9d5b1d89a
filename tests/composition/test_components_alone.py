"""The platform's rules for one cluster, gateway or route, when a library builds the component alone."""

from __future__ import annotations

from typing import Any

import pulumi_kubernetes as kubernetes
import pytest

from components.engine import ProgramError, run_program
from components.mesh import IstioGateway, Route
from components.mesh.gateway import IstioGatewayArgs
from components.mesh.route import RouteArgs
from components.platform import MeshPlatform
from components.spec import (
    GatewaySpec,
    PlatformSpec,
    RouteSpec,
    SpecError,
    check_aks_cluster,
    check_gke_cluster,
    validate_platform,
)
from components.spec.azure import AksClusterSpec
from components.spec.models import GkeClusterSpec
from tests.spec.fixtures import aks_platform, dev_platform

KUBECONFIG = "apiVersion: v1\nkind: Config\n"


def refusal(program: Any) -> tuple[str, list[str]]:
    """The SpecError line a program fails with, and the types it had registered by then."""
    with pytest.raises(ProgramError) as caught:
        run_program(program, project="acme", stack="lib")
    assert isinstance(caught.value.__cause__, SpecError)
    return str(caught.value.__cause__), [r.type for r in caught.value.plan]


@pytest.mark.parametrize("namespace", ["istio-system", "kube-system"])
def test_a_gateway_in_a_namespace_the_cluster_owns_is_refused_not_created(namespace: str) -> None:
    def program() -> None:
        provider = kubernetes.Provider("k8s", kubeconfig=KUBECONFIG)
        spec = GatewaySpec.model_validate({"name": "gw", "namespace": namespace})
        IstioGateway("gw", IstioGatewayArgs(gateway=spec, injection_labels={}, provider=provider))

    line, registered = refusal(program)

    assert line == (
        f"IstioGatewayArgs.gateway.namespace: {namespace} is a control-plane or system namespace; "
        "gateways run in a namespace of their own"
    )
    assert "kubernetes:core/v1:Namespace" not in registered
    assert "meshfleet:index:IstioGateway" not in registered


def test_a_route_whose_weights_do_not_add_up_is_refused() -> None:
    def program() -> None:
        provider = kubernetes.Provider("k8s", kubeconfig=KUBECONFIG)
        spec = RouteSpec.model_validate(
            {
                "name": "r",
                "namespace": "app",
                "service": {"host": "hello", "port": 80},
                "subsets": {"v1": {"version": "v1"}, "v2": {"version": "v2"}},
                "weights": {"v1": 90, "v2": 20},
            }
        )
        Route("r", RouteArgs(route=spec, selector=None, gateway_namespace=None, provider=provider))

    line, _ = refusal(program)

    assert line == "RouteArgs.route.weights: weights add up to 110, must add up to 100"


def test_a_small_pool_is_refused_by_the_cluster_check() -> None:
    raw = dev_platform()["clusters"][0] | {"nodePool": {"machineType": "e2-small"}}

    with pytest.raises(SpecError) as caught:
        check_gke_cluster(GkeClusterSpec.model_validate(raw), "cluster")

    assert (
        str(caught.value) == "cluster.nodePool.machineType: e2-small has 0.5 vCPU; mesh nodes need at least 4"
    )


def test_validate_platform_runs_the_cross_field_rules_on_a_spec_built_in_code() -> None:
    raw = dev_platform()
    raw["routes"][0]["weights"] = {"v1": 20, "v2": 70}
    spec = PlatformSpec.model_validate(raw)  # pydantic alone: the fields are well-formed

    with pytest.raises(SpecError) as caught:
        validate_platform(spec)

    assert str(caught.value) == "platform.routes[0].weights: weights add up to 90, must add up to 100"


def test_mesh_platform_refuses_a_spec_built_in_code_that_breaks_a_rule() -> None:
    raw = dev_platform()
    raw["clusters"][0]["masterCidr"] = "192.168.0.0/24"
    spec = PlatformSpec.model_validate(raw)

    line, registered = refusal(lambda: MeshPlatform("mesh", spec))

    assert line == "platform.clusters[0].masterCidr: 192.168.0.0/24 must be a /28 (GKE control plane range)"
    assert registered == ["pulumi:pulumi:Stack"]


def test_a_public_aks_api_server_without_authorized_ranges_is_refused_alone() -> None:
    raw = aks_platform()["clusters"][0] | {"apiServer": {"private": False}}

    with pytest.raises(SpecError) as caught:
        check_aks_cluster(AksClusterSpec.model_validate(raw), "AksClusterArgs.cluster")

    assert str(caught.value) == (
        "AksClusterArgs.cluster.apiServer.authorizedRanges: a public API server needs at least one "
        "authorized range (or set private: true)"
    )
