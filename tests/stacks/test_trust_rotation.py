"""Rotating the onprem stack's intermediate is a spec edit whose diff is pinned here."""

from __future__ import annotations

import copy
import functools
from pathlib import Path
from typing import Any

from components.engine import Plan, diff_plans, load_stack_config, run_program

ROOT = Path(__file__).resolve().parents[2]
ONPREM = ROOT / "stacks" / "Pulumi.onprem.yaml"


@functools.cache
def onprem_config() -> dict[str, Any]:
    return load_stack_config(ONPREM)


def plan_with_trust(**changes: Any) -> Plan:
    config = copy.deepcopy(onprem_config())
    config["meshfleet:platform"]["mesh"]["trustRoot"].update(changes)
    return run_program(ROOT / "stacks", project="meshfleet", stack="onprem", config=config)


@functools.cache
def rotation() -> dict[str, str]:
    diff = diff_plans(plan_with_trust(), plan_with_trust(generation=2))
    return {change.name: change.action for change in diff.resources}


def test_a_new_generation_is_a_new_key_request_certificate_and_cacerts() -> None:
    assert rotation() == {
        "mesh-onprem-1-istiod-ca-key-g2": "create",
        "mesh-onprem-1-istiod-ca-csr": "replace",
        "mesh-onprem-1-istiod-ca-cert": "replace",
        "mesh-onprem-1-istiod-cacerts": "replace",
        "mesh-onprem-1-istiod-ca-key-g1": "delete",
    }


def test_rotating_the_intermediate_leaves_istiod_and_the_workloads_alone() -> None:
    # istiod reloads a new intermediate under the same root from its mounted files
    # (initCACertsAndCRLWatcher); its release and every gateway stay as they are.
    assert not any("revision" in name or "gateway" in name for name in rotation())


def test_a_new_root_changes_only_the_intermediates_and_cacerts() -> None:
    diff = diff_plans(plan_with_trust(), plan_with_trust(name="onprem-root-2027"))
    secret = diff.get("mesh-onprem-1-istiod-cacerts")

    assert [(p.path, p.old, p.new) for p in secret.properties if p.kind != "recomputed"] == [
        ('metadata.annotations["meshfleet.io/trust-root"]', "onprem-root", "onprem-root-2027")
    ]
