"""A worked composition: a platform library built on the components directly, not on MeshPlatform.

What a library author writes (the reference's "Composing the components" shows this code): a
network, a private cluster, the managed mesh, one ingress gateway and one route, each child on
its cluster's explicit provider, run offline and checked like a stack.
"""

from __future__ import annotations

import pytest

from components.engine import Plan, ProgramError, run_program
from components.gcp import CloudServiceMesh, GcpNetwork, PrivateGkeCluster
from components.gcp.cluster import PrivateGkeClusterArgs
from components.gcp.mesh import CloudServiceMeshArgs
from components.gcp.network import GcpNetworkArgs
from components.mesh import IstioGateway, Route
from components.mesh.gateway import IstioGatewayArgs
from components.mesh.route import RouteArgs
from components.render.injection import namespace_labels
from components.spec import GatewaySpec, GcpNetworkSpec, GkeClusterSpec, MeshSpec, RouteSpec

PROJECT = "acme-mesh-lib"


def library(master_cidr: str = "192.168.0.0/28", namespace: str = "istio-gateway") -> None:
    """The library's program: every spec is built in code, validated by pydantic and the components."""
    network_spec = GcpNetworkSpec.model_validate(
        {
            "name": "lib-vpc",
            "subnets": [
                {
                    "name": "tokyo",
                    "region": "asia-northeast1",
                    "cidr": "172.16.0.0/16",
                    "pods": "10.0.0.0/14",
                    "services": "10.4.0.0/20",
                }
            ],
        }
    )
    network = GcpNetwork("lib-network", GcpNetworkArgs(project=PROJECT, network=network_spec))
    cluster = PrivateGkeCluster(
        "lib-tokyo-1",
        PrivateGkeClusterArgs(
            project=PROJECT,
            cluster=GkeClusterSpec.model_validate(
                {
                    "name": "tokyo-1",
                    "location": "asia-northeast1",
                    "subnet": "tokyo",
                    "masterCidr": master_cidr,
                }
            ),
            network=network.network_id,
            subnetwork=network.subnet_ids["tokyo"],
            pods_range_name="tokyo-pods",
            services_range_name="tokyo-services",
        ),
    )
    mesh = MeshSpec()
    csm = CloudServiceMesh(
        "lib-csm", CloudServiceMeshArgs(project=PROJECT, memberships={"tokyo-1": cluster.membership_id})
    )
    gateway = IstioGateway(
        "lib-tokyo-1/ingress",
        IstioGatewayArgs(
            gateway=GatewaySpec.model_validate({"name": "ingress", "namespace": namespace}),
            injection_labels=namespace_labels(mesh),
            provider=cluster.provider,
            mesh_ready=csm.ready("tokyo-1"),
        ),
    )
    Route(
        "lib-tokyo-1/hello",
        RouteArgs(
            route=RouteSpec.model_validate(
                {
                    "name": "hello",
                    "namespace": namespace,
                    "service": {"host": "hello", "port": 5000},
                    "gateway": "ingress",
                    "subsets": {"v1": {"version": "v1"}, "v2": {"version": "v2"}},
                    "weights": {"v1": 90, "v2": 10},
                }
            ),
            selector=gateway.pod_labels,
            gateway_namespace=namespace,
            provider=cluster.provider,
            mesh_ready=csm.ready("tokyo-1"),
        ),
    )


@pytest.fixture(scope="module")
def plan() -> Plan:
    return run_program(library, project="acme", stack="lib")


def test_the_library_plans_a_cluster_a_gateway_and_a_route(plan: Plan) -> None:
    assert {
        "meshfleet:index:PrivateGkeCluster",
        "meshfleet:index:IstioGateway",
        "meshfleet:index:Route",
        "kubernetes:networking.istio.io/v1:VirtualService",
    } <= set(plan.counts())


def test_every_kubernetes_object_of_the_library_uses_the_clusters_provider(plan: Plan) -> None:
    provider = plan.find("pulumi:providers:kubernetes", "lib-tokyo-1-k8s").urn
    objects = [r for r in plan if r.type.startswith("kubernetes:") and r.custom]

    assert objects
    assert {r.provider for r in objects} == {provider}


def test_the_route_splits_as_the_library_asked(plan: Plan) -> None:
    service = plan.find(
        "kubernetes:networking.istio.io/v1:VirtualService", "lib-tokyo-1/hello-virtualservice"
    )

    weights = [d["weight"] for d in service.inputs["spec"]["http"][0]["route"]]
    assert weights == [90, 10]


def test_the_cluster_rules_hold_when_the_library_builds_it_alone() -> None:
    with pytest.raises(ProgramError) as caught:
        run_program(lambda: library(master_cidr="192.168.0.0/24"), project="acme", stack="lib")

    assert str(caught.value.__cause__) == (
        "PrivateGkeClusterArgs.cluster.masterCidr: 192.168.0.0/24 must be a /28 (GKE control plane range)"
    )
    assert not [r for r in caught.value.plan if r.type == "gcp:container/cluster:Cluster"]
