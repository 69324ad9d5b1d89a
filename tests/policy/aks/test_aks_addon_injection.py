"""aks-addon-injection: on an AKS cluster with the Istio add-on, namespaces name a revision it runs.

A namespace is tied to its cluster through its provider: the provider's kubeconfig dependencies
(known once the cluster exists), its dependsOn, or a component that holds the provider and one
cluster. Otherwise the namespace is not checked.
"""

from __future__ import annotations

import pulumi
import pulumi_kubernetes as kubernetes

from components.engine import PlannedResource
from tests.policy.helpers import (
    GKE_CLUSTER,
    K8S_PROVIDER,
    assert_no_violation,
    assert_violation,
    namespace,
    plan_from,
    plan_of,
    resource,
    run_policy,
)

from .programs import AKS_CLUSTER, addon, aks_cluster, aks_provider, labelled_namespace, revisions_program

POLICY = "aks-addon-injection"


def test_a_namespace_on_a_revision_the_add_on_runs_passes() -> None:
    assert_no_violation(
        POLICY, plan_of(lambda: revisions_program(["asm-1-24"], {"istio.io/rev": "asm-1-24"}))
    )


def test_a_namespace_on_a_revision_the_add_on_does_not_run_fails() -> None:
    plan = plan_of(lambda: revisions_program(["asm-1-24"], {"istio.io/rev": "asm-1-23"}))

    violation = assert_violation(
        POLICY,
        plan,
        "namespace apps is labelled istio.io/rev=asm-1-23",
        "AKS cluster aks-1 runs the Istio add-on's asm-1-24",
        "never injected",
        "label it istio.io/rev=asm-1-24",
        resource="apps",
    )
    assert violation.mandatory


def test_istio_injection_enabled_fails_on_an_add_on_cluster() -> None:
    plan = plan_of(lambda: revisions_program(["asm-1-24"], {"istio-injection": "enabled"}))

    assert_violation(POLICY, plan, "istio-injection=enabled", "no default revision", "remove istio-injection")


def test_a_namespace_on_either_revision_of_a_canary_upgrade_passes() -> None:
    # Seed 002's minor revision upgrade: both revisions run until it completes or rolls back.
    for revision in ("asm-1-23", "asm-1-24"):
        plan = plan_of(lambda r=revision: revisions_program(["asm-1-23", "asm-1-24"], {"istio.io/rev": r}))

        assert_no_violation(POLICY, plan)


def test_with_two_revisions_the_fix_names_the_last() -> None:
    plan = plan_of(lambda: revisions_program(["asm-1-24", "asm-1-25"], {"istio.io/rev": "asm-1-23"}))

    assert_violation(
        POLICY,
        plan,
        "runs the Istio add-on's asm-1-24, asm-1-25",
        "istio.io/rev=asm-1-25 (or another it runs)",
    )


def test_a_cluster_without_the_add_on_is_not_checked() -> None:
    def program() -> None:
        cluster = aks_cluster(mesh=None)
        labelled_namespace("apps", {"istio.io/rev": "1-24-2"}, aks_provider(cluster))

    report = run_policy(POLICY, plan_of(program))

    assert report.violations == [] and report.not_checked == []


def test_a_provider_in_a_component_with_one_cluster_is_tied_to_it() -> None:
    class AksCluster(pulumi.ComponentResource):
        def __init__(self, name: str) -> None:
            super().__init__("example:index:AksCluster", name)
            opts = pulumi.ResourceOptions(parent=self)
            cluster = aks_cluster(f"{name}-cluster", mesh=addon("asm-1-24"), opts=opts)
            self.provider = aks_provider(cluster, f"{name}-k8s", depends=False, opts=opts)

    def program() -> None:
        labelled_namespace("apps", {"istio.io/rev": "asm-1-23"}, AksCluster("japan").provider)

    assert_violation(POLICY, plan_of(program), "istio.io/rev=asm-1-23")


