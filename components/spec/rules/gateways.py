"""Rules on gateways by kind, their Service exposure and their upgrades (Google's "Installing and
upgrading gateways" guides; Google's "Installing Anthos Service Mesh on GKE on VMware").

- exposure: `loadBalancerIP` needs a LoadBalancer Service; `nodePorts` and `vip` a NodePort
  one, `nodeSelector` a NodePort east-west one; a pinned nodePort names a port the gateway's
  kind exposes, and two Services on one cluster never pin the same nodePort (nodePorts are
  cluster-wide).
- kinds: routes enter through ingress gateways only; `egressHosts` only on egress gateways,
  each host once in the platform (two ways out for one host would be two VirtualServices for
  it); east-west gateways need istiod, which neither the managed TRAFFIC_DIRECTOR
  implementation nor the AKS add-on offers for AUTO_PASSTHROUGH (Google's "Installing and upgrading
  gateways with Istio APIs"), one per
  namespace (its Gateway is `cross-network-gateway`).
- upgrades: `revision` and `canary.revision` name a revision the gateway's clusters run; a
  canary is on another revision than the gateway and needs the gateway's own `revision`
  (the injector honours a Pod's `istio.io/rev` only in a namespace without an injection
  label); gateways sharing a namespace all pin a revision or none; `restartedAt` is a
  timestamp as `kubectl rollout restart` writes it.
"""

from __future__ import annotations

from datetime import datetime

from ..errors import SpecError, quoted
from ..models import GATEWAY_PORTS, ClusterSpec, GatewaySpec, PlatformSpec
from ..placement import placed_on
from .common import path_of


def _clusters(spec: PlatformSpec, gateway: GatewaySpec) -> list[ClusterSpec]:
    return [c for c in spec.clusters if placed_on(gateway.clusters, c.name)]


def _exposure(spec: PlatformSpec) -> None:
    for i, gateway in enumerate(spec.gateways):
        service = gateway.service
        if gateway.load_balancer_ip is not None and service != "LoadBalancer":
            raise SpecError(
                ["gateways", i, "loadBalancerIP"],
                f"needs serviceType LoadBalancer; {gateway.name}'s Service is {service}",
            )
        if gateway.load_balancer_source_ranges and service != "LoadBalancer":
            raise SpecError(
                ["gateways", i, "loadBalancerSourceRanges"],
                f"needs serviceType LoadBalancer; {gateway.name}'s Service is {service}",
            )
        if gateway.node_ports and service != "NodePort":
            raise SpecError(
                ["gateways", i, "nodePorts"],
                f"needs serviceType NodePort; {gateway.name}'s Service is {service}",
            )
        if gateway.vip is not None and service != "NodePort":
            raise SpecError(
                ["gateways", i, "vip"],
                f"is the address in front of nodePorts and needs serviceType NodePort; "
                f"{gateway.name}'s Service is {service}",
            )
        if gateway.node_selector is not None and (gateway.kind != "east-west" or service != "NodePort"):
            raise SpecError(
                ["gateways", i, "nodeSelector"],
                "picks the nodes istiod announces for a NodePort east-west gateway and applies to"
                f" no other; {gateway.name} is of kind {gateway.kind} with a {service} Service",
            )
        exposed = GATEWAY_PORTS[gateway.kind]
        for port in gateway.node_ports:
            if port not in exposed:
                raise SpecError(
                    ["gateways", i, "nodePorts", port],
                    f"{gateway.kind} gateways expose no port {port}; their ports are {', '.join(exposed)}",
                )


def _unique_node_ports(spec: PlatformSpec) -> None:
    # nodePorts are allocated per cluster: a second Service pinning one fails to apply.
    for cluster in spec.clusters:
        seen: dict[int, list[str | int]] = {}
        for i, gateway in enumerate(spec.gateways):
            if not placed_on(gateway.clusters, cluster.name):
                continue
            for name, number in gateway.node_ports.items():
                loc: list[str | int] = ["gateways", i, "nodePorts", name]
                if number in seen:
                    raise SpecError(
                        loc,
                        f"nodePort {number} is already pinned by {path_of(seen[number])} on {cluster.name}",
                    )
                seen[number] = loc


def _egress_hosts(spec: PlatformSpec) -> None:
    seen: dict[str, list[str | int]] = {}
    for i, gateway in enumerate(spec.gateways):
        if gateway.egress_hosts and gateway.kind != "egress":
            raise SpecError(
                ["gateways", i, "egressHosts"],
                f"only egress gateways have them; {gateway.name} is {gateway.kind}",
            )
        for j, entry in enumerate(gateway.egress_hosts):
            loc: list[str | int] = ["gateways", i, "egressHosts", j, "host"]
            if entry.host in seen:
                raise SpecError(
                    loc, f"{quoted(entry.host)} already leaves through {path_of(seen[entry.host])}"
                )
            seen[entry.host] = loc


