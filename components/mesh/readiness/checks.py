"""What "the control plane is ready" means to the objects that join it, and waiting for it.

Pure logic over a small `ClusterApi` (two reads), so that it is tested offline with a fake
API and runs for real through `components.mesh.readiness.kube` inside the dynamic provider.

Two things are checked, both bounded in time on a healthy cluster:

- the API server serves every custom resource the mesh objects use (API discovery, the same
  lookup the Kubernetes provider makes before it creates a custom resource);
- optionally, one object of the control plane reports a condition, e.g. the managed Cloud
  Service Mesh's ControlPlaneRevision `Reconciled=True`;
- optionally, objects a managed product creates exist, e.g. the AKS Istio add-on's gateway
  Services, which the stack patches and a patch of a missing Service would try to create.

Nothing here waits for what needs the mesh objects themselves to settle (injected proxies,
load balancers with healthy backends): that would wait for itself.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True)
class ApiResource:
    """A custom resource the API server must serve, e.g. `networking.istio.io/v1` `gateways`."""

    group_version: str
    plural: str

    def __str__(self) -> str:
        group, _, version = self.group_version.rpartition("/")
        return f"{self.plural}.{group}/{version}"


# The Istio kinds the mesh layer creates on every cluster (components.render: PeerAuthentication
# from mtls, Gateway, VirtualService and DestinationRule from route), by the version it uses.
ISTIO_APIS: tuple[ApiResource, ...] = (
    ApiResource("security.istio.io/v1", "peerauthentications"),
    ApiResource("networking.istio.io/v1", "gateways"),
    ApiResource("networking.istio.io/v1", "virtualservices"),
    ApiResource("networking.istio.io/v1", "destinationrules"),
)

SERVICE_ENTRIES = ApiResource("networking.istio.io/v1", "serviceentries")
"""Created only for an egress gateway's hosts (components.render.egress)."""


def istio_apis(*, egress_hosts: bool) -> tuple[ApiResource, ...]:
    """The Istio kinds a gate must see served: `ISTIO_APIS`, and ServiceEntries when the spec
    has egress hosts (only then, so that the gates of other stacks keep their inputs)."""
    return (*ISTIO_APIS, SERVICE_ENTRIES) if egress_hosts else ISTIO_APIS


@dataclass(frozen=True)
class ObjectRef:
    """A namespaced object, e.g. `v1` `services` `aks-istio-ingress/aks-istio-ingressgateway-external`."""

    group_version: str
    plural: str
    namespace: str
    name: str

    def __str__(self) -> str:
        group = self.group_version.rpartition("/")[0]
        return (
            f"{self.plural}.{group} {self.namespace}/{self.name}"
            if group
            else (f"{self.plural} {self.namespace}/{self.name}")
        )


@dataclass(frozen=True)
class ConditionCheck(ObjectRef):
    """A namespaced object of the control plane and the condition that says it is ready."""

    condition: str = "Ready"
    status: str = "True"


@dataclass(frozen=True)
class Readiness:
    """Everything one wait needs: which cluster, what must be ready there, and for how long."""

    cluster: str
    """The cluster's name, for messages."""
    revision: str
    """The control plane revision waited for, for messages (e.g. asm-managed-stable)."""
    apis: tuple[ApiResource, ...] = ISTIO_APIS
    condition: ConditionCheck | None = None
    objects: tuple[ObjectRef, ...] = ()
    """Objects that must exist (no condition read)."""
    timeout_seconds: float = 1200
    poll_seconds: float = 10


class ClusterUnavailable(Exception):
    """The API server could not answer now (network, 5xx): worth asking again."""


class ClusterAccessDenied(Exception):
    """The API server refused the credentials (401/403): asking again will not help."""


class ReadinessError(Exception):
    """The control plane did not become ready, or could not be checked; the message says why."""


class ClusterApi(Protocol):
    """The two reads a readiness check makes."""

    def served_resources(self, group_version: str) -> frozenset[str] | None:
        """Resource names served under `group_version`; None when it is not served at all."""
        ...

    def get_object(self, check: ObjectRef) -> Mapping[str, Any] | None:
        """The object `check` names; None when it, or its kind, does not exist (yet)."""
        ...


def pending(api: ClusterApi, readiness: Readiness) -> list[str]:
    """What is not ready yet, one line each; empty when everything is."""
    problems: list[str] = []
    missing = []
    served: dict[str, frozenset[str] | None] = {}
    for resource in readiness.apis:
        if resource.group_version not in served:
            served[resource.group_version] = api.served_resources(resource.group_version)
        names = served[resource.group_version]
        if names is None or resource.plural not in names:
            missing.append(str(resource))
    if missing:
        problems.append(f"CRDs not served: {', '.join(missing)}")
    if readiness.condition is not None:
        problem = _condition_problem(api.get_object(readiness.condition), readiness.condition)
        if problem:
            problems.append(problem)
    problems.extend(f"{ref} does not exist yet" for ref in readiness.objects if api.get_object(ref) is None)
    return problems


def _condition_problem(obj: Mapping[str, Any] | None, check: ConditionCheck) -> str | None:
    if obj is None:
        return f"{check} does not exist yet"
    conditions = (obj.get("status") or {}).get("conditions") or []
    found = next((c for c in conditions if c.get("type") == check.condition), None)
    if found is None:
        return f"{check} has no {check.condition} condition yet"
    if str(found.get("status")) == check.status:
        return None
    detail = "; ".join(str(found[k]) for k in ("reason", "message") if found.get(k))
    # A stalled revision is what someone has to act on: say so alongside the wait.
    stalled = next(
        (c for c in conditions if c.get("type") == "Stalled" and str(c.get("status")) == "True"), None
    )
    if stalled is not None and stalled.get("message"):
        detail = f"{detail}; Stalled: {stalled['message']}" if detail else f"Stalled: {stalled['message']}"
    status = found.get("status")
    return f"{check}: condition {check.condition} is {status}" + (f" ({detail})" if detail else "")


def wait_until_ready(
    api: ClusterApi,
    readiness: Readiness,
    *,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Poll until nothing is pending; raise `ReadinessError` at the timeout or on refused access."""
    deadline = clock() + readiness.timeout_seconds
    while True:
        try:
            problems = pending(api, readiness)
        except ClusterUnavailable as err:
            problems = [f"API server did not answer: {err}"]
        except ClusterAccessDenied as err:
            raise ReadinessError(
                f"cannot check the control plane of cluster {readiness.cluster}: {err}"
            ) from err
        if not problems:
            return
        now = clock()
        if now >= deadline:
            raise ReadinessError(_timeout_message(readiness, problems))
        sleep(min(readiness.poll_seconds, deadline - now))


def _timeout_message(readiness: Readiness, problems: Sequence[str]) -> str:
    return (
        f"control plane {readiness.revision} of cluster {readiness.cluster} not ready after "
        f"{readiness.timeout_seconds:g} s: " + "; ".join(problems)
    )
