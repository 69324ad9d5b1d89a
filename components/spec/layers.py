"""Layered stacks: one platform spec deployed as several stacks, each building one layer.

A stack file says which layer it builds with `meshfleet:layer`, and which stacks hold the
layers it reads with `meshfleet:references` (layer -> stack name); a reference left out follows
the naming rule `<env>-<layer>` in the same organization and project as the stack itself
(`acme/meshfleet/staging-routes` reads `acme/meshfleet/staging-clusters`). Every layer's stack
carries the same `meshfleet:platform`; a stack without `meshfleet:layer` builds everything, as
before.

- network: the project's APIs, the VPC and its subnets, routers and NAT;
- clusters: the clusters, node pools, fleet memberships, the managed control plane, its
  readiness gates and endpoint discovery, the fleet features of Multi Cluster Ingress;
- mesh: the mesh-wide mTLS policy, gateways and their namespaces, Multi Cluster Ingress objects;
- routes: the routes and their application namespaces, optionally only some namespaces
  (`meshfleet:namespaces`), so that each application team can own a stack.

Pure data: the Pulumi side (`components.mesh.stack_references`) reads the outputs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, cast, get_args

from .errors import SpecError, quoted
from .models import PlatformSpec

Layer = Literal["network", "clusters", "mesh", "routes"]
LAYERS: tuple[Layer, ...] = get_args(Layer)
"""The layers, lowest first."""

LAYER_KEY = "meshfleet:layer"
REFERENCES_KEY = "meshfleet:references"
NAMESPACES_KEY = "meshfleet:namespaces"

READS: Mapping[Layer, tuple[Layer, ...]] = {
    "network": (),
    # Cluster subnets and the multicluster firewall go into the network layer's VPC.
    "clusters": ("network",),
    # Both reach the clusters through the kubeconfigs the clusters layer exports.
    "mesh": ("clusters",),
    "routes": ("clusters",),
}
"""The layers whose stack outputs a layer reads (through a StackReference each)."""

# Pulumi's rule for each part of a stack name (pulumi/pulumi, backend name validation).
_NAME = re.compile(r"[A-Za-z0-9_.-]{1,100}")


class LayerError(SpecError):
    """Layer config that breaks a rule: '<config key>: <rule>', one line."""

    def __init__(self, key: str, message: str, loc: tuple[str, ...] = ()) -> None:
        super().__init__(loc, message, root=key)
        self.key = key
        """The stack config key at fault (a sibling of `meshfleet:platform`, not a field of it)."""


@dataclass(frozen=True)
class LayerConfig:
    """What one layered stack builds and which stacks it reads."""

    layer: Layer
    references: Mapping[Layer, str]
    """Layer -> the stack holding it, as written (`org/project/stack`) or by the naming rule
    (`<env>-<layer>`, a name in this stack's organization and project)."""
    namespaces: tuple[str, ...] | None = None
    """Routes layer only: the namespaces whose routes this stack owns; None: every namespace."""


def stack_of(reference: str) -> str:
    """The stack part of a reference (`acme/meshfleet/staging-clusters` -> `staging-clusters`)."""
    return reference.rsplit("/", 1)[-1]


def layer_config(config: Mapping[str, Any], stack: str) -> LayerConfig | None:
    """The layer a stack's config asks for, or None for a whole (monolithic) stack.

    Raises LayerError naming the config key and the rule.
    """
    raw = config.get(LAYER_KEY)
    if raw is None:
        for key in (REFERENCES_KEY, NAMESPACES_KEY):
            if key in config:
                raise LayerError(key, f"is set, but {LAYER_KEY} is not: say which layer this stack builds")
        return None
    if raw not in LAYERS:
        raise LayerError(LAYER_KEY, f"{quoted(raw)} is not a layer; layers are {', '.join(LAYERS)}")
    layer = cast(Layer, raw)
    return LayerConfig(layer, _references(config, stack, layer), _namespaces(config, layer))


def _references(config: Mapping[str, Any], stack: str, layer: Layer) -> dict[Layer, str]:
    given = config.get(REFERENCES_KEY) or {}
    if not isinstance(given, Mapping):
        raise LayerError(REFERENCES_KEY, "must be a mapping of layer to stack name")
    reads = READS[layer]
    references: dict[Layer, str] = {}
    for key, value in given.items():
        where = (str(key),)
        if key not in reads:
            what = ", ".join(reads) if reads else "nothing"
            raise LayerError(REFERENCES_KEY, f"the {layer} layer reads {what}", where)
        if not isinstance(value, str) or not _reference_name(value):
            raise LayerError(
                REFERENCES_KEY,
                f"{quoted(value)} is not a stack name: <stack> or <org>/<project>/<stack>, each part "
                "1 to 100 letters, digits, '-', '_' or '.'",
                where,
            )
        references[cast(Layer, key)] = value
    suffix = f"-{layer}"
    for needed in reads:
        if needed in references:
            continue
        if not stack.endswith(suffix) or stack == suffix:
            raise LayerError(
                REFERENCES_KEY,
                f"is required: stack {quoted(stack)} does not follow the naming <env>-{layer}, "
                f"so the {needed} stack it reads cannot be derived",
                (needed,),
            )
        references[needed] = f"{stack[: -len(suffix)]}-{needed}"
    return references


def _reference_name(value: str) -> bool:
    parts = value.split("/")
    return len(parts) in (1, 3) and all(_NAME.fullmatch(p) and p not in (".", "..") for p in parts)


def _namespaces(config: Mapping[str, Any], layer: Layer) -> tuple[str, ...] | None:
    raw = config.get(NAMESPACES_KEY)
    if raw is None:
        return None
    if layer != "routes":
        raise LayerError(
            NAMESPACES_KEY, f"splits the routes layer by namespace; this stack is the {layer} layer"
        )
    if not isinstance(raw, list) or not raw or not all(isinstance(n, str) and n for n in raw):
        raise LayerError(NAMESPACES_KEY, "must be a non-empty list of namespace names")
    return tuple(raw)


def check_layered(spec: PlatformSpec, config: LayerConfig) -> None:
    """What layered stacks can build so far, refused in one line before anything runs.

    GKE clusters with the managed control plane: their Kubernetes providers are rebuilt from
    the kubeconfigs the clusters layer exports. AKS, attached clusters and in-cluster istiod
    hand the mesh layer objects of the clusters layer (add-on revisions, istiod releases, reader
    tokens), which are not exported yet.
    """
    for i, cluster in enumerate(spec.clusters):
        if cluster.cloud != "gcp":
            raise SpecError(
                ("clusters", i, "cloud"),
                f"{cluster.cloud} clusters cannot be built in layers yet ({LAYER_KEY}: {config.layer}); "
                "deploy this spec as one stack",
            )
    if spec.mesh.control_plane == "in-cluster":
        raise SpecError(
            ("mesh", "controlPlane"),
            f"in-cluster istiod cannot be built in layers yet ({LAYER_KEY}: {config.layer}); "
            "deploy this spec as one stack",
        )
    if config.namespaces is not None:
        known = {r.namespace for r in spec.routes}
        for namespace in config.namespaces:
            if namespace not in known:
                raise LayerError(
                    NAMESPACES_KEY, f"no route of the spec lives in namespace {quoted(namespace)}"
                )


def owns_route(config: LayerConfig | None, namespace: str) -> bool:
    """Whether the stack builds the routes of `namespace` (a whole stack builds every route)."""
    return config is None or config.namespaces is None or namespace in config.namespaces


def waits_for_mesh(spec: PlatformSpec, config: LayerConfig) -> bool:
    """Whether a routes stack has a route in a gateway's namespace: the mesh layer creates that
    namespace, so the routes stack deploys after it (otherwise the two are independent)."""
    gateway_namespaces = {g.namespace for g in spec.gateways if g.addon is None}
    return config.layer == "routes" and any(
        r.namespace in gateway_namespaces and owns_route(config, r.namespace) for r in spec.routes
    )


def layer_order(
    stacks: Mapping[str, LayerConfig], after: Mapping[str, Sequence[str]] | None = None
) -> list[list[str]]:
    """Stacks in dependency order, as waves: each wave's stacks read only earlier waves' stacks,
    so the stacks of one wave can run at once. `after` adds orderings that are not reads (a
    routes stack after the mesh stack, `waits_for_mesh`). Raises LayerError on a cycle."""
    needs = {
        name: ({stack_of(ref) for ref in cfg.references.values()} | set((after or {}).get(name, ())))
        & set(stacks)
        for name, cfg in stacks.items()
    }
    waves: list[list[str]] = []
    done: set[str] = set()
    while len(done) < len(stacks):
        wave = sorted(n for n in stacks if n not in done and needs[n] <= done)
        if not wave:
            left = ", ".join(sorted(set(stacks) - done))
            raise LayerError(REFERENCES_KEY, f"the stacks {left} reference each other in a cycle")
        waves.append(wave)
        done.update(wave)
    return waves


def missing_references(config: LayerConfig, available: Sequence[str]) -> list[str]:
    """The referenced stacks (by stack name) that are not in `available`."""
    return [stack_of(ref) for ref in config.references.values() if stack_of(ref) not in available]
