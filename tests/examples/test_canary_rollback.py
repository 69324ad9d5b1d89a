"""stacks/examples/canary-rollback: the canary goes, the gateway never moved (seeds 000/003)."""

from __future__ import annotations

from tests.examples.steps import changes, step_diff

CANARY = "mesh-tokyo-1/istio-ingressgateway-canary-deployment"


def test_step_2_adds_only_the_canary_deployment() -> None:
    assert changes(step_diff("canary-rollback", 2)) == {CANARY: ("create", ())}


def test_step_3_removes_only_the_canary_deployment() -> None:
    assert changes(step_diff("canary-rollback", 3)) == {CANARY: ("delete", ())}


def test_step_3_is_step_1_again() -> None:
    assert changes(step_diff("canary-rollback", 3, since=1)) == {}
