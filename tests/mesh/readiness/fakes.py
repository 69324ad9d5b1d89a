"""A fake cluster for the readiness tests: what it serves changes while the wait sleeps.

`FakeCluster` answers the two reads of `ClusterApi` from plain dicts; `FakeClock` is the
wait's clock and sleep, and runs the changes scheduled for the moment it reaches, so a test
says "the CRDs appear after 30 s" without waiting 30 s. No network, no Kubernetes client.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from components.mesh.readiness.checks import (
    ISTIO_APIS,
    ClusterAccessDenied,
    ClusterUnavailable,
    ConditionCheck,
    ObjectRef,
    Readiness,
)

REVISION = "asm-managed-stable"
CPR = ConditionCheck(
    group_version="mesh.cloud.google.com/v1beta1",
    plural="controlplanerevisions",
    namespace="istio-system",
    name=REVISION,
    condition="Reconciled",
)


def readiness(**overrides: Any) -> Readiness:
    """The GKE gate's check on cluster tokyo-1: Istio CRDs, then the revision reconciled."""
    values: dict[str, Any] = {
        "cluster": "tokyo-1",
        "revision": REVISION,
        "apis": ISTIO_APIS,
        "condition": CPR,
        "timeout_seconds": 600,
        "poll_seconds": 10,
    }
    return Readiness(**{**values, **overrides})


def revision(reconciled: str | None, **extra: Any) -> dict[str, Any]:
    """A ControlPlaneRevision whose Reconciled condition has status `reconciled` (None: absent)."""
    conditions = [] if reconciled is None else [{"type": "Reconciled", "status": reconciled, **extra}]
    return {
        "apiVersion": CPR.group_version,
        "kind": "ControlPlaneRevision",
        "status": {"conditions": conditions},
    }


class FakeCluster:
    """`ClusterApi` over dicts; an empty cluster serves no Istio API and has no revision."""

    def __init__(self) -> None:
        self.served: dict[str, set[str]] = {}
        self.objects: dict[tuple[str, str], Mapping[str, Any]] = {}
        self.error: Exception | None = None
        self.reads = 0

    def serve_istio(self) -> None:
        for api in ISTIO_APIS:
            self.served.setdefault(api.group_version, set()).add(api.plural)

    def put_revision(self, obj: Mapping[str, Any]) -> None:
        self.objects[(CPR.namespace, CPR.name)] = obj

    def served_resources(self, group_version: str) -> frozenset[str] | None:
        self._read()
        names = self.served.get(group_version)
        return None if names is None else frozenset(names)

    def get_object(self, check: ObjectRef) -> Mapping[str, Any] | None:
        self._read()
        return self.objects.get((check.namespace, check.name))

    def _read(self) -> None:
        self.reads += 1
        if self.error is not None:
            raise self.error


class FakeClock:
    """The wait's `clock` and `sleep`: sleeping moves time on and runs what was scheduled."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []
        self._events: list[tuple[float, Callable[[], None]]] = []

    def at(self, when: float, change: Callable[[], None]) -> None:
        self._events.append((when, change))

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
        due = [e for e in self._events if e[0] <= self.now]
        self._events = [e for e in self._events if e[0] > self.now]
        for _, change in due:
            change()


UNAVAILABLE = ClusterUnavailable("connection refused")
DENIED = ClusterAccessDenied("403 Forbidden")
