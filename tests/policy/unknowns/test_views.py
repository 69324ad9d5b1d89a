"""The two views stack policies can see: the program's inputs, and the planned state of a preview.

Every policy runs on every stack and on the policy tests' programs in both views without
crashing (here for the stacks and the shared programs; conftest.py for every other test's
Plans). In the inputs view a setting the program omits stays absent, so it still violates; in
the planned view it is unknown, as in a real preview, and the stack policy reports "not
checked". Resource policies see the inputs in both, as a real preview runs them on the inputs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pulumi_gcp as gcp
import pytest

from components.engine import Plan, PolicyView, evaluate_policies
from components.engine.analyzer import VIEWS
from components.spec.models import GatewaySpec
from policy.meshguard.values import UNCHECKED
from tests.policy.helpers import (
    cluster_plan,
    components_plan,
    helloworld_route,
    pack,
    plan_of,
    platform_plan,
    run_pack,
    run_policy,
    stack_files,
    stack_plan,
)
from tests.policy.test_real_analyzer import mixed_plan
from tests.policy.test_stacks import istio_system_program

from .zoo import zoo

PLANS: dict[str, Callable[[], Plan]] = {
    **{f"stack-{path.name}": (lambda path=path: stack_plan(path)) for path in stack_files()},
    "platform": platform_plan,
    "gateway-and-route": lambda: components_plan(routes=(helloworld_route(),)),
    "gateway-in-istio-system": lambda: components_plan(
        GatewaySpec.model_construct(name="istio-ingressgateway", namespace="istio-system")
    ),
    "cluster": cluster_plan,
    "plain-gateway-in-istio-system": lambda: plan_of(istio_system_program),
    "mixed": mixed_plan,
    "zoo": zoo,
}


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("name", PLANS)
def test_no_policy_crashes_or_uses_an_unknown_unchecked(name: str, view: PolicyView) -> None:
    report = run_pack(PLANS[name](), {"all": "mandatory"}, view)

    assert [n.policy_name for n in report.not_checked if n.message == UNCHECKED] == []


def mesh_cluster_program() -> None:
    """A cluster in a mesh that sets none of its pools, so GKE's default pool (e2-medium) serves."""
    gcp.gkehub.Feature("servicemesh", name="servicemesh", location="global")
    gcp.container.Cluster("cluster", name="tokyo-1", location="asia-northeast1", initial_node_count=1)


def test_a_setting_the_program_omits_still_violates_in_the_inputs_view() -> None:
    report = run_policy("mesh-node-capacity", plan_of(mesh_cluster_program), view="inputs")

    assert [v.message.split(";")[0] for v in report.violations] == [
        "default node pool of GKE cluster tokyo-1 uses e2-medium (1 vCPU)"
    ]


def test_node_pools_the_cloud_computes_are_not_checked_in_the_planned_view() -> None:
    report = run_policy("mesh-node-capacity", plan_of(mesh_cluster_program), view="planned")

    assert report.violations == []
    assert len(report.not_checked) == 1
    assert ".nodePools of cluster" in report.not_checked[0].message


def test_the_planned_view_keeps_what_the_program_sets() -> None:
    # The gateway Deployment's pod labels are set by the program; only its status is left to the cloud.
    report = run_policy(
        "gateway-selector-match", components_plan(routes=(helloworld_route(),)), view="planned"
    )

    assert report.violations == [] and report.not_checked == []


def test_resource_policies_see_the_inputs_in_the_planned_view_too() -> None:
    # masterAuthorizedNetworksConfig, which this cluster leaves to GKE, is absent, not unknown.
    report = run_policy("private-gke", plan_of(mesh_cluster_program), view="planned")

    assert any("has no masterAuthorizedNetworksConfig" in v.message for v in report.violations)
    assert report.not_checked == []


def test_an_unknown_view_is_refused() -> None:
    bad: Any = "outputs"

    with pytest.raises(ValueError, match="policy view 'outputs' is not one of inputs, planned"):
        evaluate_policies(pack(), platform_plan(), view=bad)


def test_neither_view_changes_the_plan() -> None:
    plan = cluster_plan()
    recorded = plan.to_json()

    for view in VIEWS:
        run_pack(plan, view=view)

    assert plan.to_json() == recorded
