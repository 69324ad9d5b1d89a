"""Two stacks on one GCP project (dev and staging often share one): no physical name in common,
and one `servicemesh` fleet feature, owned by one stack and only enrolled in by the other."""

from __future__ import annotations

import functools
from collections.abc import Iterator

from components.engine import Plan, PlannedResource
from tests.harness import FEATURE, FEATURE_MEMBERSHIP, dev_stack_config, stack_plan

# What names a GCP resource within the project, by type: the fields the API keys it by.
# Node pools and secondary ranges are named within their cluster or subnet, which are
# themselves disjoint; IAM members name an account that is.
IDENTITY = {
    "gcp:compute/network:Network": ("name",),
    "gcp:compute/subnetwork:Subnetwork": ("region", "name"),
    "gcp:compute/router:Router": ("region", "name"),
    "gcp:compute/routerNat:RouterNat": ("region", "name"),
    "gcp:compute/firewall:Firewall": ("name",),
    "gcp:container/cluster:Cluster": ("location", "name"),
    "gcp:serviceaccount/account:Account": ("accountId",),
    "gcp:gkehub/membership:Membership": ("location", "membershipId"),
    "gcp:gkehub/feature:Feature": ("location", "name"),
}
# Enabling an API is idempotent, and neither stack disables it on destroy: both may declare it.
SHARED_ON_PURPOSE = {"gcp:projects/service:Service"}


@functools.cache
def plans() -> tuple[Plan, Plan]:
    dev = dev_stack_config()
    staging = dev_stack_config()
    platform = staging["meshfleet:platform"]
    platform["environment"] = "staging"
    platform["gcp"]["ownsMeshFeature"] = False
    assert platform["gcp"]["project"] == dev["meshfleet:platform"]["gcp"]["project"]
    return stack_plan(dev, "dev"), stack_plan(staging, "staging")


def physical_names(plan: Plan) -> Iterator[tuple[str, ...]]:
    for resource in plan:
        if resource.type in IDENTITY:
            yield (resource.type, *(str(resource.inputs.get(f)) for f in IDENTITY[resource.type]))


def gcp_types(plan: Plan) -> set[str]:
    return {r.type for r in plan if r.type.startswith("gcp:")}


def test_every_gcp_type_the_stacks_create_is_either_named_or_shared_on_purpose() -> None:
    dev, staging = plans()

    assert gcp_types(dev) | gcp_types(staging) <= {
        *IDENTITY,
        *SHARED_ON_PURPOSE,
        "gcp:container/nodePool:NodePool",
        "gcp:projects/iAMMember:IAMMember",
        FEATURE_MEMBERSHIP,
    }


def test_two_stacks_on_one_project_share_no_physical_name() -> None:
    dev, staging = plans()

    assert set(physical_names(dev)) & set(physical_names(staging)) == set()


def test_only_the_owning_stack_creates_the_servicemesh_feature() -> None:
    dev, staging = plans()

    assert [r.inputs["name"] for r in dev.by_type(FEATURE)] == ["servicemesh"]
    assert staging.by_type(FEATURE) == []


def test_the_other_stack_enrols_its_clusters_in_the_existing_feature() -> None:
    _, staging = plans()
    enrolments: list[PlannedResource] = staging.by_type(FEATURE_MEMBERSHIP)

    assert [e.inputs["feature"] for e in enrolments] == ["servicemesh"]
    assert [e.inputs["membership"] for e in enrolments] == ["staging-tokyo-1"]
    assert enrolments[0].property_dependencies.get("feature", []) == []
