"""In a layered routes stack the gateway Deployments are the mesh layer's: gateway-selector-match
says "not checked" there (gatewaysInOtherStacks) rather than failing or guessing, and checks the
layers' joined plan."""

from __future__ import annotations

from pathlib import Path

from components.engine import Plan, join_plans

from .helpers import run_policy, violations

BASELINES = Path(__file__).resolve().parents[2] / "stacks" / "baselines"
POLICY = "gateway-selector-match"


def _accepted(stack: str) -> Plan:
    return Plan.from_json((BASELINES / f"{stack}.plan.json").read_text())


def test_a_routes_layer_whose_gateways_are_elsewhere_is_not_checked() -> None:
    report = run_policy(POLICY, _accepted("staging-routes"), gatewaysInOtherStacks=True)

    assert report.violations == []
    assert [n.policy_name for n in report.not_checked] == [POLICY]
    assert "sample/helloworld-gateway" in report.not_checked[0].message


def test_a_routes_layer_checked_as_a_whole_stack_fails_its_gateways() -> None:
    found = violations(POLICY, _accepted("staging-routes"))

    assert sorted(str(v.resource_name) for v in found) == [
        "mesh-tokyo-1/sample/helloworld-gateway",
        "mesh-tokyo-2/sample/helloworld-gateway",
    ]


def test_the_joined_plan_of_the_layers_is_checked_and_passes() -> None:
    stacks = [f"staging-{layer}" for layer in ("network", "clusters", "mesh", "routes")]
    joined = join_plans([_accepted(s) for s in stacks], "staging")

    report = run_policy(POLICY, joined)

    assert (report.violations, report.not_checked) == ([], [])


def test_a_whole_stack_is_checked_even_with_the_property() -> None:
    # The property only spares Gateways that select nothing in the stack; staging selects its own.
    report = run_policy(POLICY, _accepted("staging"), gatewaysInOtherStacks=True)

    assert (report.violations, report.not_checked) == ([], [])
