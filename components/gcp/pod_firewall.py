"""The firewall rule that lets Pods of one mesh cluster reach Pods of another (Google's "Set up a
multi-cluster mesh on managed Cloud Service Mesh").

GKE's own rules let a cluster's Pods talk to each other, not to the Pods of its neighbours in
the VPC; Envoy sends cross-cluster traffic straight to the remote Pod's IP, so without this
rule a multi-cluster mesh routes into a black hole.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pulumi
import pulumi_gcp as gcp

from components.spec.models import PlatformSpec

from .names import COMPUTE_NAME_LIMIT, fit, prefixed

# Every protocol Envoy may carry between clusters, as Google's "Set up a multi-cluster mesh on managed Cloud
# Service Mesh"'s
# `gcloud compute firewall-rules create NETWORK-istio-multicluster-pods --allow=...`.
PROTOCOLS = ("tcp", "udp", "icmp", "esp", "ah", "sctp")
# Above the default rules (1000) so a broad deny added later at 1000 does not cut the mesh.
PRIORITY = 900


@dataclass(frozen=True)
class MulticlusterFirewall:
    name: str
    source_ranges: tuple[str, ...]
    target_tags: tuple[str, ...]


def multicluster_firewall(spec: PlatformSpec, node_tag: Mapping[str, str]) -> MulticlusterFirewall | None:
    """Sources are the GKE clusters' Pod ranges, targets their node tags; None below two clusters."""
    clusters = [c for c in spec.clusters if c.cloud == "gcp"]
    if not spec.multi_cluster or len(clusters) < 2:
        return None
    pods = {s.name: s.pods for s in spec.gcp_section().network.subnets}
    return MulticlusterFirewall(
        # Google's "Set up a multi-cluster mesh on managed Cloud Service Mesh" names it after the network;
        # the network's name carries the stack's prefix.
        name=fit(
            prefixed(spec.prefix, spec.gcp_section().network.name),
            COMPUTE_NAME_LIMIT,
            suffix="-istio-multicluster-pods",
        ),
        source_ranges=tuple(sorted({pods[c.subnet] for c in clusters})),
        target_tags=tuple(node_tag[c.name] for c in clusters),
    )


def pod_firewall(
    name: str,
    plan: MulticlusterFirewall,
    *,
    project: str,
    network: pulumi.Input[str],
    opts: pulumi.ResourceOptions,
) -> gcp.compute.Firewall:
    """The rule `plan` describes, as a resource in `network`."""
    return gcp.compute.Firewall(
        name,
        name=plan.name,
        project=project,
        network=network,
        direction="INGRESS",
        priority=PRIORITY,
        source_ranges=list(plan.source_ranges),
        target_tags=list(plan.target_tags),
        allows=[gcp.compute.FirewallAllowArgs(protocol=p) for p in PROTOCOLS],
        opts=opts,
    )
