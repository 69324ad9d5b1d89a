"""Seed 004 step 4: the firewall rule between the clusters' Pods."""

from __future__ import annotations

from components.gcp.pod_firewall import multicluster_firewall
from components.spec import parse_platform
from tests.spec.fixtures import dev_platform

TAGS = {"tokyo-1": "tokyo-1-nodes", "tokyo-2": "tokyo-2-nodes"}


def two_subnet_platform() -> dict:
    raw = dev_platform()
    raw["gcp"]["network"]["subnets"].append(
        {
            "name": "private-tokyo-b",
            "region": "asia-northeast1",
            "cidr": "172.17.0.0/16",
            "pods": "10.8.0.0/14",
            "services": "10.12.0.0/20",
        }
    )
    raw["clusters"][1]["subnet"] = "private-tokyo-b"
    return raw


def test_rule_is_named_after_the_prefixed_network() -> None:
    rule = multicluster_firewall(parse_platform(dev_platform()), TAGS)
    assert rule is not None and rule.name == "dev-mesh-vpc-istio-multicluster-pods"


def test_rule_name_of_a_long_network_is_cut_to_63_characters() -> None:
    raw = dev_platform()
    raw["gcp"]["network"]["name"] = "n" * 63
    rule = multicluster_firewall(parse_platform(raw), TAGS)

    assert rule is not None and len(rule.name) == 63
    assert rule.name.startswith("dev-nnn") and rule.name.endswith("-istio-multicluster-pods")


def test_sources_are_every_clusters_pod_range() -> None:
    rule = multicluster_firewall(parse_platform(two_subnet_platform()), TAGS)
    assert rule is not None and rule.source_ranges == ("10.0.0.0/14", "10.8.0.0/14")


def test_shared_subnet_lists_its_pod_range_once() -> None:
    rule = multicluster_firewall(parse_platform(dev_platform()), TAGS)
    assert rule is not None and rule.source_ranges == ("10.0.0.0/14",)


def test_targets_are_every_clusters_node_tag() -> None:
    rule = multicluster_firewall(parse_platform(dev_platform()), TAGS)
    assert rule is not None and rule.target_tags == ("tokyo-1-nodes", "tokyo-2-nodes")


def test_no_rule_when_multi_cluster_is_off() -> None:
    raw = dev_platform()
    raw["mesh"]["multiCluster"] = False
    assert multicluster_firewall(parse_platform(raw), TAGS) is None


def test_no_rule_for_a_single_cluster() -> None:
    raw = dev_platform()
    del raw["clusters"][1]
    assert multicluster_firewall(parse_platform(raw), {"tokyo-1": "tokyo-1-nodes"}) is None
