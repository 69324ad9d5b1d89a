"""Traffic routing through an ingress gateway as Istio manifests (pure functions, no Pulumi).

One route becomes the three objects of Google's "Set up a multi-cluster mesh on managed Cloud Service
Mesh" for helloworld: an Istio Gateway
that opens ports on the ingress gateway's proxies, a VirtualService bound to it that matches
requests and splits them between subsets by weight, and a DestinationRule that defines the
subsets by pod labels.

apiVersion is `networking.istio.io/v1`. The guides use v1alpha3 and v1beta1, which serve the
same schema; v1 is the stable version since Istio 1.22, and cloudcoil-models-istio 1.24.2.1
(our schema check) has v1 models of all three kinds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

from components.spec.models import MatchSpec, RouteSpec, RouteTlsSpec

from .gateway import HTTP_PORT, HTTPS_PORT, Manifest
from .labels import MANAGED_BY_LABELS

ISTIO_NETWORKING = "networking.istio.io/v1"

# Google's "Installing and upgrading gateways" guides: gateways default to TLS 1.2 since ASM 1.14; saying so
# makes the floor
# explicit and safe by default whatever the control plane's default becomes.
MIN_TLS_VERSION = "TLSV1_2"


class SecretRef(NamedTuple):
    """Where a Kubernetes Secret must exist."""

    namespace: str
    name: str


@dataclass(frozen=True)
class RouteObjects:
    """The Istio objects of one route; gateway is None for a mesh route, destination_rule None
    when it has no subsets (or another route renders them, see route_objects)."""

    gateway: Manifest | None
    virtual_service: Manifest
    destination_rule: Manifest | None
    tls_secret: SecretRef | None = None
    """The certificate Secret the HTTPS server needs (not rendered: certificates are not
    spec data), or None without TLS. It lives in the gateway's namespace, see route_objects."""

    def manifests(self) -> list[Manifest]:
        """All objects, the Gateway first since the VirtualService names it."""
        objects = [self.gateway] if self.gateway is not None else []
        objects.append(self.virtual_service)
        if self.destination_rule is not None:
            objects.append(self.destination_rule)
        return objects


def gateway_name(route: RouteSpec) -> str:
    """Name of the route's Istio Gateway, as the helloworld-gateway of Google's "Set up a multi-cluster
    mesh on managed Cloud Service Mesh"."""
    return f"{route.name}-gateway"


MESH_GATEWAY = "mesh"
"""Istio's reserved gateway name for every sidecar of the mesh."""


def route_objects(
    route: RouteSpec,
    selector: Mapping[str, str] | None = None,
    gateway_namespace: str | None = None,
    *,
    destination_rule: bool = True,
) -> RouteObjects:
    """Render `route` for the ingress gateway whose pods carry `selector` in `gateway_namespace`.

    A mesh route (no `gateway`) needs neither: it is a VirtualService for the service host
    bound to the mesh's sidecars, and its DestinationRule. `destination_rule=False` leaves the
    DestinationRule out, for a route whose host's subsets another route renders (Istio applies
    one per host in a namespace: `components.spec.placement.destination_rule_owners`).

    Pass `gateway_pod_labels(gateway)` as the selector, so the Gateway always selects the
    pods the gateway Deployment creates. The objects themselves go to `route.namespace`
    (Google's "Set up a multi-cluster mesh on managed Cloud Service Mesh" applies them in the app's
    namespace): the selector finds the gateway's pods in
    any namespace. `gateway_namespace` is not written into them; it says where the TLS
    Secret must be, since a gateway reads credentialName Secrets from its own namespace,
    whatever namespace the Gateway object is in.
    """
    if route.gateway is None:
        return RouteObjects(
            gateway=None,
            virtual_service=_mesh_virtual_service(route),
            destination_rule=_destination_rule(route) if destination_rule else None,
        )
    if selector is None or gateway_namespace is None:
        raise ValueError(
            f"route {route.name} goes through gateway {route.gateway}: pass its selector and namespace"
        )
    return RouteObjects(
        gateway=_gateway(route, selector),
        virtual_service=_virtual_service(route),
        destination_rule=_destination_rule(route) if destination_rule else None,
        tls_secret=SecretRef(gateway_namespace, route.tls.credential_name) if route.tls else None,
    )


