"""The enterprise stack: a Shared VPC host, two service projects (Standard and Autopilot), a fleet host."""

from __future__ import annotations

import functools

from components.engine import Plan
from components.render.gateway import AUTOPILOT_PROXY_RESOURCES, SAMPLE_PROXY_RESOURCES
from tests.harness import (
    CLUSTER,
    DEPLOYMENT,
    FEATURE_MEMBERSHIP,
    NODE_POOL,
    STACKS_DIR,
    load_stack_config,
    stack_plan,
)


@functools.cache
def plan() -> Plan:
    return stack_plan(load_stack_config(STACKS_DIR / "Pulumi.enterprise.yaml"), "enterprise")


def test_one_standard_and_one_autopilot_cluster_each_in_its_service_project() -> None:
    clusters = {r.inputs["name"]: r.inputs for r in plan().resources if r.type == CLUSTER}

    assert {n: (c["project"], c.get("enableAutopilot", False)) for n, c in clusters.items()} == {
        "enterprise-team-a": ("acme-team-a", False),
        "enterprise-team-b": ("acme-team-b", True),
    }
    assert [r.inputs["project"] for r in plan().resources if r.type == NODE_POOL] == ["acme-team-a"]


def test_both_clusters_are_enrolled_in_the_fleet_hosts_managed_mesh() -> None:
    enrolments = [r.inputs for r in plan().resources if r.type == FEATURE_MEMBERSHIP]

    assert sorted((e["project"], e["mesh"]["management"]) for e in enrolments) == [
        ("acme-fleet-host", "MANAGEMENT_AUTOMATIC"),
        ("acme-fleet-host", "MANAGEMENT_AUTOMATIC"),
    ]


def test_the_autopilot_clusters_gateway_requests_what_autopilot_keeps() -> None:
    resources = {
        r.name.split("/")[0]: r.inputs["spec"]["template"]["spec"]["containers"][0]["resources"]
        for r in plan().resources
        if r.type == DEPLOYMENT
    }

    assert resources == {"mesh-team-a": SAMPLE_PROXY_RESOURCES, "mesh-team-b": AUTOPILOT_PROXY_RESOURCES}