def test_a_provider_on_credentials_alone_is_not_checked_in_the_preview_that_creates_the_cluster() -> None:
    # The credentials call is unknown then and carries no dependency on the cluster.
    def program() -> None:
        cluster = aks_cluster(mesh=addon("asm-1-24"))
        labelled_namespace("apps", {"istio.io/rev": "asm-1-23"}, aks_provider(cluster, depends=False))

    report = run_policy(POLICY, plan_of(program))

    assert report.violations == []
    assert [n.message for n in report.not_checked] == [
        "unknown until the resources exist: the cluster provider aks-k8s deploys apps to"
    ]


def aks_resource(revisions: list[str]) -> PlannedResource:
    return resource(
        AKS_CLUSTER,
        "aks",
        {"resourceName": "aks-1", "serviceMeshProfile": {"mode": "Istio", "istio": {"revisions": revisions}}},
    )


def test_a_provider_whose_kubeconfig_depends_on_the_cluster_is_tied_to_it() -> None:
    # What a preview sees once the cluster exists: the credentials call depends on it.
    cluster = aks_resource(["asm-1-24"])
    provider = resource(
        K8S_PROVIDER,
        "aks-k8s",
        {"kubeconfig": "<secret>"},
        property_dependencies={"kubeconfig": [cluster.urn]},
    )
    plan = plan_from(cluster, provider, namespace("apps", {"istio.io/rev": "asm-1-23"}, provider=provider))

    assert_violation(POLICY, plan, "istio.io/rev=asm-1-23")


def test_a_namespace_on_a_gke_cluster_is_not_held_to_the_add_on_revisions() -> None:
    gke = resource(GKE_CLUSTER, "gke", {"name": "tokyo-1"})
    provider = resource(
        K8S_PROVIDER, "gke-k8s", {"kubeconfig": "<secret>"}, property_dependencies={"kubeconfig": [gke.urn]}
    )
    plan = plan_from(
        aks_resource(["asm-1-24"]),
        gke,
        provider,
        namespace("sample", {"istio.io/rev": "asm-managed-stable"}, provider=provider),
    )

    report = run_policy(POLICY, plan)

    assert report.violations == [] and report.not_checked == []


def test_a_namespace_on_the_default_provider_is_not_checked_beside_an_add_on_cluster() -> None:
    plan = plan_from(aks_resource(["asm-1-24"]), namespace("apps", {"istio.io/rev": "asm-1-23"}))

    report = run_policy(POLICY, plan)

    assert report.violations == []
    assert [n.policy_name for n in report.not_checked] == [POLICY]


def test_unset_revisions_are_not_checked() -> None:
    def program() -> None:
        cluster = aks_cluster(mesh=addon())
        labelled_namespace("apps", {"istio.io/rev": "asm-1-24"}, aks_provider(cluster))

    report = run_policy(POLICY, plan_of(program))

    assert report.violations == []
    assert "serviceMeshProfile.istio.revisions unset" in report.not_checked[0].message


def test_a_namespace_without_injection_labels_is_not_looked_at() -> None:
    def program() -> None:
        kubernetes.core.v1.Namespace("plain", metadata={"name": "plain"})
        aks_cluster(mesh=addon("asm-1-24"))

    report = run_policy(POLICY, plan_of(program))

    assert report.violations == [] and report.not_checked == []


def test_a_patched_namespace_is_checked_too() -> None:
    # Labelling a namespace that exists already, as `kubectl label namespace default` does.
    def program() -> None:
        cluster = aks_cluster(mesh=addon("asm-1-24"))
        kubernetes.core.v1.NamespacePatch(
            "default-ns",
            metadata={"name": "default", "labels": {"istio.io/rev": "asm-1-23"}},
            opts=pulumi.ResourceOptions(provider=aks_provider(cluster)),
        )

    assert_violation(POLICY, plan_of(program), "namespace default is labelled istio.io/rev=asm-1-23")
