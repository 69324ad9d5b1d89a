"""gateway-namespace-injection: each gateway is injected by the revision its labels name (seed 000
troubleshooting; seeds 000/003 canary upgrades).

Which labels inject follows Istio's injection webhooks (istio-discovery chart, mutatingwebhook.yaml):
istio-injection=enabled wins over the namespace's istio.io/rev, a namespace label over the pods'
istio.io/rev, and the pods' labels count only in an unlabelled namespace.

gateway-namespace-declared: the advisory companion for namespaces the program does not declare.
"""

from __future__ import annotations

import pulumi_kubernetes as kubernetes
import pytest

from components.engine import PlannedResource
from components.spec.models import MeshSpec
from tests.policy.helpers import (
    GATEWAY_LABELS,
    assert_no_violation,
    assert_violation,
    components_plan,
    edited,
    gateway_deployment,
    gateway_deployment_spec,
    k8s_provider,
    namespace,
    on_cluster,
    plan_from,
    plan_of,
    platform_plan,
    run_policy,
)

POLICY = "gateway-namespace-injection"
DECLARED = "gateway-namespace-declared"
REVISION = {"istio.io/rev": "asm-managed-stable"}
DEFAULT = {"istio-injection": "enabled"}


@pytest.mark.parametrize("injection", ["revision", "default"])
def test_our_gateway_namespaces_carry_one_label(injection: str) -> None:
    plan = components_plan(mesh=MeshSpec(injection=injection))  # type: ignore[arg-type]

    assert_no_violation(POLICY, plan)
    assert_no_violation(DECLARED, plan)


def test_the_platform_passes() -> None:
    assert_no_violation(POLICY, platform_plan())
    assert_no_violation(DECLARED, platform_plan())


def test_components_whose_namespace_and_pods_lost_their_labels_fail() -> None:
    def drop_labels(item: PlannedResource) -> None:
        item.inputs["metadata"]["labels"] = {"app.kubernetes.io/managed-by": "meshfleet"}

    def drop_pod_request(item: PlannedResource) -> None:
        del item.inputs["spec"]["template"]["metadata"]["labels"]["sidecar.istio.io/inject"]

    plan = edited(components_plan(), "kubernetes:core/v1:Namespace", drop_labels)
    plan = edited(plan, "kubernetes:apps/v1:Deployment", drop_pod_request)

    assert_violation(POLICY, plan, "namespace istio-gateway has no injection label", "image: auto")


def test_plain_namespace_without_label_fails_with_the_seed_000_symptom() -> None:
    def program() -> None:
        opts = on_cluster()
        kubernetes.core.v1.Namespace("gateway-ns", metadata={"name": "edge"}, opts=opts)
        kubernetes.apps.v1.Deployment(
            "gateway",
            metadata={"name": "edge-gateway", "namespace": "edge"},
            spec=gateway_deployment_spec({"istio": "edgegateway"}),
            opts=opts,
        )

    violation = assert_violation(POLICY, plan_of(program), "gateway pods cannot start", resource="gateway")
    assert violation.mandatory


def test_both_namespace_labels_leave_the_revision_label_ignored() -> None:
    plan = plan_from(namespace("istio-gateway", DEFAULT | REVISION), gateway_deployment())

    assert_violation(
        POLICY,
        plan,
        "labelled istio-injection=enabled",
        "istio.io/rev=asm-managed-stable is ignored",
        "the default revision injects",
        "Keep one label",
    )


def test_a_canary_in_a_revision_labelled_namespace_gets_the_namespace_revision() -> None:
    # Seed 000's canary beside a gateway injected from its namespace: the webhook of the
    # namespace's revision matches first, so the canary would run the old proxy.
    plan = plan_from(
        namespace("istio-gateway", {"istio.io/rev": "asm-1146-16"}),
        gateway_deployment(),
        gateway_deployment(
            "istio-ingressgateway-canary", labels=GATEWAY_LABELS | {"istio.io/rev": "asm-1157-1"}
        ),
    )

    assert_violation(
        POLICY,
        plan,
        "istio-ingressgateway-canary: its pods' istio.io/rev=asm-1157-1 is ignored",
        "get asm-1146-16's proxy, not asm-1157-1's",
        "kubectl label namespace istio-gateway istio-injection- istio.io/rev-",
    )


