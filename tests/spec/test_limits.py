"""Numbers within the limits of the APIs they reach: no overflow, no 1e20 nodes."""

from __future__ import annotations

from components.spec import parse_platform
from tests.spec.fixtures import gke_cluster

from .fixtures import dev_platform, spec_message


def test_node_count_above_gkes_per_zone_limit_is_refused() -> None:
    raw = dev_platform()
    raw["clusters"][0]["nodePool"]["max"] = 1001

    assert spec_message(raw) == (
        "platform.clusters[0].nodePool.max: 1001 must be at most 1000 (GKE's limit of nodes per zone)"
    )


def test_node_count_at_gkes_per_zone_limit_passes() -> None:
    raw = dev_platform()
    raw["clusters"][0]["nodePool"]["max"] = 1000

    assert gke_cluster(parse_platform(raw)).node_pool.max == 1000


def test_400_digit_number_is_refused_in_one_short_line() -> None:
    raw = dev_platform()
    raw["clusters"][0]["nodePool"]["max"] = 10**400

    assert spec_message(raw) == (
        f"platform.clusters[0].nodePool.max: 1{'0' * 59}... (401 digits) must be at most 1000"
        " (GKE's limit of nodes per zone)"
    )


def test_1e20_is_not_a_node_count() -> None:
    raw = dev_platform()
    raw["clusters"][0]["nodePool"]["max"] = 1e20

    assert spec_message(raw) == "platform.clusters[0].nodePool.max: must be an integer, got number 1e+20"


def test_negative_node_count_is_refused() -> None:
    raw = dev_platform()
    raw["clusters"][0]["nodePool"]["min"] = -1

    assert spec_message(raw) == "platform.clusters[0].nodePool.min: -1 must be at least 0"


def test_boot_disk_above_64_tb_is_refused() -> None:
    raw = dev_platform()
    raw["clusters"][0]["nodePool"]["diskSizeGb"] = 65537

    assert spec_message(raw) == (
        "platform.clusters[0].nodePool.diskSizeGb: 65537 must be at most 65536 (GKE's largest boot disk)"
    )


def test_boot_disk_under_10_gb_is_refused() -> None:
    raw = dev_platform()
    raw["clusters"][0]["nodePool"]["diskSizeGb"] = 9

    assert spec_message(raw) == "platform.clusters[0].nodePool.diskSizeGb: 9 must be at least 10"


def test_gateway_replicas_above_1000_are_refused() -> None:
    raw = dev_platform()
    raw["gateways"][0]["replicas"] = {"min": 3, "max": 5000}

    assert spec_message(raw) == (
        "platform.gateways[0].replicas.max: 5000 must be at most 1000 (meshfleet's limit of gateway replicas)"
    )


def test_port_above_65535_is_refused() -> None:
    raw = dev_platform()
    raw["routes"][0]["service"]["port"] = 65536

    assert spec_message(raw) == "platform.routes[0].service.port: 65536 must be at most 65535"


def test_machine_type_with_a_400_digit_vcpu_count_is_refused() -> None:
    raw = dev_platform()
    raw["clusters"][0]["nodePool"]["machineType"] = "n2-standard-" + "9" * 400

    assert spec_message(raw) == (
        f"platform.clusters[0].nodePool.machineType: 'n2-standard-{'9' * 48}'... (412 characters)"
        " is not a GCE machine type name (e.g. e2-standard-4)"
    )


def test_huge_negative_weight_is_refused_in_one_short_line() -> None:
    raw = dev_platform()
    raw["routes"][0]["weights"] = {"v1": -(10**400), "v2": 100}

    assert spec_message(raw) == (
        f"platform.routes[0].weights.v1: weight -1{'0' * 58}... (402 digits) must not be negative"
    )
