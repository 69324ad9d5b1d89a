"""Helpers for the component tests: run a program under the offline engine, look into its Plan.

Every test runs a program to completion with `components.engine.run_program` and then asserts
on what the engine recorded (inputs, parents, providers, dependencies), never inside an
`apply`: in a preview an apply over an unknown never runs, so an assertion there would pass
silently. A MeshPlatform run takes a second or two, so the default platform plan and the dev
stack plan are built once per test session; tests must treat the cached plans as read-only.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pulumi.runtime import config as runtime_config

from components.engine import (
    Plan,
    PlannedResource,
    StackReferences,
    UnresolvedStackReference,
    load_stack_config,
    make_urn,
    run_program,
)
from components.platform import MeshPlatform
from components.spec import PlatformSpec, parse_platform
from tests.spec.fixtures import dev_platform

PROJECT = "meshfleet"
STACK = "test"
STACK_URN = f"urn:pulumi:{STACK}::{PROJECT}::pulumi:pulumi:Stack::{PROJECT}-{STACK}"

REPO = Path(__file__).resolve().parents[1]
STACKS_DIR = REPO / "stacks"
DEV_STACK_FILE = STACKS_DIR / "Pulumi.dev.yaml"

# Type tokens the tests look for.
PLATFORM = "meshfleet:index:MeshPlatform"
GCP_NETWORK = "meshfleet:index:GcpNetwork"
GKE_CLUSTER = "meshfleet:index:PrivateGkeCluster"
CLOUD_SERVICE_MESH = "meshfleet:index:CloudServiceMesh"
ISTIO_GATEWAY = "meshfleet:index:IstioGateway"
ROUTE = "meshfleet:index:Route"
PROJECT_APIS = "meshfleet:index:ProjectApis"

API_SERVICE = "gcp:projects/service:Service"
NETWORK = "gcp:compute/network:Network"
SUBNETWORK = "gcp:compute/subnetwork:Subnetwork"
ROUTER = "gcp:compute/router:Router"
ROUTER_NAT = "gcp:compute/routerNat:RouterNat"
FIREWALL = "gcp:compute/firewall:Firewall"
SERVICE_ACCOUNT = "gcp:serviceaccount/account:Account"
IAM_MEMBER = "gcp:projects/iAMMember:IAMMember"
CLUSTER = "gcp:container/cluster:Cluster"
NODE_POOL = "gcp:container/nodePool:NodePool"
MEMBERSHIP = "gcp:gkehub/membership:Membership"
FEATURE = "gcp:gkehub/feature:Feature"
FEATURE_MEMBERSHIP = "gcp:gkehub/featureMembership:FeatureMembership"
K8S_PROVIDER = "pulumi:providers:kubernetes"
MESH_READY = "pulumi-python:dynamic/meshfleet:ControlPlaneReadiness"
NAMESPACE = "kubernetes:core/v1:Namespace"
CONFIG_MAP_PATCH = "kubernetes:core/v1:ConfigMapPatch"
K8S_SERVICE_ACCOUNT = "kubernetes:core/v1:ServiceAccount"
ROLE = "kubernetes:rbac.authorization.k8s.io/v1:Role"
ROLE_BINDING = "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding"
DEPLOYMENT = "kubernetes:apps/v1:Deployment"
K8S_SERVICE = "kubernetes:core/v1:Service"
HPA = "kubernetes:autoscaling/v2:HorizontalPodAutoscaler"
PDB = "kubernetes:policy/v1:PodDisruptionBudget"
ISTIO_GATEWAY_CR = "kubernetes:networking.istio.io/v1:Gateway"
VIRTUAL_SERVICE = "kubernetes:networking.istio.io/v1:VirtualService"
DESTINATION_RULE = "kubernetes:networking.istio.io/v1:DestinationRule"


def plan_of(build: Callable[[], object]) -> Plan:
    """Run `build` as a Pulumi program (project meshfleet, stack test) and return its settled Plan."""
    return run_program(build, project=PROJECT, stack=STACK)


def spec_of(raw: dict[str, Any] | None = None) -> PlatformSpec:
    """The validated platform spec of `raw` (camelCase), by default the two-cluster dev spec."""
    return parse_platform(raw if raw is not None else dev_platform())


TRUST_CONFIG = {
    "meshfleet:mesh-root-cert": "-----BEGIN CERTIFICATE-----\nroot of the tests\n-----END CERTIFICATE-----\n",
    "meshfleet:mesh-root-key": (
        "-----BEGIN PRIVATE KEY-----\nclear-root-key-of-the-tests\n-----END PRIVATE KEY-----\n"
    ),
}
"""The mesh root's certificate and key as `pulumi config set --secret` leaves them (known, secret)."""