def _metadata(name: str, route: RouteSpec) -> Manifest:
    return {"name": name, "namespace": route.namespace, "labels": dict(MANAGED_BY_LABELS)}


def _gateway(route: RouteSpec, selector: Mapping[str, str]) -> Manifest:
    servers = [
        {"port": {"number": HTTP_PORT, "name": "http", "protocol": "HTTP"}, "hosts": list(route.hosts)},
    ]
    if route.tls is not None:
        if route.tls.https_redirect:
            # Istio's Gateway answers every request on this server with a 301 to https://.
            servers[0]["tls"] = {"httpsRedirect": True}
        servers.append(_https_server(route.tls))
    return {
        "apiVersion": ISTIO_NETWORKING,
        "kind": "Gateway",
        "metadata": _metadata(gateway_name(route), route),
        "spec": {"selector": dict(selector), "servers": servers},
    }


def _https_server(tls: RouteTlsSpec) -> Manifest:
    return {
        "port": {"number": HTTPS_PORT, "name": "https", "protocol": "HTTPS"},
        "hosts": list(tls.hosts),
        "tls": {
            # SIMPLE: the gateway terminates TLS with one certificate. (With the
            # TRAFFIC_DIRECTOR control plane AUTO_PASSTHROUGH is unsupported, Google's "Installing and
            # upgrading gateways with Istio APIs".)
            "mode": "SIMPLE",
            # A Secret in the gateway workload's namespace, not in this Gateway's namespace:
            # it is served to the gateway's proxies (RouteObjects.tls_secret says where).
            "credentialName": tls.credential_name,
            "minProtocolVersion": MIN_TLS_VERSION,
        },
    }


def _virtual_service_hosts(route: RouteSpec) -> list[str]:
    # A VirtualService applies to a Gateway server only for the hosts both name, so the
    # HTTPS-only hosts are added here too; otherwise HTTPS requests for them would find no
    # route (404). "*" already covers every host.
    hosts = list(route.hosts)
    if route.tls is not None and "*" not in hosts:
        hosts += [host for host in route.tls.hosts if host not in hosts]
    return hosts


def _virtual_service(route: RouteSpec) -> Manifest:
    # Same namespace as the Gateway, so its bare name resolves (Google's "Set up a multi-cluster mesh on
    # managed Cloud Service Mesh").
    return _virtual_service_for(route, _virtual_service_hosts(route), gateway_name(route))


def _mesh_virtual_service(route: RouteSpec) -> Manifest:
    # Requests of the mesh's workloads to the service (Google's "Set up a multi-cluster mesh on managed
    # Cloud Service Mesh"): the host is the
    # service's own, and `mesh` binds it to every sidecar. Said explicitly, though it is
    # Istio's default, so that a reader never wonders which gateway was meant.
    return _virtual_service_for(route, [route.service.host], MESH_GATEWAY)


def _virtual_service_for(route: RouteSpec, hosts: list[str], gateway: str) -> Manifest:
    http_route: Manifest = {}
    if route.match:
        http_route["match"] = [_match(match) for match in route.match]
    http_route["route"] = _destinations(route)
    return {
        "apiVersion": ISTIO_NETWORKING,
        "kind": "VirtualService",
        "metadata": _metadata(route.name, route),
        "spec": {"hosts": hosts, "gateways": [gateway], "http": [http_route]},
    }


def _match(match: MatchSpec) -> Manifest:
    uri = match.uri
    return {"uri": {"exact": uri.exact} if uri.exact is not None else {"prefix": uri.prefix}}


def _destinations(route: RouteSpec) -> list[Manifest]:
    def destination(subset: str | None) -> Manifest:
        target: Manifest = {"host": route.service.host, "port": {"number": route.service.port}}
        if subset is not None:
            target["subset"] = subset
        return target

    if not route.weights:
        return [{"destination": destination(None)}]
    # In the order the spec lists them, so the rendered object (and its diff) is stable.
    return [
        {"destination": destination(subset), "weight": weight} for subset, weight in route.weights.items()
    ]


def _destination_rule(route: RouteSpec) -> Manifest | None:
    if not route.subsets:
        return None
    return {
        "apiVersion": ISTIO_NETWORKING,
        "kind": "DestinationRule",
        "metadata": _metadata(route.name, route),
        "spec": {
            "host": route.service.host,
            "subsets": [{"name": name, "labels": dict(labels)} for name, labels in route.subsets.items()],
        },
    }
