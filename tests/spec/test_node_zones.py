"""Node zones belong to the cluster's region (its location is that region, or a zone of it)."""

from __future__ import annotations

from components.spec import parse_platform
from tests.spec.fixtures import gke_cluster

from .fixtures import dev_platform, spec_message


def test_zones_of_the_clusters_region_pass() -> None:
    raw = dev_platform()
    raw["clusters"][0]["nodePool"]["zones"] = ["asia-northeast1-a", "asia-northeast1-b"]

    assert gke_cluster(parse_platform(raw)).node_pool.zones == ["asia-northeast1-a", "asia-northeast1-b"]


def test_zone_of_another_region_is_refused() -> None:
    raw = dev_platform()
    raw["clusters"][0]["nodePool"]["zones"] = ["asia-northeast1-a", "asia-northeast2-a"]

    assert spec_message(raw) == (
        "platform.clusters[0].nodePool.zones[1]: asia-northeast2-a is not a zone of asia-northeast1,"
        " the cluster's region"
    )


def test_zonal_cluster_takes_zones_of_its_zones_region() -> None:
    raw = dev_platform()
    raw["clusters"][0]["location"] = "asia-northeast1-a"
    raw["clusters"][0]["nodePool"]["zones"] = ["asia-northeast1-a", "asia-northeast1-c"]

    assert gke_cluster(parse_platform(raw)).node_pool.zones == ["asia-northeast1-a", "asia-northeast1-c"]


def test_zonal_cluster_refuses_a_zone_of_another_region() -> None:
    raw = dev_platform()
    raw["clusters"][0]["location"] = "asia-northeast1-a"
    raw["clusters"][0]["nodePool"]["zones"] = ["us-central1-a", "us-central1-b"]

    assert spec_message(raw) == (
        "platform.clusters[0].nodePool.zones[0]: us-central1-a is not a zone of asia-northeast1,"
        " the cluster's region"
    )


def test_name_that_is_no_zone_is_refused() -> None:
    raw = dev_platform()
    raw["clusters"][0]["nodePool"]["zones"] = ["tokyo"]

    assert spec_message(raw) == (
        "platform.clusters[0].nodePool.zones[0]: 'tokyo' must be a GCP zone, e.g. asia-northeast1-a"
    )


def test_zone_named_twice_is_refused() -> None:
    raw = dev_platform()
    raw["clusters"][0]["nodePool"]["zones"] = ["asia-northeast1-a", "asia-northeast1-a"]

    assert spec_message(raw) == (
        "platform.clusters[0].nodePool.zones[1]: zone 'asia-northeast1-a' is already used by"
        " platform.clusters[0].nodePool.zones[0]"
    )
