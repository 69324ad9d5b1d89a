"""A valid raw platform spec (camelCase, as it appears under `meshfleet:platform`), and the
error a broken copy of it gives.

Built here in Python rather than read from stacks/, so the spec tests do not change when a
stack's config does. Tests mutate the copy they get and check the one error that results.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from components.spec import GkeClusterSpec, PlatformSpec, SpecError, parse_platform

_DEV_PLATFORM: dict[str, Any] = {
    "environment": "dev",
    "protect": False,
    "gcp": {
        "project": "acme-mesh-dev",
        "network": {
            "name": "mesh-vpc",
            "subnets": [
                {
                    "name": "private-tokyo",
                    "region": "asia-northeast1",
                    "cidr": "172.16.0.0/16",
                    "pods": "10.0.0.0/14",
                    "services": "10.4.0.0/20",
                },
            ],
            "nat": {"logging": "ALL"},
        },
    },
    "clusters": [
        {
            "name": "tokyo-1",
            "location": "asia-northeast1",
            "subnet": "private-tokyo",
            "masterCidr": "192.168.0.0/28",
            "releaseChannel": "STABLE",
            "authorizedNetworks": [{"name": "ci", "cidr": "203.0.113.10/32"}],
            "nodePool": {"machineType": "e2-standard-4", "min": 1, "max": 3},
        },
        {
            "name": "tokyo-2",
            "location": "asia-northeast1",
            "subnet": "private-tokyo",
            "masterCidr": "192.168.8.0/28",
            "releaseChannel": "STABLE",
            "authorizedNetworks": [{"name": "ci", "cidr": "203.0.113.10/32"}],
            "nodePool": {"machineType": "e2-standard-4", "min": 1, "max": 3},
        },
    ],
    "mesh": {
        "controlPlane": "managed",
        "channel": "stable",
        "injection": "revision",
        "mtls": "STRICT",
        "multiCluster": True,
    },
    "gateways": [
        {"name": "istio-ingressgateway", "kind": "ingress", "namespace": "istio-gateway"},
    ],
    "routes": [
        {
            "name": "helloworld",
            "namespace": "sample",
            "service": {"host": "helloworld", "port": 5000},
            "gateway": "istio-ingressgateway",
            "match": [{"uri": {"exact": "/hello"}}],
            "subsets": {"v1": {"version": "v1"}, "v2": {"version": "v2"}},
            "weights": {"v1": 20, "v2": 80},
        },
    ],
}


def dev_platform() -> dict[str, Any]:
    """A fresh deep copy of a valid two-cluster dev spec (tokyo-1 and tokyo-2, one subnet)."""
    return copy.deepcopy(_DEV_PLATFORM)


def spec_message(raw: Any) -> str:
    """The one-line error `parse_platform` gives for `raw` (fails the test if it parses)."""
    with pytest.raises(SpecError) as caught:
        parse_platform(raw)
    return str(caught.value)


def gke_cluster(spec: PlatformSpec, index: int = 0) -> GkeClusterSpec:
    """The `index`th cluster of `spec`, which the test built as a GKE cluster."""
    cluster = spec.clusters[index]
    assert isinstance(cluster, GkeClusterSpec)
    return cluster


_AKS_PLATFORM: dict[str, Any] = {
    "environment": "dev",
    "azure": {
        "resourceGroup": "mesh",
        "location": "japaneast",
        "network": {
            "name": "mesh-vnet",
            "addressSpace": "10.16.0.0/16",
            "nodeSubnet": "10.16.0.0/20",
            "internalLbSubnet": "10.16.16.0/24",
        },
    },
    "clusters": [
        {
            "name": "osaka-1",
            "cloud": "azure",
            "location": "japaneast",
            "istio": {"revisions": ["asm-1-24"]},
        },
    ],
    "gateways": [
        {
            "name": "aks-istio-ingressgateway-external",
            "namespace": "aks-istio-ingress",
            "addon": "external",
            "clusters": ["osaka-1"],
            "externalTrafficPolicy": "Local",
            "annotations": {"external-dns.alpha.kubernetes.io/hostname": "shop.example.com"},
        },
        {
            "name": "aks-istio-ingressgateway-internal",
            "namespace": "aks-istio-ingress",
            "addon": "internal",
            "clusters": ["osaka-1"],
        },
    ],
    "routes": [
        {
            "name": "productpage",
            "namespace": "bookinfo",
            "service": {"host": "productpage", "port": 9080},
            "gateway": "aks-istio-ingressgateway-external",
            "clusters": ["osaka-1"],
            "match": [{"uri": {"exact": "/productpage"}}, {"uri": {"prefix": "/static"}}],
        },
    ],
}


def aks_platform() -> dict[str, Any]:
    """A fresh deep copy of a valid one-cluster AKS spec: the add-on with its external and
    internal gateways, and one bookinfo route through the external one."""
    return copy.deepcopy(_AKS_PLATFORM)
