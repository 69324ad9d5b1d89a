"""Cluster models say what they are: the traits cloud-neutral code asks instead of the cloud."""

from __future__ import annotations

from typing import Any, Literal

import pytest

from components.spec import parse_platform
from components.spec.cluster import ClusterModel, Created, KubeconfigSecret
from components.spec.models import CLUSTER_MODELS, PlatformSpec, register_cluster_model
from tests.spec.fixtures import aks_platform, dev_platform

ISTIOD = {"revisions": [{"name": "1-24-2", "version": "1.24.2"}]}


def _attached() -> dict[str, Any]:
    return {
        "environment": "onprem",
        "clusters": [
            {"name": "onprem-1", "cloud": "attached", "nodes": {"count": 4, "vcpus": 4, "memoryGb": 16}}
        ],
        "mesh": {"istiod": ISTIOD},
    }


def test_a_gke_cluster_runs_the_control_plane_mesh_control_plane_names() -> None:
    raw = dev_platform()
    raw["mesh"] = {"controlPlane": "in-cluster", "istiod": ISTIOD, "trustRoot": {}}
    spec = parse_platform(raw)

    assert [spec.control_plane(c) for c in spec.clusters] == ["in-cluster", "in-cluster"]


def test_an_aks_cluster_runs_the_addon_whatever_mesh_control_plane_says() -> None:
    spec = parse_platform(aks_platform())

    assert {spec.control_plane(c) for c in spec.clusters} == {"aks-addon"}


def test_an_attached_cluster_is_reached_by_its_secret_kubeconfig_and_a_gke_one_is_created() -> None:
    attached = parse_platform(_attached())
    gke = parse_platform(dev_platform())

    assert attached.clusters[0].reach() == KubeconfigSecret("onprem-1-kubeconfig")
    assert KubeconfigSecret("onprem-1-kubeconfig").full_key == "meshfleet:onprem-1-kubeconfig"
    assert gke.clusters[0].reach() == Created()


def test_gke_clusters_share_the_vpcs_network_and_an_attached_one_has_its_own() -> None:
    gke = parse_platform(dev_platform())
    attached = parse_platform(_attached())

    assert [gke.mesh_network(c) for c in gke.clusters] == ["mesh-vpc", "mesh-vpc"]
    assert attached.mesh_network(attached.clusters[0]) == "onprem-1"


def test_only_an_attached_cluster_has_no_internal_load_balancer_meshfleet_knows() -> None:
    clusters = [
        *parse_platform(dev_platform()).clusters,
        *parse_platform(aks_platform()).clusters,
        *parse_platform(_attached()).clusters,
    ]

    assert {c.cloud: c.internal_load_balancer for c in clusters} == {
        "gcp": True,
        "azure": True,
        "attached": False,
    }


class _Incomplete(ClusterModel):
    """A model that declares none of the traits."""

    cloud: Literal["incomplete"]


def test_a_model_that_leaves_out_a_trait_is_refused_before_it_joins_the_union() -> None:
    with pytest.raises(TypeError, match="leaves out traits of ClusterModel: control_plane, default_network"):
        register_cluster_model("incomplete", _Incomplete)

    assert "incomplete" not in CLUSTER_MODELS
    assert "incomplete" not in str(PlatformSpec.model_fields["clusters"].annotation)
