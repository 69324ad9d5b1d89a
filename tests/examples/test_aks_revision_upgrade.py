"""The AKS Istio add-on's canary revision upgrade (seed 002), step by step, and its rollback.

`stacks/examples/aks-revision-upgrade/`: step 0 runs asm-1-23; step 1 installs asm-1-24 beside
it; step 2 relabels the namespaces; step 3 completes (asm-1-23 removed).
`stacks/examples/aks-revision-rollback/`: the same steps 0-2, then step 3 relabels the
namespaces back and step 4 removes asm-1-24. Each diff is pinned whole: the add-on's gateway
Service patch, the routes and everything else stay untouched.
"""

from __future__ import annotations

import pytest

from components.engine import load_stack_config
from tests.examples.steps import EXAMPLES, changes, step_diff, step_files

UPGRADE = "aks-revision-upgrade"
ROLLBACK = "aks-revision-rollback"
CLUSTER = "mesh-tokyo-aks-cluster"
NAMESPACE = "mesh-tokyo-aks-ns/bookinfo"
REVISIONS = ("update", ("serviceMeshProfile.istio.revisions",))
RELABEL = ("update", ('metadata.labels["istio.io/rev"]',))
GATE = "mesh-tokyo-aks-mesh-ready"
# The readiness gate follows the labelled revision: it waits for that revision's istiod.
REGATE = ("update", ("condition.name", "revision"))


def test_upgrade_has_steps_0_to_3() -> None:
    assert [p.name for p in step_files(UPGRADE)] == [
        "step-0.yaml",
        "step-1.yaml",
        "step-2.yaml",
        "step-3.yaml",
    ]


def test_step_1_installs_the_second_revision_only() -> None:
    assert changes(step_diff(UPGRADE, 1)) == {CLUSTER: REVISIONS}


def test_step_2_relabels_the_namespaces_once_the_new_istiod_runs() -> None:
    assert changes(step_diff(UPGRADE, 2)) == {NAMESPACE: RELABEL, GATE: REGATE}


def test_step_3_completes_by_removing_the_old_revision_only() -> None:
    assert changes(step_diff(UPGRADE, 3)) == {CLUSTER: REVISIONS}


def test_upgrade_ends_with_the_new_revision_alone() -> None:
    platform = load_stack_config(EXAMPLES / UPGRADE / "step-3.yaml")["meshfleet:platform"]

    assert platform["clusters"][0]["istio"] == {"revisions": ["asm-1-24"], "revision": "asm-1-24"}


@pytest.mark.parametrize("step", [0, 1, 2])
def test_rollback_starts_from_the_upgrades_steps(step: int) -> None:
    assert load_stack_config(EXAMPLES / ROLLBACK / f"step-{step}.yaml") == load_stack_config(
        EXAMPLES / UPGRADE / f"step-{step}.yaml"
    )


def test_rollback_step_3_relabels_the_namespaces_back_only() -> None:
    assert changes(step_diff(ROLLBACK, 3)) == {NAMESPACE: RELABEL, GATE: REGATE}


def test_rollback_step_4_removes_the_new_revision_only() -> None:
    assert changes(step_diff(ROLLBACK, 4)) == {CLUSTER: REVISIONS}


def test_rollback_ends_where_the_upgrade_started() -> None:
    assert changes(step_diff(ROLLBACK, 4, since=0)) == {}
