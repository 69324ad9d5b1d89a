"""meshguard's advice in the words of what the user edits: the platform spec's field when a
MeshPlatform made the resource, the resource's own field in a program written without meshfleet.

Each policy is run on the same resource twice: once at the top of the stack (a hand-written
program) and once under a `meshfleet:index:MeshPlatform` component, as the engine chains the
types of a resource the spec made into its URN.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from policy.meshguard.values import PLATFORM_TYPE
from tests.policy.helpers import (
    GKE_CLUSTER,
    gateway_deployment,
    plan_from,
    platform_plan,
    resource,
    service,
    violations,
)

SPEC = "in the platform spec (meshfleet:platform)"
AKS = "azure-native:containerservice:ManagedCluster"
EAST_WEST = {"istio": "eastwestgateway"}

PLATFORM = resource(PLATFORM_TYPE, "mesh")
"""The component a platform spec becomes; the resources below are made as its children or not."""
MESH = resource(
    "kubernetes:security.istio.io/v1:PeerAuthentication", "mtls", {"spec": {"mtls": {"mode": "STRICT"}}}
)
"""An Istio object: the program builds a mesh, so mesh-node-capacity looks at its pools."""


def _gke_cluster(**kwargs: Any) -> Any:
    return resource(
        GKE_CLUSTER,
        "tokyo-1-cluster",
        {
            "name": "tokyo-1",
            "privateClusterConfig": {"enablePrivateNodes": True, "masterIpv4CidrBlock": "192.168.0.0/28"},
            "workloadIdentityConfig": {"workloadPool": "acme.svc.id.goog"},
        },
        **kwargs,
    )


def _small_pool(**kwargs: Any) -> Any:
    return resource(
        "gcp:container/nodePool:NodePool",
        "pool",
        {"name": "pool", "nodeConfig": {"machineType": "e2-standard-2"}},
        **kwargs,
    )


def _aks_cluster(**kwargs: Any) -> Any:
    return resource(
        AKS,
        "aks",
        {
            "resourceName": "aks-1",
            "serviceMeshProfile": {"mode": "Istio"},
            "agentPoolProfiles": [
                {"name": "system", "mode": "System", "vmSize": "Standard_D2s_v5"},
                {"name": "user", "mode": "User", "vmSize": "Standard_D2s_v5"},
            ],
        },
        **kwargs,
    )


def _east_west(**kwargs: Any) -> Any:
    return service(
        "istio-eastwestgateway",
        "istio-eastwest",
        selector=EAST_WEST,
        labels=EAST_WEST | {"topology.istio.io/network": "network1"},
        spec={"type": "LoadBalancer"},
        **kwargs,
    )


def _addon_patch(**kwargs: Any) -> Any:
    return resource(
        "kubernetes:core/v1:ServicePatch",
        "external-patch",
        {
            "metadata": {
                "name": "aks-istio-ingressgateway-external",
                "namespace": "aks-istio-ingress",
                "annotations": {"example.com/unsupported": "x"},
            }
        },
        **kwargs,
    )


# policy, a builder of the resource, the spec's words, the resource's words, extra config
CASES: dict[str, tuple[str, Callable[..., Any], str, str, dict[str, Any]]] = {
    "authorized-networks": (
        "private-gke",
        _gke_cluster,
        "list the networks that may reach it in the cluster's authorizedNetworks in the platform spec",
        "accepts connections from any address; list the networks that may reach it (an empty list",
        {},
    ),
    "release-channel": (
        "private-gke",
        _gke_cluster,
        "set the cluster's releaseChannel in the platform spec (meshfleet:platform) to RAPID",
        "set releaseChannel.channel to RAPID, REGULAR or STABLE",
        {},
    ),
    "gke-machine-type": (
        "mesh-node-capacity",
        _small_pool,
        "set the cluster's nodePool.machineType to a machine type of at least 4 vCPU " + SPEC,
        "choose a machine type of at least 4 vCPU.",
        {},
    ),
    "aks-system-pool": (
        "mesh-node-capacity",
        _aks_cluster,
        "set the cluster's systemPool.vmSize to a VM size of at least 4 vCPU " + SPEC,
        "choose a VM size of at least 4 vCPU.",
        {},
    ),
    "east-west-source-ranges": (
        "east-west-exposure",
        _east_west,
        "list the other clusters' networks in the gateway's loadBalancerSourceRanges " + SPEC,
        "set spec.loadBalancerSourceRanges to the other clusters' networks",
        {},
    ),
    "gateway-namespace": (
        "gateway-namespace-separation",
        lambda **kw: gateway_deployment(namespace="istio-system", **kw),
        "Set the gateway's namespace to one of its own (e.g. istio-gateway) " + SPEC,
        "Run gateways in a namespace of their own (e.g. istio-gateway)",
        {},
    ),
    "aks-api-server": (
        "aks-api-server-access",
        _aks_cluster,
        "set the cluster's apiServer.private: true, or list the networks that may reach it in its "
        "apiServer.authorizedRanges " + SPEC,
        "set apiServerAccessProfile.enablePrivateCluster",
        {},
    ),
    "addon-annotations": (
        "aks-addon-gateway-annotations",
        _addon_patch,
        "keep in the gateway's annotations " + SPEC + " to",
        "; keep to service.beta.kubernetes.io/",
        {},
    ),
}


def _message(case: str, under_platform: bool) -> str:
    policy, build, *_, config = CASES[case]
    made = build(parent=PLATFORM.urn) if under_platform else build()
    plan = plan_from(PLATFORM, MESH, made) if under_platform else plan_from(MESH, made)
    found = [v.message for v in violations(policy, plan, **config)]
    key = {"authorized-networks": "masterAuthorizedNetworksConfig", "release-channel": "release channel"}
    found = [m for m in found if key.get(case, "") in m]
    assert len(found) >= 1, f"{policy} reported nothing for {case}"
    return found[0]


@pytest.mark.parametrize("case", list(CASES))
def test_advice_for_a_resource_the_spec_made_names_the_spec_field(case: str) -> None:
    _, _, spec_words, resource_words, _ = CASES[case]

    message = _message(case, under_platform=True)

    assert spec_words in message
    assert resource_words not in message


@pytest.mark.parametrize("case", list(CASES))
def test_advice_for_a_resource_of_another_program_names_the_resource_field(case: str) -> None:
    resource_words = CASES[case][3]

    message = _message(case, under_platform=False)

    assert resource_words in message
    assert SPEC not in message


def test_a_higher_capacity_threshold_on_the_real_dev_platform_names_the_spec_field() -> None:
    # The spec refuses pools under 4 vCPU; a pack configured for 8 finds the dev stack's
    # e2-standard-4 pools, which the platform made from `nodePool.machineType`.
    found = violations("mesh-node-capacity", platform_plan(), minVcpus=8)

    assert found
    assert all(
        "set the cluster's nodePool.machineType to a machine type of at least 8 vCPU " + SPEC in v.message
        for v in found
    )
