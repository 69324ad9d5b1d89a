"""A Plan with one of every kind of resource meshguard reads, each with what its policies check.

Our components' output (a private GKE cluster with its pool and firewall rule, a gateway with a
route) plus hand-built shapes they never produce: AKS, a fleet mesh, an east-west Service, TLS
servers, TCP routes with a mirror, a provider that sets the namespace, an AKS provider with
revision-labelled namespaces and the add-on's gateway Services. Used to put an unknown
value anywhere a policy may look, and to run every policy on it in both views.
"""

from __future__ import annotations

import functools

from components.engine import Plan
from tests.policy.helpers import (
    DEPLOYMENT,
    cluster_plan,
    components_plan,
    gateway_deployment,
    helloworld_route,
    istio_object,
    k8s_provider,
    namespace,
    plan_from,
    resource,
    service,
)

READ_BY_POLICIES = (
    "pulumi:providers:kubernetes",
    DEPLOYMENT,
    "kubernetes:core/v1:Service",
    "kubernetes:core/v1:Namespace",
    "kubernetes:networking.istio.io/v1:Gateway",
    "kubernetes:networking.istio.io/v1:VirtualService",
    "kubernetes:networking.istio.io/v1:DestinationRule",
    "gcp:container/cluster:Cluster",
    "gcp:container/nodePool:NodePool",
    "gcp:compute/firewall:Firewall",
    "gcp:compute/network:Network",
    "gcp:gkehub/feature:Feature",
    "gcp:gkehub/featureMembership:FeatureMembership",
    "azure-native:containerservice:ManagedCluster",
    "azure-native:containerservice:AgentPool",
    "kubernetes:core/v1:ServicePatch",
    "kubernetes:core/v1:NamespacePatch",
)
"""The types some policy reads the properties of."""


def _hand_built() -> list:
    provider = k8s_provider("cluster-b", namespace="istio-eastwest")
    aks = resource(
        "azure-native:containerservice:ManagedCluster",
        "aks",
        {
            "resourceName": "aks-1",
            "serviceMeshProfile": {
                "mode": "Istio",
                "istio": {
                    "revisions": ["asm-1-23", "asm-1-24"],
                    "components": {"ingressGateways": [{"mode": "Internal", "enabled": True}]},
                },
            },
            "apiServerAccessProfile": {
                "enablePrivateCluster": False,
                "authorizedIPRanges": ["203.0.113.0/24"],
            },
            "agentPoolProfiles": [{"name": "system", "vmSize": "Standard_D2s_v5"}],
        },
    )
    aks_provider = resource(
        "pulumi:providers:kubernetes",
        "aks-k8s",
        {"kubeconfig": "<secret>"},
        property_dependencies={"kubeconfig": [aks.urn]},
    )
    return [
        provider,
        resource("gcp:compute/network:Network", "vpc", {"name": "mesh-vpc"}),
        resource(
            "gcp:container/cluster:Cluster",
            "inline",
            {
                "name": "inline",
                "network": "mesh-vpc",
                "privateClusterConfig": {"enablePrivateNodes": True, "masterIpv4CidrBlock": "192.168.8.0/28"},
                "nodePools": [
                    {"name": "big", "nodeConfig": {"machineType": "n2-standard-8", "tags": ["inline-nodes"]}},
                    {"name": "small", "nodeConfig": {"machineType": "e2-small", "serviceAccount": "nodes@x"}},
                ],
            },
        ),
        resource(
            "gcp:gkehub/feature:Feature",
            "servicemesh",
            {"name": "servicemesh", "location": "global", "fleetDefaultMemberConfig": {"mesh": {}}},
        ),
        resource(
            "gcp:gkehub/featureMembership:FeatureMembership", "member", {"mesh": {"management": "AUTOMATIC"}}
        ),
        aks,
        aks_provider,
        namespace("apps", {"istio.io/rev": "asm-1-23"}, provider=aks_provider),
        namespace("legacy", {"istio-injection": "enabled"}, provider=aks_provider),
        resource(
            "kubernetes:core/v1:NamespacePatch",
            "default-ns",
            {"metadata": {"name": "default", "labels": {"istio.io/rev": "asm-1-24"}}},
            provider=aks_provider,
        ),
        resource(
            "kubernetes:core/v1:ServicePatch",
            "addon-gateway",
            {
                "metadata": {
                    "name": "aks-istio-ingressgateway-internal",
                    "namespace": "aks-istio-ingress",
                    "annotations": {
                        "service.beta.kubernetes.io/azure-load-balancer-internal": "true",
                        "service.beta.kubernetes.io/azure-pip-name": "pip",
                        "example.com/unsupported": "x",
                    },
                },
                "spec": {"externalTrafficPolicy": "Local"},
            },
            provider=aks_provider,
        ),
        service(
            "aks-istio-ingressgateway-external",
            "aks-istio-ingress",
            selector={"istio": "aks-istio-ingressgateway-external"},
            annotations={"service.beta.kubernetes.io/azure-pip-name": "pip"},
            provider=aks_provider,
        ),
        resource(
            "azure-native:containerservice:AgentPool",
            "extra",
            {"agentPoolName": "extra", "vmSize": "Standard_B2ms"},
        ),
        namespace("istio-eastwest", {"istio.io/rev": "asm-managed"}, provider=provider),
        gateway_deployment(
            "istio-eastwestgateway",
            namespace=None,
            labels={"istio": "eastwestgateway", "sidecar.istio.io/inject": "true"},
            provider=provider,
        ),
        service(
            "istio-eastwestgateway",
            "istio-eastwest",
            selector={"istio": "eastwestgateway"},
            labels={"istio": "eastwestgateway", "topology.istio.io/network": "network1"},
            annotations={"service.beta.kubernetes.io/load-balancer-source-ranges": "0.0.0.0/0"},
            spec={"type": "LoadBalancer", "loadBalancerSourceRanges": ["10.0.0.0/8"]},
            provider=provider,
        ),
        istio_object(
            "Gateway",
            "cross-network",
            "istio-eastwest",
            {
                "selector": {"istio": "eastwestgateway"},
                "servers": [
                    {"port": {"number": 15443}, "tls": {"mode": "AUTO_PASSTHROUGH"}},
                    {
                        "port": {"number": 443},
                        "tls": {
                            "mode": "SIMPLE",
                            "minProtocolVersion": "TLSV1_2",
                            "verifyCertificateSpki": ["x"],
                        },
                    },
                ],
            },
            provider=provider,
        ),
        istio_object(
            "VirtualService",
            "db",
            "data",
            {
                "hosts": ["db"],
                "tcp": [
                    {
                        "route": [{"destination": {"host": "db", "subset": "a"}, "weight": 100}],
                        "mirror": {"host": "db", "subset": "b"},
                    }
                ],
            },
            provider=provider,
        ),
        istio_object(
            "DestinationRule", "db", "data", {"host": "db", "subsets": [{"name": "a"}]}, provider=provider
        ),
    ]


@functools.cache
def zoo() -> Plan:
    """Our cluster and gateway with a route, and the hand-built shapes (cached: treat as read-only)."""
    ours = [*cluster_plan().resources[1:], *components_plan(routes=(helloworld_route(),)).resources[1:]]
    return plan_from(*ours, *_hand_built())
