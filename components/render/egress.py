"""The standard Istio egress pattern for each of an egress gateway's `egressHosts` (pure).

Istio's "Egress Gateways" task (istio.io, tasks/traffic-management/egress/egress-gateway):
traffic of the mesh's Pods to an external host goes to the egress gateway first, and only the
gateway leaves the mesh, so there is one place to watch and restrict what goes out. Per host:

- a ServiceEntry makes the host known to the mesh (MESH_EXTERNAL, resolved by DNS);
- a Gateway on the egress gateway's Pods accepts it: TLS passed through by SNI on 443 (the
  application originates TLS, the gateway never sees plain text), or plain HTTP on 80;
- a VirtualService routes it twice: from the mesh (sidecars) to the egress gateway, and from
  the egress gateway to the host;

and one DestinationRule for the egress gateway's Service, with a subset per host, that the
VirtualServices route the mesh side to. One, not one per host: Istio uses one DestinationRule
per host and namespace, and the host here is the gateway's Service, shared by every entry.

Every object goes in the egress gateway's namespace: whoever owns the way out owns the list
of what may leave by it, application namespaces get nothing to edit, and the objects are
exported to the whole mesh (Istio's default `exportTo: "*"`), so every sidecar routes by them.
"""

from __future__ import annotations

from typing import Any

from components.spec.models import EgressHostSpec, GatewaySpec

from .gateway import HTTP_PORT, HTTPS_PORT, gateway_pod_labels
from .labels import MANAGED_BY_LABELS

Manifest = dict[str, Any]
API_VERSION = "networking.istio.io/v1"


def egress_subset(host: str) -> str:
    """The DestinationRule subset of `host` (a DNS label: the host's dots become dashes)."""
    return host.replace(".", "-")


def egress_objects(gateway: GatewaySpec) -> list[Manifest]:
    """Every Istio object of `gateway`'s egress hosts: per host a ServiceEntry, a Gateway and
    a VirtualService, then the one DestinationRule; none without hosts."""
    if not gateway.egress_hosts:
        return []
    objects: list[Manifest] = []
    for entry in gateway.egress_hosts:
        objects += [
            _service_entry(gateway, entry),
            _gateway(gateway, entry),
            _virtual_service(gateway, entry),
        ]
    objects.append(_destination_rule(gateway))
    return objects


def _fqdn(gateway: GatewaySpec) -> str:
    return f"{gateway.name}.{gateway.namespace}.svc.cluster.local"


def _metadata(gateway: GatewaySpec, name: str) -> Manifest:
    return {"name": name, "namespace": gateway.namespace, "labels": dict(MANAGED_BY_LABELS)}


def _gateway_port(entry: EgressHostSpec) -> int:
    # The egress gateway's own Service ports (80 and 443), whatever the host's port is.
    return HTTPS_PORT if entry.protocol == "TLS" else HTTP_PORT


def _port_name(entry: EgressHostSpec) -> str:
    # Istio reads a port's protocol from its name prefix: tls-..., http-...
    return "tls" if entry.protocol == "TLS" else "http"


def _service_entry(gateway: GatewaySpec, entry: EgressHostSpec) -> Manifest:
    return {
        "apiVersion": API_VERSION,
        "kind": "ServiceEntry",
        "metadata": _metadata(gateway, f"{gateway.name}-{egress_subset(entry.host)}"),
        "spec": {
            "hosts": [entry.host],
            "ports": [{"number": entry.port, "name": _port_name(entry), "protocol": entry.protocol}],
            "resolution": "DNS",
            "location": "MESH_EXTERNAL",
        },
    }


def _gateway(gateway: GatewaySpec, entry: EgressHostSpec) -> Manifest:
    server: Manifest = {
        "port": {"number": _gateway_port(entry), "name": _port_name(entry), "protocol": entry.protocol},
        "hosts": [entry.host],
    }
    if entry.protocol == "TLS":
        # The application's TLS goes through untouched, routed by its SNI.
        server["tls"] = {"mode": "PASSTHROUGH"}
    return {
        "apiVersion": API_VERSION,
        "kind": "Gateway",
        "metadata": _metadata(gateway, f"{gateway.name}-{egress_subset(entry.host)}"),
        "spec": {"selector": gateway_pod_labels(gateway), "servers": [server]},
    }


def _virtual_service(gateway: GatewaySpec, entry: EgressHostSpec) -> Manifest:
    name = f"{gateway.name}-{egress_subset(entry.host)}"
    bound = f"{gateway.namespace}/{name}"
    to_gateway = {
        "host": _fqdn(gateway),
        "subset": egress_subset(entry.host),
        "port": {"number": _gateway_port(entry)},
    }
    to_host = {"host": entry.host, "port": {"number": entry.port}}
    if entry.protocol == "TLS":
        # TLS is routed by SNI, the only name visible in passed-through traffic.
        routes_key = "tls"
        from_mesh: Manifest = {"gateways": ["mesh"], "port": entry.port, "sniHosts": [entry.host]}
        from_gateway: Manifest = {"gateways": [bound], "port": _gateway_port(entry), "sniHosts": [entry.host]}
    else:
        routes_key = "http"
        from_mesh = {"gateways": ["mesh"], "port": entry.port}
        from_gateway = {"gateways": [bound], "port": _gateway_port(entry)}
    return {
        "apiVersion": API_VERSION,
        "kind": "VirtualService",
        "metadata": _metadata(gateway, name),
        "spec": {
            "hosts": [entry.host],
            "gateways": ["mesh", bound],
            routes_key: [
                {"match": [from_mesh], "route": [{"destination": to_gateway, "weight": 100}]},
                {"match": [from_gateway], "route": [{"destination": to_host, "weight": 100}]},
            ],
        },
    }


def _destination_rule(gateway: GatewaySpec) -> Manifest:
    return {
        "apiVersion": API_VERSION,
        "kind": "DestinationRule",
        "metadata": _metadata(gateway, gateway.name),
        "spec": {
            "host": _fqdn(gateway),
            "subsets": [{"name": egress_subset(e.host)} for e in gateway.egress_hosts],
        },
    }
