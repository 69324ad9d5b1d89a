"""Helpers for the meshguard tests: run one policy on a Plan and assert what it reports.

The pack is loaded by path with the offline loader, as `meshfleet preview` and
`pulumi preview --policy-pack policy` do (policy/__main__.py is never imported directly).
Plans come from two sources: programs run through the engine (our components, or plain
pulumi_kubernetes / pulumi_gcp resources), and hand-built PlannedResource lists for shapes no
program of ours produces. Cached plans are shared: treat them as read-only.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any
from unittest import mock

import pulumi
import pulumi_kubernetes as kubernetes

from components.engine import (
    Plan,
    PlannedResource,
    PolicyPackDefinition,
    PolicyReport,
    PolicyRuntimeError,
    PolicyView,
    Violation,
    evaluate_policies,
    load_policy_pack,
    load_stack_config,
    make_urn,
    run_program,
)
from components.engine.analyzer import VIEWS
from components.gcp.cluster import PrivateGkeCluster, PrivateGkeClusterArgs
from components.mesh.gateway import IstioGateway, IstioGatewayArgs
from components.mesh.route import Route, RouteArgs
from components.platform import MeshPlatform
from components.render.injection import namespace_labels
from components.spec import parse_platform
from components.spec.models import GatewaySpec, GkeClusterSpec, MeshSpec, RouteSpec
from policy.meshguard.values import UNCHECKED
from tests.harness import accepted_references
from tests.spec.fixtures import dev_platform

REPO = Path(__file__).resolve().parents[2]
PACK_DIR = REPO / "policy"
STACKS_DIR = REPO / "stacks"

PROJECT = "policytest"
STACK = "test"
STACK_URN = make_urn(STACK, PROJECT, "", "pulumi:pulumi:Stack", f"{PROJECT}-{STACK}")

K8S_PROVIDER = "pulumi:providers:kubernetes"
DEPLOYMENT = "kubernetes:apps/v1:Deployment"
SERVICE = "kubernetes:core/v1:Service"
NAMESPACE = "kubernetes:core/v1:Namespace"
ISTIO_GATEWAY = "kubernetes:networking.istio.io/v1:Gateway"
VIRTUAL_SERVICE = "kubernetes:networking.istio.io/v1:VirtualService"
DESTINATION_RULE = "kubernetes:networking.istio.io/v1:DestinationRule"
GKE_CLUSTER = "gcp:container/cluster:Cluster"
NODE_POOL = "gcp:container/nodePool:NodePool"
FIREWALL = "gcp:compute/firewall:Firewall"
NETWORK = "gcp:compute/network:Network"

GATEWAY_LABELS = {"app": "istio-ingressgateway", "istio": "ingressgateway"}


@functools.cache
def pack() -> PolicyPackDefinition:
    """The meshguard pack, loaded by path (cached: the policies are stateless)."""
    return load_policy_pack(PACK_DIR)


def plan_of(program: Callable[[], object]) -> Plan:
    """Run ``program`` through the offline engine and return its Plan."""
    return run_program(program, project=PROJECT, stack=STACK)


EVALUATED: dict[int, Plan] = {}
"""Every Plan ``run_pack`` ran the pack on during the current test, by id (see conftest.py)."""


def run_pack(
    plan: Plan, config: Mapping[str, Any] | None = None, view: PolicyView = "inputs"
) -> PolicyReport:
    """The whole pack on ``plan`` in ``view``, with a policy config as `--policy-pack-config` takes it."""
    EVALUATED[id(plan)] = plan
    return evaluate_policies(pack(), plan, config, view)


def run_policy(
    name: str, plan: Plan, level: str | None = None, view: PolicyView = "inputs", **properties: Any
) -> PolicyReport:
    """Only policy ``name`` (every other one disabled), at its own level unless ``level`` is given."""
    entry = {"enforcementLevel": level or default_level(name), **properties}
    return run_pack(plan, {"all": "disabled", name: entry}, view)


def default_level(name: str) -> str:
    level = pack().policy(name).enforcement_level
    assert level is not None
    return level.value


def violations(name: str, plan: Plan, **properties: Any) -> list[Violation]:
    return run_policy(name, plan, **properties).violations


def assert_no_violation(name: str, plan: Plan, **properties: Any) -> None:
    report = run_policy(name, plan, **properties)
    assert report.violations == [], "\n".join(f"{v.resource_name}: {v.message}" for v in report.violations)


def assert_violation(
    name: str, plan: Plan, *fragments: str, resource: str | None = None, **properties: Any
) -> Violation:
    """Exactly one violation of ``name``, on ``resource`` (a resource name) if given, whose
    message has every fragment; returns it."""
    found = violations(name, plan, **properties)
    if resource is not None:
        found = [v for v in found if v.resource_name == resource]
    assert len(found) == 1, (
        f"expected one {name} violation, got {[(v.resource_name, v.message) for v in found]}"
    )
    violation = found[0]
    for fragment in fragments:
        assert fragment in violation.message, f"{fragment!r} not in {violation.message!r}"
    assert violation.policy_name == name
    return violation


# --- hand-built plans ------------------------------------------------------------------------


def resource(
    type_: str,
    name: str,
    inputs: Mapping[str, Any] | None = None,
    *,
    provider: str | PlannedResource | None = None,
    protect: bool = False,
    parent: str | None = None,
    property_dependencies: Mapping[str, list[str]] | None = None,
) -> PlannedResource:
    """A PlannedResource as the engine would record it (inputs in wire form, markers allowed)."""
    parent_urn = parent or STACK_URN
    provider_urn = provider.urn if isinstance(provider, PlannedResource) else provider
    return PlannedResource(
        urn=make_urn(STACK, PROJECT, parent_urn, type_, name),
        type=type_,
        name=name,
        custom=True,
        parent=parent_urn,
        provider=provider_urn,
        protect=protect,
        inputs=dict(inputs or {}),
        property_dependencies=dict(property_dependencies or {}),
    )


def plan_from(*resources: PlannedResource) -> Plan:
    """A Plan of the stack resource and ``resources``."""
    stack = PlannedResource(
        urn=STACK_URN, type="pulumi:pulumi:Stack", name=f"{PROJECT}-{STACK}", custom=False
    )
    return Plan(project=PROJECT, stack=STACK, resources=[stack, *resources])


def k8s_provider(name: str = "cluster-a", namespace: str | None = None) -> PlannedResource:
    inputs: dict[str, Any] = {"kubeconfig": "<secret>"}
    if namespace is not None:
        inputs["namespace"] = namespace
    return resource(K8S_PROVIDER, name, inputs)


def namespace(name: str, labels: Mapping[str, str] | None = None, **kwargs: Any) -> PlannedResource:
    metadata: dict[str, Any] = {"name": name}
    if labels is not None:
        metadata["labels"] = dict(labels)
    return resource(
        NAMESPACE, f"ns-{name}", {"apiVersion": "v1", "kind": "Namespace", "metadata": metadata}, **kwargs
    )


def gateway_deployment(
    name: str = "istio-ingressgateway",
    namespace: str | None = "istio-gateway",
    *,
    labels: Mapping[str, str] | None = None,
    annotations: Mapping[str, str] | None = None,
    image: str = "auto",
    containers: list[dict[str, Any]] | None = None,
    resource_name: str | None = None,
    **kwargs: Any,
) -> PlannedResource:
    """A gateway Deployment shaped like the Istio sample, with the given changes."""
    pod_labels = dict(GATEWAY_LABELS if labels is None else labels)
    metadata: dict[str, Any] = {"name": name}
    if namespace is not None:
        metadata["namespace"] = namespace
    template_metadata: dict[str, Any] = {"labels": pod_labels}
    template_metadata["annotations"] = (
        {"inject.istio.io/templates": "gateway"} if annotations is None else dict(annotations)
    )
    return resource(
        DEPLOYMENT,
        resource_name or f"{name}-deployment",
        {
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "metadata": metadata,
            "spec": {
                "selector": {"matchLabels": pod_labels},
                "template": {
                    "metadata": template_metadata,
                    "spec": {"containers": containers or [{"name": "istio-proxy", "image": image}]},
                },
            },
        },
        **kwargs,
    )


def service(
    name: str,
    namespace: str,
    *,
    selector: Mapping[str, str],
    labels: Mapping[str, str] | None = None,
    annotations: Mapping[str, str] | None = None,
    spec: Mapping[str, Any] | None = None,
    **kwargs: Any,
) -> PlannedResource:
    metadata: dict[str, Any] = {"name": name, "namespace": namespace}
    if labels is not None:
        metadata["labels"] = dict(labels)
    if annotations is not None:
        metadata["annotations"] = dict(annotations)
    return resource(
        SERVICE,
        f"{name}-service",
        {
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": metadata,
            "spec": {"selector": dict(selector), "ports": [{"name": "tls", "port": 15443}], **(spec or {})},
        },
        **kwargs,
    )


def istio_object(
    kind: str, name: str, namespace: str, spec: Mapping[str, Any], version: str = "v1", **kwargs: Any
) -> PlannedResource:
    return resource(
        f"kubernetes:networking.istio.io/{version}:{kind}",
        f"{name}-{kind.lower()}",
        {
            "apiVersion": f"networking.istio.io/{version}",
            "kind": kind,
            "metadata": {"name": name, "namespace": namespace},
            "spec": dict(spec),
        },
        **kwargs,
    )


def without(plan: Plan, type_: str) -> Plan:
    """``plan`` without its resources of ``type_`` (a hand-made change to a component's output)."""
    return Plan(plan.project, plan.stack, [r for r in plan.resources if r.type != type_], plan.outputs)


def edited(plan: Plan, type_: str, change: Callable[[PlannedResource], None]) -> Plan:
    """A copy of ``plan`` in which ``change`` edited every resource of ``type_`` (a hand-made
    variant of what a component produced)."""
    copy = Plan.from_json(plan.to_json())
    for item in copy.by_type(type_):
        change(item)
    return copy


# --- small programs --------------------------------------------------------------------------


def gateway_deployment_spec(labels: Mapping[str, str], *, template: bool = True, image: str = "auto") -> Any:
    """A gateway Deployment's spec as a plain pulumi_kubernetes program passes it: pods with
    ``labels``, the gateway injection template if ``template``, one istio-proxy container."""
    metadata: dict[str, Any] = {"labels": dict(labels)}
    if template:
        metadata["annotations"] = {"inject.istio.io/templates": "gateway"}
    return {
        "selector": {"matchLabels": dict(labels)},
        "template": {"metadata": metadata, "spec": {"containers": [{"name": "istio-proxy", "image": image}]}},
    }


def on_cluster(name: str = "cluster-a", **provider_args: Any) -> pulumi.ResourceOptions:
    """Options placing a resource on a fresh explicit Kubernetes provider (a cluster)."""
    provider = kubernetes.Provider(name, kubeconfig="apiVersion: v1\nkind: Config\n", **provider_args)
    return pulumi.ResourceOptions(provider=provider)


# --- our components' output ------------------------------------------------------------------


def stack_files() -> list[Path]:
    """Every stack config in stacks/."""
    return sorted(STACKS_DIR.glob("Pulumi.*.yaml"))


@functools.cache
def stack_plan(stack_file: Path) -> Plan:
    """The real stack program run with one stack's config."""
    stack = stack_file.name.removeprefix("Pulumi.").removesuffix(".yaml")
    return run_program(
        STACKS_DIR,
        project="meshfleet",
        stack=stack,
        config=load_stack_config(stack_file),
        stack_references=accepted_references(),
    )


@functools.cache
def _platform_plan() -> Plan:
    spec = parse_platform(dev_platform())
    return plan_of(lambda: MeshPlatform("mesh", spec))


def platform_plan(raw: dict[str, Any] | None = None) -> Plan:
    """MeshPlatform for a raw spec; by default the two-cluster dev spec of tests/spec (cached)."""
    if raw is None:
        return _platform_plan()
    spec = parse_platform(raw)
    return plan_of(lambda: MeshPlatform("mesh", spec))


def components_plan(
    gateway: GatewaySpec | None = None,
    *,
    mesh: MeshSpec | None = None,
    routes: tuple[RouteSpec, ...] = (),
    selector: Mapping[str, str] | None = None,
) -> Plan:
    """IstioGateway (and Routes through it) built directly from specs, bypassing the platform
    spec's rules, so a spec can say what a validated platform never would."""
    gateway = gateway or GatewaySpec(name="istio-ingressgateway", namespace="istio-gateway")

    def build() -> None:
        provider = kubernetes.Provider("tokyo-1-k8s", kubeconfig="apiVersion: v1\nkind: Config\n")
        component = IstioGateway(
            "gw",
            IstioGatewayArgs(
                gateway=gateway,
                injection_labels=namespace_labels(mesh or MeshSpec()),
                provider=provider,
            ),
        )
        for route in routes:
            Route(
                f"route-{route.name}",
                RouteArgs(
                    route=route,
                    selector=selector if selector is not None else component.pod_labels,
                    gateway_namespace=component.namespace_name,
                    provider=provider,
                ),
            )

    # The components run the spec's rules for one gateway or route themselves; these plans
    # are to show the pack a shape they would refuse, so the checks are set aside here only.
    with (
        mock.patch("components.mesh.gateway.check_gateway", _unchecked),
        mock.patch("components.mesh.route.check_route", _unchecked),
    ):
        return plan_of(build)


def _unchecked(*_: object) -> None:
    """A component's spec check, set aside (components_plan)."""


def cluster_plan(cluster: GkeClusterSpec | None = None) -> Plan:
    """PrivateGkeCluster built directly from a cluster spec."""
    spec = cluster or GkeClusterSpec.model_validate(dev_platform()["clusters"][0])

    def build() -> None:
        PrivateGkeCluster(
            "tokyo-1",
            PrivateGkeClusterArgs(
                project="acme-mesh-dev",
                cluster=spec,
                network="projects/acme-mesh-dev/global/networks/mesh-vpc",
                subnetwork="projects/acme-mesh-dev/regions/asia-northeast1/subnetworks/private-tokyo",
                pods_range_name="private-tokyo-pods",
                services_range_name="private-tokyo-services",
            ),
        )

    return plan_of(build)


def helloworld_route(**changes: Any) -> RouteSpec:
    """The dev spec's canary route (v1 20 / v2 80), with validated changes."""
    raw = dev_platform()["routes"][0] | changes
    return RouteSpec.model_validate(raw)


def crashes(plan: Plan, views: Sequence[PolicyView] = VIEWS) -> list[str]:
    """What goes wrong when the whole pack runs on ``plan`` in each of ``views``: a policy that
    raises, or one that uses an unknown value without checking for it (``UNCHECKED``)."""
    found = []
    for view in views:
        try:
            report = evaluate_policies(pack(), plan, view=view)
        except PolicyRuntimeError as exc:
            found.append(f"{view}: {exc}")
            continue
        found += [
            f"{view}: {n.policy_name} used an unknown value without checking for it"
            for n in report.not_checked
            if n.message == UNCHECKED
        ]
    return found
