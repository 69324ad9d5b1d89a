"""InClusterControlPlane: istio-system, the base chart, one istiod release per revision."""

from __future__ import annotations

import functools
from typing import Any

import pulumi
import pulumi_kubernetes as kubernetes

from components.engine import Plan
from components.mesh.cluster import ControlPlane
from components.mesh.istiod import InClusterControlPlane, InClusterControlPlaneArgs
from components.spec.models import IstiodSpec
from tests.harness import K8S_PROVIDER, NAMESPACE, descendants, plan_of

CONTROL_PLANE = "meshfleet:index:InClusterControlPlane"
RELEASE = "kubernetes:helm.sh/v3:Release"
SECRET = "kubernetes:core/v1:Secret"
REPOSITORY = {"repo": "https://istio-release.storage.googleapis.com/charts"}
REVISIONS = [{"name": "1-29-6", "version": "1.29.6"}, {"name": "1-30-3", "version": "1.30.3"}]


def control_plane_plan(remote_reader: bool = False, **istiod: Any) -> tuple[Plan, list[ControlPlane]]:
    spec = IstiodSpec.model_validate({"revisions": REVISIONS} | istiod)
    built: list[ControlPlane] = []

    def build() -> None:
        provider = kubernetes.Provider("onprem-1-k8s", kubeconfig=pulumi.Output.secret("kind: Config\n"))
        component = InClusterControlPlane(
            "cp",
            InClusterControlPlaneArgs(
                istiod=spec,
                cluster="onprem-1",
                network="dc-1",
                provider=provider,
                remote_reader=remote_reader,
            ),
        )
        built.append(component.control_plane)

    return plan_of(build), built


@functools.cache
def default_plan() -> tuple[Plan, list[ControlPlane]]:
    return control_plane_plan(revision="1-30-3")


def test_children_are_the_namespace_base_and_one_release_per_revision() -> None:
    plan, _ = default_plan()
    component = plan.find(CONTROL_PLANE, "cp")

    assert [(r.type, r.name) for r in descendants(plan, component)] == [
        (NAMESPACE, "cp-namespace"),
        (RELEASE, "cp-base"),
        (RELEASE, "cp-revision-1-29-6"),
        (RELEASE, "cp-revision-1-30-3"),
    ]


def test_every_child_uses_the_clusters_provider() -> None:
    plan, _ = default_plan()
    provider = plan.find(K8S_PROVIDER, "onprem-1-k8s").urn

    assert {r.provider for r in descendants(plan, plan.find(CONTROL_PLANE, "cp")) if r.custom} == {provider}


def test_each_revision_is_an_istiod_release_pinned_to_its_version_in_istio_system() -> None:
    plan, _ = default_plan()
    release = plan.find(RELEASE, "cp-revision-1-29-6").inputs

    assert {k: release[k] for k in ("name", "chart", "version", "namespace", "repositoryOpts")} == {
        "name": "istiod-1-29-6",
        "chart": "istiod",
        "version": "1.29.6",
        "namespace": "istio-system",
        "repositoryOpts": REPOSITORY,
    }


def test_istiod_values_carry_the_revision_mesh_network_and_trust_domain() -> None:
    plan, _ = default_plan()

    assert plan.find(RELEASE, "cp-revision-1-30-3").inputs["values"] == {
        "revision": "1-30-3",
        "global": {"meshID": "mesh1", "network": "dc-1", "multiCluster": {"clusterName": "onprem-1"}},
        "meshConfig": {"trustDomain": "cluster.local"},
    }


def test_base_is_pinned_to_the_newest_version_and_defaults_to_the_default_revision() -> None:
    plan, _ = default_plan()
    base = plan.find(RELEASE, "cp-base").inputs

    assert (base["name"], base["chart"], base["version"], base["values"]) == (
        "istio-base",
        "base",
        "1.30.3",
        {"defaultRevision": "1-30-3"},
    )


def test_releases_await_their_resources() -> None:
    # skip_await unset: the provider waits for istiod's Deployment, so injection works
    # before any gateway Pod exists.
    plan, _ = default_plan()

    assert all("skipAwait" not in r.inputs for r in plan.by_type(RELEASE))


def test_istiod_releases_wait_for_the_namespace_and_base() -> None:
    plan, _ = default_plan()
    needed = {plan.find(NAMESPACE, "cp-namespace").urn, plan.find(RELEASE, "cp-base").urn}

    for revision in ("1-29-6", "1-30-3"):
        assert needed <= set(plan.find(RELEASE, f"cp-revision-{revision}").dependencies)


def test_istio_system_carries_the_network_label() -> None:
    plan, _ = default_plan()

    assert plan.find(NAMESPACE, "cp-namespace").inputs["metadata"] == {
        "name": "istio-system",
        "labels": {"app.kubernetes.io/managed-by": "meshfleet", "topology.istio.io/network": "dc-1"},
    }


def test_control_plane_injects_by_the_default_revision_and_lists_every_revision() -> None:
    _, (control_plane,) = default_plan()

    assert dict(control_plane.injection_labels) == {"istio.io/rev": "1-30-3"}
    assert control_plane.revisions == ("1-29-6", "1-30-3")
    assert control_plane.root_namespace == "istio-system"


def test_control_plane_gives_each_revisions_istiod_for_pods_pinned_to_it() -> None:
    _, (control_plane,) = default_plan()

    assert {rev: [r._name for r in ready] for rev, ready in control_plane.revision_ready.items()} == {
        "1-29-6": ["cp-revision-1-29-6"],
        "1-30-3": ["cp-revision-1-30-3"],
    }


def test_control_plane_defaults_to_the_first_revision() -> None:
    _, (control_plane,) = control_plane_plan()

    assert dict(control_plane.injection_labels) == {"istio.io/rev": "1-29-6"}


def test_mesh_objects_wait_for_the_default_revisions_istiod_only() -> None:
    # Adding or removing another revision then leaves every mesh object's dependencies alone.
    _, (control_plane,) = default_plan()

    assert [(type(r), r._name) for r in control_plane.ready] == [
        (kubernetes.helm.v3.Release, "cp-revision-1-30-3")
    ]


def test_no_reader_token_for_a_single_cluster() -> None:
    plan, _ = default_plan()

    assert plan.by_type(SECRET) == []


def test_reader_token_is_a_service_account_token_secret_after_base() -> None:
    plan, _ = control_plane_plan(remote_reader=True)
    token = plan.find(SECRET, "cp-reader-token")

    assert (token.inputs["type"], token.inputs["metadata"]) == (
        "kubernetes.io/service-account-token",
        {
            "name": "istio-reader-service-account-istio-remote-secret-token",
            "namespace": "istio-system",
            "annotations": {"kubernetes.io/service-account.name": "istio-reader-service-account"},
        },
    )
    assert plan.find(RELEASE, "cp-base").urn in token.dependencies


def test_asm_revision_is_an_istiod_release_of_its_istio_charts_with_asms_images() -> None:
    plan, _ = control_plane_plan(
        distribution="asm", revisions=[{"name": "asm-1285-9", "version": "1.28.5-asm.9"}]
    )
    release = plan.find(RELEASE, "cp-revision-asm-1285-9").inputs

    assert (
        release["chart"],
        release["version"],
        release["values"]["global"]["hub"],
        release["values"]["global"]["tag"],
    ) == (
        "istiod",
        "1.28.5",
        "gke.gcr.io/asm",
        "1.28.5-asm.9",
    )
    assert plan.find(RELEASE, "cp-base").inputs["version"] == "1.28.5"