def platform_plan(raw: dict[str, Any] | None = None) -> Plan:
    """The Plan of MeshPlatform("mesh", spec) for `raw`, with the mesh root in secret config
    (`TRUST_CONFIG`); the dev spec's plan is cached."""
    if raw is None:
        return _default_platform_plan()
    spec = spec_of(raw)

    def build() -> None:
        runtime_config.set_all_config(TRUST_CONFIG, list(TRUST_CONFIG))
        MeshPlatform("mesh", spec)

    return plan_of(build)


@functools.cache
def _default_platform_plan() -> Plan:
    spec = spec_of()
    return plan_of(lambda: MeshPlatform("mesh", spec))


def dev_stack_config() -> dict[str, Any]:
    """A fresh copy of stacks/Pulumi.dev.yaml's config, for tests to mutate."""
    return load_stack_config(DEV_STACK_FILE)


def stack_plan(config: dict[str, Any], stack: str = "dev") -> Plan:
    """Run the real stack program (stacks/__main__.py) with `config`."""
    return run_program(STACKS_DIR, project=PROJECT, stack=stack, config=config)


@functools.cache
def dev_stack_plan() -> Plan:
    """The stack program's Plan with the dev stack's config (cached)."""
    return stack_plan(dev_stack_config())


def urn(parent: str | PlannedResource, type_: str, name: str, *, stack: str = STACK) -> str:
    """The URN the engine gives a resource named `name` of type `type_` under `parent`."""
    parent_urn = parent if isinstance(parent, str) else parent.urn
    return make_urn(stack, PROJECT, parent_urn, type_, name)


def descendants(plan: Plan, root: str | PlannedResource) -> list[PlannedResource]:
    """Every resource below `root` (children, their children...), in plan order."""
    root_urn = root if isinstance(root, str) else root.urn
    below = {root_urn}
    found = []
    for resource in plan:  # plan order puts parents before their children
        if resource.parent in below:
            below.add(resource.urn)
            found.append(resource)
    return found


def kubernetes_objects(plan: Plan, root: str | PlannedResource | None = None) -> list[PlannedResource]:
    """Kubernetes objects (not providers) in the plan, or below `root`."""
    resources = plan.resources if root is None else descendants(plan, root)
    return [r for r in resources if r.type.startswith("kubernetes:")]


def one(plan: Plan, type_: str) -> PlannedResource:
    """The single resource of `type_`; fails the test if there are none or several."""
    found = plan.by_type(type_)
    assert len(found) == 1, f"expected one {type_}, found {[r.name for r in found]}"
    return found[0]


def accepted_references() -> StackReferences:
    """Stack references answered from the accepted baselines (stacks/baselines), as
    `meshfleet baseline` answers a layered stack's."""

    def resolve(reference: str) -> Plan:
        path = STACKS_DIR / "baselines" / f"{reference.rsplit('/', 1)[-1]}.plan.json"
        if not path.is_file():
            raise UnresolvedStackReference(reference)
        return Plan.from_json(path.read_text(encoding="utf-8"))

    return resolve
