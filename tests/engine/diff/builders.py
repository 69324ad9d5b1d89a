"""Hand-made plans for the diff tests: a small platform, and ways to change it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from components.engine.plan import SECRET, UNKNOWN, Plan, PlannedResource
from components.engine.recorder import make_urn

PROJECT = "demo"
NETWORK = "gcp:compute/network:Network"
SUBNET = "gcp:compute/subnetwork:Subnetwork"
CLUSTER = "gcp:container/cluster:Cluster"
POOL = "gcp:container/nodePool:NodePool"
K8S = "pulumi:providers:kubernetes"
NAMESPACE = "kubernetes:core/v1:Namespace"
DEPLOYMENT = "kubernetes:apps/v1:Deployment"


def stack_urn(stack: str) -> str:
    return make_urn(stack, PROJECT, "", "pulumi:pulumi:Stack", f"{PROJECT}-{stack}")


def urn(name: str, type_: str, stack: str = "dev", parent: str | None = None) -> str:
    return make_urn(stack, PROJECT, parent or stack_urn(stack), type_, name)


def res(name: str, type_: str = NETWORK, stack: str = "dev", **fields: Any) -> PlannedResource:
    parent = fields.pop("parent", None) or stack_urn(stack)
    return PlannedResource(
        urn=make_urn(stack, PROJECT, parent, type_, name),
        type=type_,
        name=name,
        custom=True,
        parent=parent,
        **fields,
    )


def plan(*resources: PlannedResource, stack: str = "dev", outputs: dict[str, Any] | None = None) -> Plan:
    root = PlannedResource(
        urn=stack_urn(stack), type="pulumi:pulumi:Stack", name=f"{PROJECT}-{stack}", custom=False
    )
    return Plan(project=PROJECT, stack=stack, resources=[root, *resources], outputs=outputs or {})


def platform(stack: str = "dev", **overrides: Any) -> Plan:
    """A network, subnet, cluster, pool, Kubernetes provider, namespace and deployment."""
    net, sub, cluster = (
        urn("vpc", NETWORK, stack),
        urn("subnet", SUBNET, stack),
        urn("cluster", CLUSTER, stack),
    )
    provider = urn("k8s", K8S, stack)
    resources = {
        "vpc": res("vpc", NETWORK, stack, inputs={"name": "mesh-vpc", "autoCreateSubnetworks": False}),
        "subnet": res(
            "subnet",
            SUBNET,
            stack,
            inputs={
                "name": "tokyo",
                "network": UNKNOWN,
                "ipCidrRange": "172.16.0.0/16",
                "region": "asia-northeast1",
            },
            dependencies=[net],
            property_dependencies={"network": [net]},
        ),
        "cluster": res(
            "cluster",
            CLUSTER,
            stack,
            inputs={
                "name": "tokyo-1",
                "network": UNKNOWN,
                "subnetwork": UNKNOWN,
                "privateClusterConfig": {"enablePrivateNodes": True, "masterIpv4CidrBlock": "192.168.0.0/28"},
                "masterAuthorizedNetworksConfig": {"cidrBlocks": [{"cidrBlock": "203.0.113.10/32"}]},
            },
            dependencies=[net, sub],
            property_dependencies={"network": [net], "subnetwork": [sub]},
        ),
        "pool": res(
            "pool",
            POOL,
            stack,
            inputs={"cluster": "tokyo-1", "nodeConfig": {"machineType": "e2-standard-4"}},
            dependencies=[cluster],
            property_dependencies={"cluster": [cluster]},
        ),
        "k8s": res(
            "k8s",
            K8S,
            stack,
            inputs={"kubeconfig": SECRET},
            secret_paths=["kubeconfig"],
            dependencies=[cluster],
            property_dependencies={"kubeconfig": [cluster]},
        ),
        "ns": res("ns", NAMESPACE, stack, inputs={"metadata": {"name": "sample"}}, provider=provider),
        "app": res(
            "app",
            DEPLOYMENT,
            stack,
            inputs={
                "metadata": {"name": "app", "namespace": "sample"},
                "spec": {"selector": {"matchLabels": {"app": "app"}}, "replicas": 1},
            },
            provider=provider,
        ),
    }
    for name, change in overrides.items():
        if change is None:
            del resources[name]
        else:
            change(resources[name])
    return plan(*resources.values(), stack=stack)


def set_input(path: str, value: Any) -> Callable[[PlannedResource], None]:
    def apply(resource: PlannedResource) -> None:
        *parents, last = path.split(".")
        target = resource.inputs
        for key in parents:
            target = target[key]
        target[last] = value

    return apply
