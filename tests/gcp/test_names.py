"""Physical names: the stack's prefix first, cut with a hash to GCP's limits at plan time."""

from __future__ import annotations

import re

from components.gcp.names import fit, prefixed
from tests.harness import platform_plan
from tests.spec.fixtures import dev_platform

# GCP's limits, by type and field (from each API's reference).
LIMITS = {
    "gcp:compute/network:Network": ("name", 1, 63),
    "gcp:compute/subnetwork:Subnetwork": ("name", 1, 63),
    "gcp:compute/router:Router": ("name", 1, 63),
    "gcp:compute/routerNat:RouterNat": ("name", 1, 63),
    "gcp:compute/firewall:Firewall": ("name", 1, 63),
    "gcp:container/cluster:Cluster": ("name", 1, 40),
    "gcp:container/nodePool:NodePool": ("name", 1, 40),
    "gcp:serviceaccount/account:Account": ("accountId", 6, 30),
    "gcp:gkehub/membership:Membership": ("membershipId", 1, 63),
}
RFC1035 = re.compile(r"[a-z]([-a-z0-9]*[a-z0-9])?")


def longest_platform() -> dict:
    """The longest names the spec accepts everywhere: 63-character network, subnet and
    environment labels, and clusters as long as the prefix leaves room for."""
    raw = dev_platform()
    raw["environment"] = "e" * 63
    raw["namePrefix"] = "p" * 20
    raw["gcp"]["network"]["name"] = "n" * 63
    raw["gcp"]["network"]["subnets"][0]["name"] = "s" * 63
    for i, cluster in enumerate(raw["clusters"]):
        cluster["name"] = f"c{i}" + "c" * 17  # 20 characters: 41 with the prefix would be refused
        cluster["subnet"] = "s" * 63
    return raw


def test_every_physical_name_of_the_longest_spec_fits_gcps_limits() -> None:
    plan = platform_plan(longest_platform())

    checked = 0
    for resource in plan:
        if resource.type in LIMITS:
            field, low, high = LIMITS[resource.type]
            name = resource.inputs[field]
            assert low <= len(name) <= high and RFC1035.fullmatch(name), (resource.name, name)
            checked += 1
    assert checked > len(LIMITS)


def test_secondary_range_names_of_a_long_subnet_fit_63_characters() -> None:
    plan = platform_plan(longest_platform())
    (subnet,) = plan.by_type("gcp:compute/subnetwork:Subnetwork")

    assert [len(r["rangeName"]) for r in subnet.inputs["secondaryIpRanges"]] == [63, 63]


def test_cut_names_of_two_clusters_sharing_a_beginning_stay_apart() -> None:
    plan = platform_plan(longest_platform())

    pools = [p.inputs["name"] for p in plan.by_type("gcp:container/nodePool:NodePool")]
    accounts = [a.inputs["accountId"] for a in plan.by_type("gcp:serviceaccount/account:Account")]
    assert len(set(pools)) == len(set(accounts)) == 2


def test_a_name_that_fits_is_kept_whole() -> None:
    assert fit("dev-tokyo-1", 30, suffix="-nodes") == "dev-tokyo-1-nodes"


def test_a_long_name_is_cut_to_the_limit_and_keeps_its_suffix() -> None:
    name = fit("staging-" + "t" * 40, 30, suffix="-nodes")

    assert len(name) == 30 and name.startswith("staging-ttt") and name.endswith("-nodes")


def test_a_cut_name_is_the_same_every_time() -> None:
    assert fit("x" * 80, 63) == fit("x" * 80, 63)


def test_two_long_names_with_one_beginning_are_cut_apart() -> None:
    assert fit("a" * 70 + "1", 63) != fit("a" * 70 + "2", 63)


def test_a_cut_never_leaves_a_dash_before_the_hash() -> None:
    assert "--" not in fit("a" * 55 + "-" * 20, 63)


def test_without_a_prefix_the_name_stands_alone() -> None:
    assert (prefixed(None, "mesh-vpc"), prefixed("dev", "mesh-vpc")) == ("mesh-vpc", "dev-mesh-vpc")
