"""Waiting for a control plane: the polling logic against a fake cluster, with a fake clock."""

from __future__ import annotations

import pytest

from components.mesh.readiness.checks import ApiResource, ObjectRef, ReadinessError, pending, wait_until_ready

from .fakes import DENIED, UNAVAILABLE, FakeClock, FakeCluster, readiness, revision


def ready_cluster() -> FakeCluster:
    cluster = FakeCluster()
    cluster.serve_istio()
    cluster.put_revision(revision("True"))
    return cluster


def wait(cluster: FakeCluster, clock: FakeClock, **overrides: object) -> None:
    wait_until_ready(cluster, readiness(**overrides), clock=clock, sleep=clock.sleep)


def test_a_ready_control_plane_is_ready_at_the_first_poll() -> None:
    clock = FakeClock()

    wait(ready_cluster(), clock)

    assert clock.sleeps == []


def test_waits_while_the_istio_crds_are_missing_and_returns_once_they_are_served() -> None:
    cluster, clock = FakeCluster(), FakeClock()
    cluster.put_revision(revision("True"))
    clock.at(35, cluster.serve_istio)

    wait(cluster, clock)

    assert clock.now == 40  # the first poll after the CRDs appeared


def test_waits_while_the_revision_is_not_reconciled_and_returns_once_it_is() -> None:
    cluster, clock = ready_cluster(), FakeClock()
    cluster.put_revision(revision("False", reason="Provisioning"))
    clock.at(120, lambda: cluster.put_revision(revision("True")))

    wait(cluster, clock)

    assert clock.now == 120


def test_waits_while_the_revision_object_does_not_exist_yet() -> None:
    cluster, clock = FakeCluster(), FakeClock()
    cluster.serve_istio()
    clock.at(60, lambda: cluster.put_revision(revision("True")))

    wait(cluster, clock)

    assert clock.now == 60


def test_a_revision_without_the_condition_yet_is_not_ready() -> None:
    cluster = ready_cluster()
    cluster.put_revision(revision(None))

    assert pending(cluster, readiness()) == [
        "controlplanerevisions.mesh.cloud.google.com istio-system/asm-managed-stable "
        "has no Reconciled condition yet"
    ]


def test_a_crd_missing_from_a_served_group_version_is_named() -> None:
    cluster = ready_cluster()
    cluster.served["networking.istio.io/v1"].discard("destinationrules")

    assert pending(cluster, readiness()) == ["CRDs not served: destinationrules.networking.istio.io/v1"]


def test_a_served_older_version_does_not_count_for_the_version_the_objects_use() -> None:
    cluster = ready_cluster()
    cluster.served["networking.istio.io/v1beta1"] = cluster.served.pop("networking.istio.io/v1")

    assert pending(cluster, readiness()) == [
        "CRDs not served: gateways.networking.istio.io/v1, virtualservices.networking.istio.io/v1, "
        "destinationrules.networking.istio.io/v1"
    ]


def test_without_a_condition_only_the_crds_are_checked() -> None:
    cluster = FakeCluster()
    cluster.serve_istio()

    assert pending(cluster, readiness(condition=None)) == []


def test_any_custom_resource_can_be_required() -> None:
    cluster = ready_cluster()
    apis = (ApiResource("gateway.networking.k8s.io/v1", "httproutes"),)

    assert pending(cluster, readiness(apis=apis)) == [
        "CRDs not served: httproutes.gateway.networking.k8s.io/v1"
    ]


def test_timeout_error_names_the_cluster_the_revision_and_what_was_not_ready() -> None:
    cluster, clock = FakeCluster(), FakeClock()

    with pytest.raises(ReadinessError) as error:
        wait(cluster, clock, timeout_seconds=60)

    assert str(error.value) == (
        "control plane asm-managed-stable of cluster tokyo-1 not ready after 60 s: "
        "CRDs not served: peerauthentications.security.istio.io/v1, gateways.networking.istio.io/v1, "
        "virtualservices.networking.istio.io/v1, destinationrules.networking.istio.io/v1; "
        "controlplanerevisions.mesh.cloud.google.com istio-system/asm-managed-stable does not exist yet"
    )
    assert clock.now == 60


def test_timeout_error_quotes_the_conditions_reason_and_a_stalled_revisions_message() -> None:
    cluster, clock = ready_cluster(), FakeClock()
    stalled = revision("False", reason="Provisioning", message="provisioning the control plane")
    stalled["status"]["conditions"].append({"type": "Stalled", "status": "True", "message": "quota exceeded"})
    cluster.put_revision(stalled)

    with pytest.raises(
        ReadinessError,
        match=r"condition Reconciled is False \(Provisioning; "
        r"provisioning the control plane; Stalled: quota exceeded\)$",
    ):
        wait(cluster, clock, timeout_seconds=30)


def test_polls_every_poll_interval_and_never_sleeps_past_the_deadline() -> None:
    clock = FakeClock()

    with pytest.raises(ReadinessError):
        wait(FakeCluster(), clock, timeout_seconds=25, poll_seconds=10)

    assert clock.sleeps == [10, 10, 5]


def test_an_api_server_that_does_not_answer_is_asked_again() -> None:
    cluster, clock = ready_cluster(), FakeClock()
    cluster.error = UNAVAILABLE
    clock.at(20, lambda: setattr(cluster, "error", None))

    wait(cluster, clock)

    assert clock.now == 20


def test_timeout_error_says_when_the_api_server_never_answered() -> None:
    cluster = ready_cluster()
    cluster.error = UNAVAILABLE

    with pytest.raises(
        ReadinessError, match=r"not ready after 30 s: API server did not answer: connection refused$"
    ):
        wait(cluster, FakeClock(), timeout_seconds=30)


def test_refused_credentials_fail_at_once_naming_the_cluster() -> None:
    cluster, clock = ready_cluster(), FakeClock()
    cluster.error = DENIED

    with pytest.raises(
        ReadinessError, match=r"^cannot check the control plane of cluster tokyo-1: 403 Forbidden$"
    ):
        wait(cluster, clock)

    assert clock.sleeps == []


def test_waits_while_an_object_to_patch_does_not_exist_yet() -> None:
    service = ObjectRef("v1", "services", "aks-istio-ingress", "aks-istio-ingressgateway-external")
    cluster, clock = ready_cluster(), FakeClock()
    clock.at(90, lambda: cluster.objects.update({(service.namespace, service.name): {"kind": "Service"}}))

    wait(cluster, clock, objects=(service,))

    assert clock.now == 90


def test_a_missing_object_is_named_in_what_is_pending() -> None:
    service = ObjectRef("v1", "services", "aks-istio-ingress", "aks-istio-ingressgateway-internal")

    assert pending(ready_cluster(), readiness(objects=(service,))) == [
        "services aks-istio-ingress/aks-istio-ingressgateway-internal does not exist yet"
    ]
