"""stacks/examples/canary-promote: a canary gateway Deployment on the new revision behind the
same Service, then promoted (seeds 000/003, canary upgrade)."""

from __future__ import annotations

from tests.examples.steps import changes, step_diff, step_plan
from tests.harness import DEPLOYMENT, K8S_SERVICE

MAIN = "mesh-tokyo-1/istio-ingressgateway-deployment"
CANARY = "mesh-tokyo-1/istio-ingressgateway-canary-deployment"
REVISION = 'spec.template.metadata.labels["istio.io/rev"]'


def test_step_2_adds_only_the_canary_deployment() -> None:
    assert changes(step_diff("canary-promote", 2)) == {CANARY: ("create", ())}


def test_step_2_canary_pods_are_selected_by_the_gateway_service_on_the_new_revision() -> None:
    plan = step_plan("canary-promote", 2)
    selector = plan.find(K8S_SERVICE, "mesh-tokyo-1/istio-ingressgateway-service").inputs["spec"]["selector"]
    labels = plan.find(DEPLOYMENT, CANARY).inputs["spec"]["template"]["metadata"]["labels"]

    assert selector.items() <= labels.items()
    assert labels["istio.io/rev"] == "1-24-2"


def test_step_3_moves_the_gateway_to_the_new_revision_and_removes_the_canary() -> None:
    assert changes(step_diff("canary-promote", 3)) == {
        MAIN: ("update", (REVISION,)),
        CANARY: ("delete", ()),
    }


def test_step_3_against_step_1_is_the_gateway_revision_alone() -> None:
    assert changes(step_diff("canary-promote", 3, since=1)) == {MAIN: ("update", (REVISION,))}


def test_step_3_gateway_pods_run_the_new_revision() -> None:
    template = step_plan("canary-promote", 3).find(DEPLOYMENT, MAIN).inputs["spec"]["template"]

    assert template["metadata"]["labels"]["istio.io/rev"] == "1-24-2"