def test_a_canary_in_a_default_labelled_namespace_gets_the_default_revision() -> None:
    plan = plan_from(
        namespace("istio-gateway", DEFAULT),
        gateway_deployment(
            "istio-ingressgateway-canary", labels=GATEWAY_LABELS | {"istio.io/rev": "asm-1157-1"}
        ),
    )

    assert_violation(
        POLICY,
        plan,
        "its pods' istio.io/rev=asm-1157-1 is ignored",
        "the default revision injects",
        "give every gateway Deployment there its own istio.io/rev",
    )


def test_a_pod_revision_equal_to_the_namespace_revision_passes() -> None:
    plan = plan_from(
        namespace("istio-gateway", {"istio.io/rev": "asm-1146-16"}),
        gateway_deployment(labels=GATEWAY_LABELS | {"istio.io/rev": "asm-1146-16"}),
    )

    assert_no_violation(POLICY, plan)


def test_pods_asking_for_injection_in_an_unlabelled_namespace_pass() -> None:
    # Istio's gateway sample: sidecar.istio.io/inject=true selects the default revision.
    plan = plan_from(
        namespace("istio-gateway", {}),
        gateway_deployment(labels=GATEWAY_LABELS | {"sidecar.istio.io/inject": "true"}),
    )

    assert_no_violation(POLICY, plan)


def test_any_other_istio_injection_value_turns_injection_off() -> None:
    plan = plan_from(namespace("istio-gateway", {"istio-injection": "true"}), gateway_deployment())

    assert_violation(POLICY, plan, "istio-injection=true, which turns injection off")


def test_canary_gateways_with_their_own_revisions_in_an_unlabelled_namespace_pass() -> None:
    # Seed 000's canary upgrade: two Deployments, each injected by its own pod revision label.
    plan = plan_from(
        namespace("istio-gateway", {}),
        gateway_deployment(labels=GATEWAY_LABELS | {"istio.io/rev": "asm-1146-16"}),
        gateway_deployment(
            "istio-ingressgateway-canary", labels=GATEWAY_LABELS | {"istio.io/rev": "asm-1157-1"}
        ),
    )

    assert_no_violation(POLICY, plan)


def test_injection_disabled_on_the_namespace_fails() -> None:
    plan = plan_from(namespace("istio-gateway", {"istio-injection": "disabled"}), gateway_deployment())

    assert_violation(POLICY, plan, "istio-injection=disabled")


def test_injection_disabled_on_the_pods_fails() -> None:
    plan = plan_from(
        namespace("istio-gateway", REVISION),
        gateway_deployment(labels=GATEWAY_LABELS | {"sidecar.istio.io/inject": "false"}),
    )

    assert_violation(POLICY, plan, "sidecar.istio.io/inject=false")


def test_a_namespace_of_the_same_name_on_another_cluster_does_not_count() -> None:
    cluster_a, cluster_b = k8s_provider("cluster-a"), k8s_provider("cluster-b")
    plan = plan_from(
        cluster_a,
        cluster_b,
        namespace("istio-gateway", REVISION, provider=cluster_a),
        gateway_deployment(provider=cluster_b),
    )

    assert_no_violation(POLICY, plan)  # nothing to check on cluster b...
    assert_violation(DECLARED, plan, "does not declare")  # ...and that is said


def test_undeclared_namespace_is_an_advisory_violation_only() -> None:
    plan = plan_from(gateway_deployment())

    assert_no_violation(POLICY, plan)
    violation = assert_violation(DECLARED, plan, "istio-gateway", "cannot be checked")
    assert not violation.mandatory


def test_unknown_namespace_labels_are_not_checked_rather_than_failed() -> None:
    plan = plan_from(namespace("istio-gateway", {"istio-injection": "<unknown>"}), gateway_deployment())

    report = run_policy(POLICY, plan)

    assert report.violations == []
    assert [n.message for n in report.not_checked] == [
        "unknown until the resources exist: .metadata.labels.istio-injection of ns-istio-gateway"
    ]


def test_an_unknown_pod_revision_is_not_checked_rather_than_failed() -> None:
    plan = plan_from(
        namespace("istio-gateway", REVISION),
        gateway_deployment(labels=GATEWAY_LABELS | {"istio.io/rev": "<unknown>"}),
    )

    report = run_policy(POLICY, plan)

    assert report.violations == []
    assert [n.message for n in report.not_checked] == [
        "unknown until the resources exist: .spec.template.metadata.labels.istio.io/rev of "
        "istio-ingressgateway-deployment"
    ]
