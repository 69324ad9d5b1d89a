"""`preview --cluster/--type`: which resources a filter shows, on the staging stack's accepted plan."""

from __future__ import annotations

from pathlib import Path

from components.cli.filters import counts, narrowed, selected
from components.engine import Plan

ROOT = Path(__file__).resolve().parents[2]
STAGING = Plan.from_json((ROOT / "stacks" / "baselines" / "staging.plan.json").read_text())


def _names(plan: Plan, clusters: list[str], types: list[str]) -> set[str]:
    return {r.name for r in selected(plan, clusters, types)}


def test_no_filter_shows_every_resource_and_counts_the_stack_as_pulumi_does() -> None:
    shown = selected(STAGING, [], [])

    assert len(shown) == len(STAGING)
    assert counts(shown)["pulumi:pulumi:Stack"] == 1
    assert sum(counts(shown).values()) == len(STAGING)


def test_a_cluster_filter_keeps_that_clusters_resources_only() -> None:
    names = _names(STAGING, ["tokyo-2"], [])

    assert {
        "mesh-tokyo-2-cluster",
        "mesh-tokyo-2/istio-ingressgateway-deployment",
        "mesh-csm-tokyo-2",
    } <= names
    assert not any("tokyo-1" in name for name in names)
    assert "mesh-network-vpc" not in names


def test_a_cluster_filter_follows_the_clusters_provider() -> None:
    # The MCI objects are named for the platform, not the cluster, but run on the config cluster.
    assert "mesh-mci-multiclusteringress" in _names(STAGING, ["tokyo-1"], [])
    assert "mesh-mci-multiclusteringress" not in _names(STAGING, ["tokyo-2"], [])


def test_a_type_filter_matches_part_of_the_token_in_any_case() -> None:
    found = selected(STAGING, [], ["deployment"])

    assert {r.type for r in found} == {"kubernetes:apps/v1:Deployment"}


def test_filters_combine() -> None:
    assert _names(STAGING, ["tokyo-1"], ["gcp:container"]) == {"mesh-tokyo-1-cluster", "mesh-tokyo-1-pool"}


def test_the_narrowed_tree_keeps_the_ancestors_of_what_it_shows() -> None:
    tree = narrowed(STAGING, selected(STAGING, ["tokyo-2"], ["Deployment"]))

    assert [r.type for r in tree] == [
        "pulumi:pulumi:Stack",
        "meshfleet:index:MeshPlatform",
        "meshfleet:index:IstioGateway",
        "kubernetes:apps/v1:Deployment",
    ]
