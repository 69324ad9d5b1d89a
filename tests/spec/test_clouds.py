"""Clusters of several kinds in one spec: the `cloud` tag, and the section each cloud needs."""

from __future__ import annotations

from typing import Any

from components.spec import parse_platform
from components.spec.models import AksClusterSpec, AttachedClusterSpec, GkeClusterSpec

from .fixtures import aks_platform, dev_platform, spec_message

AKS = {"name": "osaka-1", "cloud": "azure", "location": "japaneast", "istio": {"revisions": ["asm-1-24"]}}
AZURE = aks_platform()["azure"]
ATTACHED = {"name": "onprem-1", "cloud": "attached", "nodes": {"count": 4, "vcpus": 4, "memoryGb": 16}}


def with_cluster(cluster: dict[str, Any], **sections: Any) -> dict[str, Any]:
    raw = dev_platform()
    raw["clusters"].append(cluster)
    raw.update(sections)
    return raw


def test_cluster_without_cloud_is_gke() -> None:
    assert isinstance(parse_platform(dev_platform()).clusters[0], GkeClusterSpec)


def test_cloud_tag_picks_the_cluster_model() -> None:
    raw = with_cluster(dict(AKS), azure=AZURE)
    raw["clusters"].append(dict(ATTACHED))
    raw["mesh"]["istiod"] = {"revisions": [{"name": "1-24-2", "version": "1.24.2"}]}
    # Beside AKS, a gateway meshfleet runs (and the routes through it) names its clusters.
    for placed in (*raw["gateways"], *raw["routes"]):
        placed["clusters"] = ["tokyo-1", "tokyo-2"]

    kinds = [type(c) for c in parse_platform(raw).clusters]

    assert kinds == [GkeClusterSpec, GkeClusterSpec, AksClusterSpec, AttachedClusterSpec]


def test_unknown_cloud_names_the_cloud_field_and_the_choices() -> None:
    raw = with_cluster({"name": "x", "cloud": "aws"})

    assert spec_message(raw) == (
        "platform.clusters[2].cloud: must be one of 'gcp', 'azure', 'attached', got string 'aws'"
    )


def test_misspelt_key_of_an_aks_cluster_is_suggested_from_the_aks_fields() -> None:
    raw = with_cluster(dict(AKS, vmSize="x", locaton="japaneast"), azure=AZURE)
    del raw["clusters"][2]["location"]

    assert spec_message(raw).startswith("platform.clusters[2].vmSize: unknown field")


def test_error_inside_an_aks_cluster_has_no_union_tag_in_its_path() -> None:
    raw = with_cluster(dict(AKS, location="Japan East"), azure=AZURE)

    assert spec_message(raw).startswith("platform.clusters[2].location: 'Japan East' must be a DNS label")


def test_aks_cluster_requires_the_azure_section() -> None:
    raw = with_cluster(dict(AKS))

    assert spec_message(raw) == "platform.azure: is required by clusters[2] (osaka-1, cloud: azure)"


def test_azure_section_without_aks_clusters_is_refused() -> None:
    raw = dev_platform()
    raw["azure"] = AZURE

    assert spec_message(raw) == "platform.azure: is set, but no cluster has cloud: azure"


def test_attached_cluster_requires_istiod() -> None:
    raw = with_cluster(dict(ATTACHED))

    assert spec_message(raw) == (
        "platform.mesh.istiod: is required: clusters[2] (onprem-1) runs the in-cluster control plane"
    )