def _east_west(spec: PlatformSpec) -> None:
    namespaces: dict[str, int] = {}
    for i, gateway in enumerate(spec.gateways):
        if gateway.kind != "east-west":
            continue
        for cluster in _clusters(spec, gateway):
            plane = spec.control_plane(cluster)
            if plane == "managed" and spec.mesh.implementation == "TRAFFIC_DIRECTOR":
                raise SpecError(
                    ["gateways", i, "kind"],
                    f"east-west gateways need istiod (AUTO_PASSTHROUGH), which the managed TRAFFIC_DIRECTOR "
                    f"implementation on {cluster.name} does not support (Google's \"Installing and upgrading"
                    ' gateways with Istio APIs"); set mesh.implementation: '
                    "ISTIOD or mesh.controlPlane: in-cluster",
                )
            if plane == "aks-addon":
                raise SpecError(
                    ["gateways", i, "kind"],
                    f"east-west gateways need istiod (managed ISTIOD or in-cluster); {cluster.name} runs the "
                    "AKS Istio add-on; place the gateway on other clusters with clusters: [...]",
                )
            # GKE's and AKS's gateways get their cloud's internal load balancer; an attached
            # cluster's load balancer (MetalLB, F5...) has no annotation meshfleet knows, so
            # its sources are limited instead (Google's "Installing and upgrading gateways": exposed to the
            # Internet by default).
            if (
                not cluster.internal_load_balancer
                and gateway.service == "LoadBalancer"
                and not gateway.load_balancer_source_ranges
            ):
                raise SpecError(
                    ["gateways", i, "loadBalancerSourceRanges"],
                    f"is required for an east-west LoadBalancer on {cluster.cloud} cluster {cluster.name}, "
                    "which has no internal load balancer meshfleet knows: list the other networks' "
                    "ranges (or use serviceType NodePort behind a private VIP)",
                )
        if gateway.namespace in namespaces:
            raise SpecError(
                ["gateways", i, "namespace"],
                f"{gateway.namespace} already has east-west gateway "
                f"{spec.gateways[namespaces[gateway.namespace]].name}; "
                "its cross-network-gateway is one per namespace",
            )
        namespaces[gateway.namespace] = i


def _revision_run(spec: PlatformSpec, gateway: GatewaySpec, revision: str, loc: list[str | int]) -> None:
    for cluster in _clusters(spec, gateway):
        running = spec.revisions(cluster)
        if revision not in running:
            hint = (
                "; a managed control plane runs one channel per cluster (Google's \"Installing and upgrading"
                ' gateways with Istio APIs"), so canary upgrades '
                "need an in-cluster istiod"
                if spec.control_plane(cluster) == "managed"
                else ""
            )
            raise SpecError(
                loc,
                f"{quoted(revision)} is not a revision {cluster.name} runs "
                f"({', '.join(running) or 'none'}){hint}",
            )


def _upgrades(spec: PlatformSpec) -> None:
    for i, gateway in enumerate(spec.gateways):
        if gateway.revision is not None:
            _revision_run(spec, gateway, gateway.revision, ["gateways", i, "revision"])
        if gateway.canary is not None:
            loc: list[str | int] = ["gateways", i, "canary", "revision"]
            if gateway.revision is None:
                raise SpecError(
                    ["gateways", i, "canary"],
                    "needs the gateway's own revision: the injector honours the canary Pods' istio.io/rev "
                    "only in a namespace without an injection label, which pinning the gateway gives",
                )
            if gateway.canary.revision == gateway.revision:
                raise SpecError(
                    loc, f"is the gateway's own revision {quoted(gateway.revision)}; a canary runs another"
                )
            _revision_run(spec, gateway, gateway.canary.revision, loc)
        if gateway.restarted_at is not None:
            try:
                stamp = datetime.fromisoformat(gateway.restarted_at.replace("Z", "+00:00"))
            except ValueError:
                stamp = None
            if stamp is None or stamp.tzinfo is None or "T" not in gateway.restarted_at:
                raise SpecError(
                    ["gateways", i, "restartedAt"],
                    f"{quoted(gateway.restarted_at)} must be an RFC 3339 time, as kubectl rollout restart "
                    "writes it (e.g. 2026-12-01T16:00:00Z)",
                )


def _pinned_namespaces(spec: PlatformSpec) -> None:
    # A namespace either carries the injection label (unpinned gateways) or none (pinned ones).
    pinned: dict[str, tuple[int, bool]] = {}
    for i, gateway in enumerate(spec.gateways):
        here = gateway.revision is not None
        first = pinned.setdefault(gateway.namespace, (i, here))
        if first[1] != here:
            j = first[0] if here else i
            k = i if here else first[0]
            raise SpecError(
                ["gateways", k, "revision"],
                f"{spec.gateways[k].name} pins a revision but {spec.gateways[j].name} in the same namespace "
                f"{gateway.namespace} does not: a pinned gateway's namespace has no injection label; "
                "pin both or use separate namespaces",
            )


def _route_gateways(spec: PlatformSpec) -> None:
    # A route's Gateway opens http/https servers for its hosts: only an ingress gateway serves
    # them. An egress gateway's routes come from its egressHosts; an east-west one passes mTLS
    # through and terminates nothing.
    kinds = {g.name: g.kind for g in spec.gateways}
    for i, route in enumerate(spec.routes):
        kind = kinds.get(route.gateway) if route.gateway is not None else None
        if kind is not None and kind != "ingress":
            raise SpecError(
                ["routes", i, "gateway"],
                f"{quoted(route.gateway or '')} is an {kind} gateway; "
                "routes enter through an ingress gateway",
            )


RULES = (
    _exposure,
    _unique_node_ports,
    _egress_hosts,
    _east_west,
    _upgrades,
    _pinned_namespaces,
    _route_gateways,
)
"""Gateway rules, in the order a reader would fix them."""
