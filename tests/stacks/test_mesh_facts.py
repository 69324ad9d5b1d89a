"""What every shipped stack's mesh will do (build/<stack>/mesh.json), pinned beside its baseline."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest

from components.engine import Plan, load_stack_config, run_program
from components.engine.meshes import analyse
from tests.harness import accepted_references

ROOT = Path(__file__).resolve().parents[2]
STACKS = sorted(
    p.name.removeprefix("Pulumi.").removesuffix(".yaml") for p in (ROOT / "stacks").glob("Pulumi.*.yaml")
)


@functools.cache
def stack_plan(stack: str) -> Plan:
    config = load_stack_config(ROOT / "stacks" / f"Pulumi.{stack}.yaml")
    # A layered stack reads the layers below from their accepted baselines.
    return run_program(
        ROOT / "stacks",
        project="meshfleet",
        stack=stack,
        config=config,
        stack_references=accepted_references(),
    )


@functools.cache
def facts(stack: str) -> dict[str, Any]:
    return analyse(stack_plan(stack))


@pytest.mark.parametrize("stack", STACKS)
def test_mesh_json_equals_the_accepted_one(stack: str) -> None:
    # Regenerate with `meshfleet baseline --stack <stack>`, which writes it beside the plan.
    accepted = json.loads((ROOT / "stacks" / "baselines" / f"{stack}.mesh.json").read_text())

    assert facts(stack) == accepted


@pytest.mark.parametrize("stack", STACKS)
def test_every_mesh_of_every_stack_trusts_one_root(stack: str) -> None:
    assert [m["trust"]["shared"] for m in facts(stack)["meshes"]] == [True] * len(facts(stack)["meshes"])


def test_onprem_trusts_its_named_plug_in_root() -> None:
    assert facts("onprem")["clusters"]["onprem-1"]["trustRoot"] == "plug-in CA: onprem-root"


def test_onprem_announces_its_network_through_its_east_west_gateway() -> None:
    (mesh,) = facts("onprem")["meshes"]

    assert mesh["networks"]["onprem-1"]["eastWestGateways"] == [
        {
            "address": "load balancer for 10.0.0.0/8",
            "cluster": "onprem-1",
            "service": "istio-eastwest/istio-eastwestgateway",
        }
    ]


def test_onprem_lets_out_only_its_egress_host_through_its_egress_gateway() -> None:
    assert facts("onprem")["egress"] == [
        {
            "cluster": "onprem-1",
            "outboundTrafficPolicy": "REGISTRY_ONLY",
            "hosts": [{"host": "api.example.com", "via": ["istio-gateway/istio-egressgateway"]}],
        }
    ]


def test_staging_clusters_share_discovery_under_googles_ca() -> None:
    (mesh,) = facts("staging")["meshes"]

    assert (mesh["discovery"], mesh["trust"]["roots"]) == ("shared", ["Google-managed CA (the fleet's)"])
    assert len(mesh["clusters"]) == 2


def test_prods_aks_cluster_is_a_mesh_of_its_own() -> None:
    # The AKS add-on supports no multi-cluster mesh (Microsoft's docs): the GKE pair is one mesh.
    assert [len(m["clusters"]) for m in facts("prod")["meshes"]] == [2, 1]
