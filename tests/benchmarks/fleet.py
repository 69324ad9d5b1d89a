"""Synthetic fleets: the dev platform grown to N clusters, each on a subnet of its own."""

from __future__ import annotations

from typing import Any

from tests.spec.fixtures import dev_platform


def fleet_platform(clusters: int) -> dict[str, Any]:
    """A valid raw platform spec with `clusters` regional clusters (up to 64), one gateway, one route."""
    if not 1 <= clusters <= 64:
        raise ValueError("1..64 clusters: the address plan below has room for 64")
    dev = dev_platform()
    subnets = [
        {
            "name": f"subnet-{i}",
            "region": "asia-northeast1",
            "cidr": f"172.16.{i}.0/24",
            "pods": f"10.{i * 2}.0.0/15",
            "services": f"10.{200 + i // 16}.{(i % 16) * 16}.0/20",
        }
        for i in range(clusters)
    ]
    return {
        "environment": f"fleet{clusters}",
        "gcp": {"project": "acme-mesh-bench", "network": {"name": "mesh-vpc", "subnets": subnets}},
        "clusters": [
            {
                "name": f"cluster-{i}",
                "location": "asia-northeast1",
                "subnet": f"subnet-{i}",
                "masterCidr": f"192.168.{i}.0/28",
                "authorizedNetworks": [{"name": "ci", "cidr": "203.0.113.10/32"}],
            }
            for i in range(clusters)
        ],
        # The dev platform's gateway and helloworld route, applied to every cluster.
        "gateways": dev["gateways"],
        "routes": dev["routes"],
    }
