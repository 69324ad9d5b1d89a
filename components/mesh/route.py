"""Route: an Istio Gateway, VirtualService and DestinationRule for one service (Google's "Set up a
multi-cluster mesh on managed Cloud Service Mesh")."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pulumi
import pulumi_kubernetes as kubernetes

from components.mesh.istio_objects import istio_object
from components.render.route import route_objects
from components.spec import check_route
from components.spec.models import RouteSpec

TOKEN = "meshfleet:index:Route"


@dataclass(frozen=True)
class RouteArgs:
    route: RouteSpec
    """The validated route spec: host, matches, subsets and weights."""
    selector: Mapping[str, str] | None
    """Pod labels of the gateway serving it: take IstioGateway.pod_labels, so they cannot drift.
    None for a mesh route (no gateway)."""
    gateway_namespace: str | None
    """Namespace of that gateway; TLS credentials are read from there. None for a mesh route."""
    provider: kubernetes.Provider
    """The cluster's Kubernetes provider."""
    mesh_ready: Sequence[pulumi.Resource] = field(default_factory=tuple)
    """The mesh installation: Istio's CRDs must exist before these objects."""
    destination_rule: bool = True
    """Render the DestinationRule of the route's subsets. False when another route to the same
    host and namespace on this cluster renders it (Istio applies only one per host)."""
    subsets_ready: Sequence[pulumi.Resource] = field(default_factory=tuple)
    """The DestinationRule another route renders for this route's subsets, if any: the
    VirtualService waits for it, as it waits for its own."""


class Route(pulumi.ComponentResource):
    """Route one service through a gateway (edge route) or inside the mesh (mesh route, no
    gateway), with optional weighted subsets (canary splits).

    Outputs: `gateway` (None for a mesh route), `virtual_service`, `destination_rule` (None
    without subsets, or when another route renders them).
    """

    def __init__(self, name: str, args: RouteArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        # The platform's rules for one route (weights add up to 100, name subsets), before
        # anything is registered, for a library that builds the component alone.
        check_route(args.route, "RouteArgs.route")
        super().__init__(TOKEN, name, None, opts)
        objs = route_objects(
            args.route,
            dict(args.selector) if args.selector is not None else None,
            args.gateway_namespace,
            destination_rule=args.destination_rule,
        )
        on_mesh = pulumi.ResourceOptions(
            parent=self, provider=args.provider, depends_on=list(args.mesh_ready)
        )

        self.gateway = (
            istio_object(f"{name}-gateway", objs.gateway, on_mesh) if objs.gateway is not None else None
        )
        self.destination_rule = (
            istio_object(f"{name}-destinationrule", objs.destination_rule, on_mesh)
            if objs.destination_rule is not None
            else None
        )
        # The VirtualService names the Gateway and the subsets: create it after both, so
        # no moment exists where it routes to a subset Envoy does not know (503s).
        after = [
            *([self.gateway] if self.gateway else []),
            *([self.destination_rule] if self.destination_rule else []),
            *args.subsets_ready,
        ]
        self.virtual_service = istio_object(
            f"{name}-virtualservice",
            objs.virtual_service,
            pulumi.ResourceOptions.merge(on_mesh, pulumi.ResourceOptions(depends_on=after)),
        )
        self.register_outputs({})
