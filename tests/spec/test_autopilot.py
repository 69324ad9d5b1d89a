"""Autopilot clusters: no node pools, the managed control plane, no node capacity rules."""

from __future__ import annotations

from components.spec import parse_platform
from tests.spec.fixtures import gke_cluster

from .fixtures import dev_platform, spec_message


def autopilot_platform() -> dict:
    raw = dev_platform()
    del raw["clusters"][1]["nodePool"]
    raw["clusters"][1]["autopilot"] = True
    return raw


def test_an_autopilot_cluster_without_node_pool_passes() -> None:
    assert gke_cluster(parse_platform(autopilot_platform()), 1).autopilot is True


def test_node_pool_fields_on_autopilot_are_refused() -> None:
    raw = autopilot_platform()
    raw["clusters"][1]["nodePool"] = {"machineType": "e2-standard-8"}

    assert spec_message(raw) == (
        "platform.clusters[1].nodePool: an Autopilot cluster has no node pools (GKE provisions and"
        " sizes its nodes); remove nodePool"
    )


def test_autopilot_with_in_cluster_istiod_is_refused() -> None:
    raw = autopilot_platform()
    raw["mesh"] = {
        "controlPlane": "in-cluster",
        "istiod": {"revisions": [{"name": "1-24-2", "version": "1.24.2"}]},
    }

    assert spec_message(raw) == (
        "platform.clusters[1].autopilot: an Autopilot cluster runs the managed control plane only"
        " (mesh.controlPlane: managed): in-cluster istiod's proxies need NET_ADMIN, which Autopilot refuses"
    )


def test_the_standard_clusters_pool_is_still_checked_beside_autopilot() -> None:
    raw = autopilot_platform()
    raw["clusters"][0]["nodePool"]["machineType"] = "e2-standard-2"

    assert spec_message(raw) == (
        "platform.clusters[0].nodePool.machineType: e2-standard-2 has 2 vCPU; mesh nodes need at least 4"
    )
