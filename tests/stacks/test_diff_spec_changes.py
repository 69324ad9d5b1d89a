"""Real spec changes run through the stack program: the diff says exactly what they do."""

from __future__ import annotations

import copy
import functools
from pathlib import Path
from typing import Any

from components.engine import Plan, PlanDiff, diff_plans, load_stack_config, render_diff, run_program

ROOT = Path(__file__).resolve().parents[2]
DEV_CONFIG = ROOT / "stacks" / "Pulumi.dev.yaml"


@functools.cache
def dev_config() -> dict[str, Any]:
    return load_stack_config(DEV_CONFIG)


@functools.cache
def dev_plan() -> Plan:
    return run_program(ROOT / "stacks", project="meshfleet", stack="dev", config=dev_config())


def changed_plan(change: dict[str, Any]) -> Plan:
    """The dev plan with ``change`` applied to the spec (``clusters.0.masterCidr``: value)."""
    config = copy.deepcopy(dev_config())
    for path, value in change.items():
        *parents, last = path.split(".")
        target: Any = config["meshfleet:platform"]
        for key in parents:
            target = target[int(key)] if isinstance(target, list) else target[key]
        target[last] = value
    return run_program(ROOT / "stacks", project="meshfleet", stack="dev", config=config)


def direct(diff: PlanDiff) -> dict[str, list[tuple[str, Any, Any]]]:
    """Per resource, the changes the spec made itself (not the cascaded recomputations)."""
    found = {}
    for change in diff.resources:
        own = [
            (p.path, p.old, p.new) for p in (*change.properties, *change.options) if p.kind != "recomputed"
        ]
        if own:
            found[change.name] = own
    return found


def test_a_new_master_range_replaces_the_cluster_and_updates_its_firewall() -> None:
    diff = diff_plans(dev_plan(), changed_plan({"clusters.0.masterCidr": "192.168.0.16/28"}))

    assert direct(diff) == {
        "mesh-tokyo-1-cluster": [
            ("privateClusterConfig.masterIpv4CidrBlock", "192.168.0.0/28", "192.168.0.16/28"),
        ],
        "mesh-tokyo-1-master-webhooks": [("sourceRanges", ["192.168.0.0/28"], ["192.168.0.16/28"])],
    }
    cluster = diff.get("mesh-tokyo-1-cluster")
    assert cluster.action == "replace"
    assert [c.reason for c in cluster.replaced_by] == ["the control-plane range is fixed at creation"]
    assert diff.get("mesh-tokyo-1-master-webhooks").action == "update"
    assert diff.added == [] and diff.removed == []


def test_a_replaced_cluster_takes_everything_inside_it() -> None:
    before = dev_plan()
    diff = diff_plans(before, changed_plan({"clusters.0.masterCidr": "192.168.0.16/28"}))

    provider = before.find("pulumi:providers:kubernetes", "mesh-tokyo-1-k8s")
    on_cluster = {r.name for r in before.resources if r.provider == provider.urn}
    replaced = {c.name for c in diff.replaced}
    assert {"mesh-tokyo-1-cluster", "mesh-tokyo-1-pool", "mesh-tokyo-1-k8s"} | on_cluster <= replaced
    # Everything but the cluster is replaced because of another replacement, and says so.
    for change in diff.replaced:
        if change.name != "mesh-tokyo-1-cluster":
            assert change.causes, change.name
    assert "+- gcp:container/nodePool:NodePool mesh-tokyo-1-pool  REPLACE" in render_diff(diff)


def test_a_new_weight_split_changes_only_the_virtual_service_weights() -> None:
    diff = diff_plans(dev_plan(), changed_plan({"routes.0.weights": {"v1": 50, "v2": 50}}))

    assert [(c.name, c.action) for c in diff.resources] == [
        ("mesh-tokyo-1/sample/helloworld-virtualservice", "update")
    ]
    assert direct(diff) == {
        "mesh-tokyo-1/sample/helloworld-virtualservice": [
            ("spec.http[0].route[0].weight", 20, 50),
            ("spec.http[0].route[1].weight", 80, 50),
        ]
    }
    assert diff.outputs == []


def test_a_new_machine_type_recreates_nodes_without_replacing_the_pool() -> None:
    diff = diff_plans(dev_plan(), changed_plan({"clusters.0.nodePool.machineType": "e2-standard-8"}))

    pool = diff.get("mesh-tokyo-1-pool")
    assert (pool.action, pool.disruptive) == ("update", True)
    assert direct(diff)["mesh-tokyo-1-pool"] == [("nodeConfig.machineType", "e2-standard-4", "e2-standard-8")]
    assert diff.replaced == []


def test_a_new_autoscaler_floor_never_replaces_the_node_pool() -> None:
    # initialNodeCount follows nodePool.min, and a change to it would recreate the pool; the
    # pool ignores it after creation, so only the autoscaler bound moves.
    diff = diff_plans(dev_plan(), changed_plan({"clusters.0.nodePool.min": 2}))

    pool = diff.get("mesh-tokyo-1-pool")
    assert pool.action == "update"
    assert diff.replaced == []
    ignored = {p.path: p.ignored for p in pool.properties}
    assert ignored == {"autoscaling.minNodeCount": False, "initialNodeCount": True}
