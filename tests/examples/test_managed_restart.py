"""stacks/examples/managed-restart: a rollout restart of the gateway as a spec edit (seed 000,
managed in-place upgrade). Each step changes the pod template's restartedAt, nothing else."""

from __future__ import annotations

from tests.examples.steps import changes, step_diff, step_plan
from tests.harness import DEPLOYMENT

DEPLOYMENT_NAME = "mesh-tokyo-1/istio-ingressgateway-deployment"
RESTARTED_AT = 'spec.template.metadata.annotations["kubectl.kubernetes.io/restartedAt"]'


def test_step_1_is_the_dev_stack_unrestarted() -> None:
    template = step_plan("managed-restart", 1).find(DEPLOYMENT, DEPLOYMENT_NAME).inputs["spec"]["template"]

    assert "kubectl.kubernetes.io/restartedAt" not in template["metadata"]["annotations"]


def test_step_2_restarts_the_gateway_and_touches_nothing_else() -> None:
    assert changes(step_diff("managed-restart", 2)) == {DEPLOYMENT_NAME: ("update", (RESTARTED_AT,))}


def test_step_2_stamps_the_time_of_the_spec() -> None:
    template = step_plan("managed-restart", 2).find(DEPLOYMENT, DEPLOYMENT_NAME).inputs["spec"]["template"]

    assert template["metadata"]["annotations"]["kubectl.kubernetes.io/restartedAt"] == "2026-12-01T16:00:00Z"


def test_step_3_the_next_restart_changes_the_same_stamp_only() -> None:
    assert changes(step_diff("managed-restart", 3)) == {DEPLOYMENT_NAME: ("update", (RESTARTED_AT,))}
