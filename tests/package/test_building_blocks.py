"""The building blocks a platform library composes on its own, through the provider's Construct:
the GKE cluster, the AKS cluster, the gateway and the route, each with the spec section it takes."""

from __future__ import annotations

from typing import Any

import pytest
from pulumi.errors import InputPropertyError

from components.engine import Plan, PlannedResource, ProgramError

from .construct import construct

GKE_CLUSTER = {
    "name": "tokyo-1",
    "location": "asia-northeast1",
    "subnet": "private-tokyo",
    "masterCidr": "192.168.0.0/28",
    "authorizedNetworks": [{"name": "ci", "cidr": "203.0.113.10/32"}],
    "nodePool": {"machineType": "e2-standard-4", "min": 1, "max": 3},
}
AKS_CLUSTER = {
    "name": "tokyo-aks",
    "cloud": "azure",
    "location": "japaneast",
    "apiServer": {"private": False, "authorizedRanges": ["203.0.113.10/32"]},
    "systemPool": {"vmSize": "Standard_D4s_v5", "min": 2, "max": 3},
    "userPool": {"vmSize": "Standard_D4s_v5", "min": 2, "max": 5},
    "istio": {"revisions": ["asm-1-24"]},
}
VNET = "/subscriptions/s/resourceGroups/mesh/providers/Microsoft.Network/virtualNetworks/mesh-vnet"
GATEWAY = {"name": "istio-ingressgateway", "kind": "ingress", "namespace": "istio-gateway"}
ROUTE = {
    "name": "helloworld",
    "namespace": "sample",
    "service": {"host": "helloworld", "port": 5000},
    "gateway": "istio-ingressgateway",
    "match": [{"uri": {"exact": "/hello"}}],
    "subsets": {"v1": {"version": "v1"}, "v2": {"version": "v2"}},
    "weights": {"v1": 20, "v2": 80},
}
KUBECONFIG = {"kubernetes": "apiVersion: v1\nkind: Config\n"}


def only(plan: Plan, type_: str) -> PlannedResource:
    found = plan.by_type(type_)
    assert len(found) == 1, [r.name for r in found]
    return found[0]


def refused(component: str, inputs: dict[str, Any], **kwargs: Any) -> InputPropertyError:
    with pytest.raises(ProgramError) as caught:
        construct(component, "block", inputs, **kwargs)
    cause = caught.value.__cause__
    assert isinstance(cause, InputPropertyError), repr(cause)
    return cause


def test_gke_cluster_is_private_with_the_specs_master_range() -> None:
    plan, state = construct(
        "PrivateGkeCluster",
        "tokyo-1",
        {
            "project": "acme-mesh-dev",
            "cluster": GKE_CLUSTER,
            "network": "projects/acme-mesh-dev/global/networks/mesh-vpc",
            "subnetwork": "projects/acme-mesh-dev/regions/asia-northeast1/subnetworks/private-tokyo",
            "podsRangeName": "pods",
            "servicesRangeName": "services",
            "namePrefix": "dev",
        },
    )
    cluster = only(plan, "gcp:container/cluster:Cluster")
    component = only(plan, "meshfleet:index:PrivateGkeCluster")
    assert cluster.parent == component.urn
    assert cluster.inputs["privateClusterConfig"]["enablePrivateNodes"] is True
    assert cluster.inputs["privateClusterConfig"]["masterIpv4CidrBlock"] == "192.168.0.0/28"
    assert cluster.inputs["name"] == "dev-tokyo-1"
    assert {"clusterName", "kubeconfig", "membershipId"} <= set(state)


def test_gke_cluster_spec_errors_name_the_arg() -> None:
    error = refused(
        "PrivateGkeCluster",
        {
            "project": "acme-mesh-dev",
            "cluster": {**GKE_CLUSTER, "nodePool": {"min": 5, "max": 3}},
            "network": "n",
            "subnetwork": "s",
            "podsRangeName": "pods",
            "servicesRangeName": "services",
        },
    )
    assert error.property_path == "cluster.nodePool"
    assert error.reason == "cluster.nodePool: min (5) must not exceed max (3)"


def test_aks_cluster_runs_the_istio_add_on_at_the_specs_revision() -> None:
    plan, state = construct(
        "AksCluster",
        "tokyo-aks",
        {
            "cluster": AKS_CLUSTER,
            "resourceGroupName": "mesh",
            "vnetId": VNET,
            "nodeSubnetId": f"{VNET}/subnets/nodes",
        },
    )
    managed = only(plan, "azure-native:containerservice:ManagedCluster")
    profile = managed.inputs["serviceMeshProfile"]
    assert profile["mode"] == "Istio"
    assert profile["istio"]["revisions"] == ["asm-1-24"]
    assert state["revision"] == "asm-1-24"


def test_gateway_objects_go_to_the_cluster_the_program_passed() -> None:
    plan, state = construct("IstioGateway", "ingress", {"gateway": GATEWAY}, providers=KUBECONFIG)
    provider = only(plan, "pulumi:providers:kubernetes")
    deployment = only(plan, "kubernetes:apps/v1:Deployment")
    assert deployment.provider is not None and deployment.provider.startswith(provider.urn)
    namespace = only(plan, "kubernetes:core/v1:Namespace")
    # The managed control plane's injection label by default.
    assert namespace.inputs["metadata"]["labels"]["istio-injection"] == "enabled"
    assert state["namespaceName"] == "istio-gateway"
    assert state["podLabels"]["istio"] == "ingressgateway"


def test_gateway_without_a_kubernetes_provider_is_refused() -> None:
    error = refused("IstioGateway", {"gateway": GATEWAY})
    assert error.property_path == "providers"
    assert "kubernetes provider" in error.reason


def test_edge_route_binds_to_the_gateway_it_names() -> None:
    plan, _ = construct(
        "Route",
        "helloworld",
        {"route": ROUTE, "selector": {"istio": "ingressgateway"}, "gatewayNamespace": "istio-gateway"},
        providers=KUBECONFIG,
    )
    gateway = only(plan, "kubernetes:networking.istio.io/v1:Gateway")
    assert gateway.inputs["spec"]["selector"] == {"istio": "ingressgateway"}
    service = only(plan, "kubernetes:networking.istio.io/v1:VirtualService")
    weights = [d["weight"] for d in service.inputs["spec"]["http"][0]["route"]]
    assert weights == [20, 80]


def test_edge_route_without_the_gateways_selector_is_refused() -> None:
    error = refused("Route", {"route": ROUTE, "gatewayNamespace": "istio-gateway"}, providers=KUBECONFIG)
    assert error.property_path == "selector"


def test_mesh_route_serves_the_mesh() -> None:
    mesh_route = {k: v for k, v in ROUTE.items() if k not in ("gateway", "match")}
    plan, _ = construct("Route", "helloworld", {"route": mesh_route}, providers=KUBECONFIG)
    service = only(plan, "kubernetes:networking.istio.io/v1:VirtualService")
    assert service.inputs["spec"]["gateways"] == ["mesh"]
