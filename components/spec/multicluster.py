"""The firewall that lets Pods of one mesh cluster reach Pods of another (seed 004, step 4)."""

from __future__ import annotations

from dataclasses import dataclass

from .models import PlatformSpec

# Every protocol Envoy may carry between clusters, as seed 004's
# `gcloud compute firewall-rules create NETWORK-istio-multicluster-pods --allow=...`.
PROTOCOLS = ("tcp", "udp", "icmp", "esp", "ah", "sctp")
# Above the default rules (1000) so a broad deny added later at 1000 does not cut the mesh.
PRIORITY = 900


@dataclass(frozen=True)
class MulticlusterFirewall:
    name: str
    source_ranges: tuple[str, ...]
    target_tags: tuple[str, ...]


def multicluster_firewall(spec: PlatformSpec, node_tag: dict[str, str]) -> MulticlusterFirewall | None:
    """Sources are the clusters' Pod ranges, targets their node tags; None below two clusters."""
    if not spec.mesh.multi_cluster or len(spec.clusters) < 2:
        return None
    pods = {s.name: s.pods for s in spec.gcp.network.subnets}
    return MulticlusterFirewall(
        name=f"{spec.gcp.network.name}-istio-multicluster-pods",
        source_ranges=tuple(sorted({pods[c.subnet] for c in spec.clusters})),
        target_tags=tuple(node_tag[c.name] for c in spec.clusters),
    )
