"""ControlPlaneReadiness: its dynamic provider (create, diff, update) and what a plan records."""

from __future__ import annotations

import base64
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pulumi
import pytest
from pulumi.dynamic.dynamic import serialize_provider

from components.engine import SECRET
from components.mesh.readiness import ControlPlaneReadiness, ControlPlaneReadinessArgs, ReadinessError
from components.mesh.readiness import resource as readiness_resource
from components.mesh.readiness.resource import ReadinessProvider, readiness_of
from tests.harness import REPO, plan_of

from .fake_server import FakeApiServer, running
from .fakes import CPR, revision
from .test_kube import CPR_PATH

GATE = "pulumi-python:dynamic/meshfleet:ControlPlaneReadiness"


def props(kubeconfig: str = "kubeconfig-a", **overrides: Any) -> dict[str, Any]:
    """The inputs as the provider receives them (secrets unwrapped, numbers as floats)."""
    values: dict[str, Any] = {
        "cluster": "tokyo-1",
        "revision": "asm-managed-stable",
        "kubeconfig": kubeconfig,
        "apis": [{"groupVersion": "networking.istio.io/v1", "plural": "gateways"}],
        "condition": {
            "groupVersion": CPR.group_version,
            "plural": CPR.plural,
            "namespace": CPR.namespace,
            "name": CPR.name,
            "type": "Reconciled",
            "status": "True",
        },
        "timeoutSeconds": 1200.0,
        "__provider": "serialized",
    }
    return {**values, **overrides}


@pytest.fixture
def server() -> Iterator[FakeApiServer]:
    with running(FakeApiServer()) as fake:
        yield fake


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Every wait the provider starts, recorded instead of polling a cluster."""
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(ReadinessProvider, "_wait", staticmethod(calls.append))
    return calls


def test_inputs_read_back_as_the_check_they_describe() -> None:
    readiness = readiness_of(props())

    assert (readiness.cluster, readiness.revision, readiness.condition) == (
        "tokyo-1",
        "asm-managed-stable",
        CPR,
    )
    assert [str(a) for a in readiness.apis] == ["gateways.networking.istio.io/v1"]
    assert readiness.timeout_seconds == 1200


def test_create_returns_once_the_cluster_serves_the_crds_and_the_revision_reconciled(
    server: FakeApiServer,
) -> None:
    server.served["networking.istio.io/v1"] = ["gateways"]
    server.objects[CPR_PATH] = revision("True")

    result = ReadinessProvider().create(props(server.kubeconfig()))

    assert result.id == "tokyo-1/asm-managed-stable"


def test_create_fails_naming_what_was_not_ready_at_the_timeout(server: FakeApiServer) -> None:
    server.objects[CPR_PATH] = revision("False")

    with pytest.raises(ReadinessError, match="of cluster tokyo-1 not ready after 0 s: CRDs not served"):
        ReadinessProvider().create(props(server.kubeconfig(), timeoutSeconds=0.0))


def test_create_never_echoes_the_kubeconfig_into_outputs(waits: list[dict[str, Any]]) -> None:
    outs = ReadinessProvider().create(props()).outs or {}

    assert "kubeconfig" not in outs
    assert "kubeconfig-a" not in repr(outs)
    assert len(waits) == 1


def test_no_diff_when_nothing_changed(waits: list[dict[str, Any]]) -> None:
    provider = ReadinessProvider()
    outs = provider.create(props()).outs or {}

    assert provider.diff("id", outs, props()).changes is False


def test_another_kubeconfig_is_a_change_and_its_update_waits_again(waits: list[dict[str, Any]]) -> None:
    provider = ReadinessProvider()
    outs = provider.create(props()).outs or {}

    assert provider.diff("id", outs, props("kubeconfig-b")).changes is True
    provider.update("id", outs, props("kubeconfig-b"))
    assert [w["kubeconfig"] for w in waits] == ["kubeconfig-a", "kubeconfig-b"]


def test_another_revision_is_a_change_and_its_update_waits_again(waits: list[dict[str, Any]]) -> None:
    provider = ReadinessProvider()
    outs = provider.create(props()).outs or {}
    news = props(revision="asm-managed-rapid")

    assert provider.diff("id", outs, news).changes is True
    provider.update("id", outs, news)
    assert len(waits) == 2


def test_another_timeout_updates_without_waiting_again(waits: list[dict[str, Any]]) -> None:
    provider = ReadinessProvider()
    outs = provider.create(props()).outs or {}
    news = props(timeoutSeconds=60.0)

    assert provider.diff("id", outs, news).changes is True
    assert (provider.update("id", outs, news).outs or {})["timeoutSeconds"] == 60.0
    assert len(waits) == 1


def test_a_change_never_replaces_the_gate(waits: list[dict[str, Any]]) -> None:
    provider = ReadinessProvider()
    outs = provider.create(props()).outs or {}

    assert provider.diff("id", outs, props("kubeconfig-b")).replaces == []


def test_the_serialized_provider_loads_back_in_a_fresh_interpreter() -> None:
    # The Pulumi engine's provider host unpickles `__provider` in a process of its own.
    serialized = serialize_provider(ReadinessProvider())
    load = (
        "import base64, sys, dill; "
        "p = dill.loads(base64.b64decode(sys.argv[1])); "
        "print(type(p).__module__ + '.' + type(p).__name__)"
    )

    out = subprocess.run(
        [sys.executable, "-c", load, serialized], cwd=REPO, capture_output=True, text=True, check=True
    )

    assert out.stdout.strip() == "components.mesh.readiness.resource.ReadinessProvider"
    assert len(base64.b64decode(serialized)) < 200  # by reference: the class is imported, not copied


def gate_plan() -> Any:
    def build() -> None:
        ControlPlaneReadiness(
            "gate",
            ControlPlaneReadinessArgs(
                cluster="tokyo-1",
                kubeconfig=pulumi.Output.secret("apiVersion: v1\nkind: Config\n"),
                revision="asm-managed-stable",
                condition=CPR,
            ),
        )

    return plan_of(build).find(GATE, "gate")


def test_plan_records_the_gate_as_a_dynamic_resource_with_its_check() -> None:
    gate = gate_plan()

    assert gate.custom
    assert gate.inputs["cluster"] == "tokyo-1"
    assert gate.inputs["revision"] == "asm-managed-stable"
    assert gate.inputs["condition"]["type"] == "Reconciled"
    assert gate.inputs["timeoutSeconds"] == readiness_resource.DEFAULT_TIMEOUT_SECONDS


def test_plan_keeps_the_kubeconfig_secret_even_when_given_in_clear() -> None:
    def build() -> None:
        ControlPlaneReadiness(
            "gate", ControlPlaneReadinessArgs(cluster="c", kubeconfig="clear-kubeconfig", revision="r")
        )

    gate = plan_of(build).find(GATE, "gate")

    assert gate.inputs["kubeconfig"] == SECRET
    assert "kubeconfig" in gate.secret_paths
    assert "clear-kubeconfig" not in gate.to_dict().__repr__()
