"""ControlPlaneReadiness: a resource that exists once a cluster's mesh control plane is ready.

A Pulumi dynamic resource (the provider is Python code in this module, run by the Pulumi
engine's `pulumi-python` provider host): creating it polls the cluster until the CRDs the
mesh objects use are served and, optionally, a control plane object reports its condition
(`checks.wait_until_ready`). Mesh objects depend on it, so none is created before the control
plane can take it. Updating it waits again when what it checks changed (another cluster
behind the kubeconfig, another revision); deleting it touches nothing.

Why not a Kubernetes object awaited with `pulumi.com/waitFor`: the objects that could carry
the annotation (the CRDs, the ControlPlaneRevision) belong to the managed product, and
creating any object of a kind whose CRD is not served yet fails after the Kubernetes
provider's short retry, which is the very problem.

The provider is pickled by reference into the input `__provider` (the SDK's convention): the
Pulumi engine's provider host must be able to import `components.mesh.readiness`, which it can
whenever meshfleet is installed in the program's virtualenv.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pulumi
from pulumi import dynamic

from .checks import ISTIO_APIS, ApiResource, ConditionCheck, ObjectRef, Readiness, wait_until_ready

# Google's own Terraform module waits 20 minutes for a managed revision to reconcile.
DEFAULT_TIMEOUT_SECONDS = 20 * 60
POLL_SECONDS = 10


@dataclass(frozen=True)
class ControlPlaneReadinessArgs:
    cluster: str
    """The cluster's name in the spec; error messages name it."""
    kubeconfig: pulumi.Input[str]
    """Credentials for the cluster (the Kubernetes provider's); kept a Pulumi secret."""
    revision: str
    """The control plane revision waited for (e.g. asm-managed-stable); error messages name it."""
    apis: Sequence[ApiResource] = ISTIO_APIS
    """Custom resources that must be served. Default: the Istio kinds the mesh layer creates."""
    condition: ConditionCheck | None = None
    """A control plane object and the condition that must hold; None checks the CRDs only."""
    objects: Sequence[ObjectRef] = ()
    """Objects that must exist, e.g. those a managed product creates and the stack patches."""
    timeout_seconds: int = DEFAULT_TIMEOUT_SECONDS
    """How long a create or update waits before it fails, naming what was not ready. The
    engine's `customTimeouts` never reach a dynamic provider, so the wait bounds itself."""


def readiness_inputs(args: ControlPlaneReadinessArgs) -> dict[str, Any]:
    """The resource's inputs (wire form, camelCase); the kubeconfig is made a secret."""
    condition = args.condition
    return {
        "cluster": args.cluster,
        "revision": args.revision,
        "kubeconfig": pulumi.Output.secret(args.kubeconfig),
        "apis": [{"groupVersion": a.group_version, "plural": a.plural} for a in args.apis],
        "condition": None
        if condition is None
        else {
            "groupVersion": condition.group_version,
            "plural": condition.plural,
            "namespace": condition.namespace,
            "name": condition.name,
            "type": condition.condition,
            "status": condition.status,
        },
        "timeoutSeconds": args.timeout_seconds,
        # Only when asked for, so that the gates of stacks that check no object keep their inputs.
        **({"objects": [_ref_inputs(o) for o in args.objects]} if args.objects else {}),
    }


def _ref_inputs(ref: ObjectRef) -> dict[str, str]:
    return {
        "groupVersion": ref.group_version,
        "plural": ref.plural,
        "namespace": ref.namespace,
        "name": ref.name,
    }


def readiness_of(props: Mapping[str, Any]) -> Readiness:
    """The `Readiness` described by a resource's inputs (as the provider receives them)."""
    condition = props.get("condition")
    return Readiness(
        cluster=props["cluster"],
        revision=props["revision"],
        apis=tuple(ApiResource(a["groupVersion"], a["plural"]) for a in props["apis"]),
        condition=None
        if not condition
        else ConditionCheck(
            group_version=condition["groupVersion"],
            plural=condition["plural"],
            namespace=condition["namespace"],
            name=condition["name"],
            condition=condition["type"],
            status=condition["status"],
        ),
        objects=tuple(
            ObjectRef(o["groupVersion"], o["plural"], o["namespace"], o["name"])
            for o in props.get("objects") or ()
        ),
        timeout_seconds=float(props["timeoutSeconds"]),
        poll_seconds=POLL_SECONDS,
    )


# What decides whether a new wait is due. The timeout is not: changing it checks nothing new.
_CHECKED = ("cluster", "revision", "apis", "condition", "objects")


def _outputs(props: Mapping[str, Any]) -> dict[str, Any]:
    # The kubeconfig is not echoed into state outputs; its digest is enough to see it change.
    outs = {key: props[key] for key in (*_CHECKED, "timeoutSeconds") if key in props}
    outs["kubeconfigSha256"] = _digest(props["kubeconfig"])
    return outs


def _digest(kubeconfig: Any) -> str:
    return hashlib.sha256(str(kubeconfig).encode()).hexdigest()


def _needs_wait(olds: Mapping[str, Any], news: Mapping[str, Any]) -> bool:
    """Whether `news` checks something `olds` did not: another cluster, revision or CRD."""
    return any(olds.get(key) != news.get(key) for key in _CHECKED) or olds.get("kubeconfigSha256") != _digest(
        news.get("kubeconfig")
    )


class ReadinessProvider(dynamic.ResourceProvider):
    """Create waits for readiness, update waits again when the check changed, delete does nothing."""

    def create(self, props: dict[str, Any]) -> dynamic.CreateResult:
        readiness = readiness_of(props)
        self._wait(props)
        return dynamic.CreateResult(f"{readiness.cluster}/{readiness.revision}", _outputs(props))

    def diff(self, _id: str, _olds: dict[str, Any], _news: dict[str, Any]) -> dynamic.DiffResult:
        changed = _needs_wait(_olds, _news) or _olds.get("timeoutSeconds") != _news.get("timeoutSeconds")
        return dynamic.DiffResult(changes=changed, replaces=[])

    def update(self, _id: str, _olds: dict[str, Any], _news: dict[str, Any]) -> dynamic.UpdateResult:
        if _needs_wait(_olds, _news):
            self._wait(_news)
        return dynamic.UpdateResult(_outputs(_news))

    @staticmethod
    def _wait(props: Mapping[str, Any]) -> None:
        from .kube import KubernetesApi

        wait_until_ready(KubernetesApi(props["kubeconfig"]), readiness_of(props))


class ControlPlaneReadiness(dynamic.Resource, module="meshfleet", name="ControlPlaneReadiness"):
    """Exists once the cluster's control plane serves the mesh's CRDs and reports itself ready.

    Depend on it (`ControlPlane.ready`) from every object that needs the control plane. Give
    it, in `opts.depends_on`, whatever must exist before the control plane can appear (the
    mesh enrolment, the nodes).
    """

    def __init__(
        self, name: str, args: ControlPlaneReadinessArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__(ReadinessProvider(), name, readiness_inputs(args), opts)
