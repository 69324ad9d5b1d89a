"""Rules that span fields of the platform spec. Each raises a SpecError of its own.

Paths are written with the YAML (camelCase) names, since that is what users edit.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Iterator

from .errors import SpecError, quoted
from .formats import zone_region
from .machines import vcpus
from .models import PlatformSpec
from .placement import placed_on, subset_key

# Gateways are managed apart from the control plane (seeds 000/003 best practice), and
# system namespaces belong to the platform vendor: a gateway there breaks upgrades of both.
RESERVED_NAMESPACES = frozenset(
    {"istio-system", "kube-system", "gke-system", "aks-istio-system", "kube-public", "kube-node-lease"}
)

# GKE's limit on cluster names; the physical name is the spec's prefix, '-', the cluster name.
GKE_CLUSTER_NAME_LIMIT = 40

MIN_NODE_VCPUS = 4
MIN_POOL_VCPUS = 8
# GKE spreads a regional cluster's node pool over three zones unless told otherwise.
DEFAULT_REGIONAL_ZONES = 3


def check(spec: PlatformSpec) -> None:
    """Run every cross-field rule, in the order a reader would fix them."""
    for rule in (
        _unique_names,
        _cluster_names,
        _references,
        _node_zones,
        _master_ranges,
        _no_overlaps,
        _capacity,
        _mesh_channel,
        _routes,
        _placement,
        _mesh_routes,
        _destination_rules,
        _namespaces,
        _multi_cluster_ingress,
    ):
        rule(spec)


def is_regional(location: str) -> bool:
    """GCP zones end in -<letter> (asia-northeast1-a); regions do not."""
    return not (len(location) > 2 and location[-2] == "-" and location[-1].isalpha())


def pool_zone_count(location: str, zones: list[str] | None) -> int:
    if zones:
        return len(zones)
    return DEFAULT_REGIONAL_ZONES if is_regional(location) else 1


def _duplicates(items: Iterable[tuple[list[str | int], str]], what: str) -> None:
    seen: dict[str, list[str | int]] = {}
    for loc, name in items:
        if name in seen:
            raise SpecError(loc, f"{what} {quoted(name)} is already used by {_path(seen[name])}")
        seen[name] = loc


def _path(loc: list[str | int]) -> str:
    return SpecError(loc, "").path


def _unique_names(spec: PlatformSpec) -> None:
    _duplicates(
        ((["gcp", "network", "subnets", i, "name"], s.name) for i, s in enumerate(spec.gcp.network.subnets)),
        "subnet name",
    )
    _duplicates(((["clusters", i, "name"], c.name) for i, c in enumerate(spec.clusters)), "cluster name")
    _duplicates(((["gateways", i, "name"], g.name) for i, g in enumerate(spec.gateways)), "gateway name")
    _duplicates(
        ((["routes", i, "name"], f"{r.namespace}/{r.name}") for i, r in enumerate(spec.routes)), "route"
    )


def _cluster_names(spec: PlatformSpec) -> None:
    # Refused rather than shortened: the cluster name is what people type (kubectl contexts,
    # the console, fleet memberships), so it must stay the one they chose.
    for i, cluster in enumerate(spec.clusters):
        physical = f"{spec.prefix}-{cluster.name}"
        if len(physical) > GKE_CLUSTER_NAME_LIMIT:
            raise SpecError(
                ["clusters", i, "name"],
                f"{cluster.name!r} becomes the GKE cluster {physical!r} with the name prefix "
                f"{spec.prefix!r}: {len(physical)} characters, and GKE allows at most "
                f"{GKE_CLUSTER_NAME_LIMIT} (shorten the name, or set namePrefix)",
            )


def _references(spec: PlatformSpec) -> None:
    subnets = {s.name: s for s in spec.gcp.network.subnets}
    for i, cluster in enumerate(spec.clusters):
        subnet = subnets.get(cluster.subnet)
        if subnet is None:
            known = ", ".join(sorted(subnets))
            raise SpecError(
                ["clusters", i, "subnet"],
                f"{quoted(cluster.subnet)} is not a subnet in gcp.network.subnets ({known})",
            )
        if cluster.location != subnet.region and not cluster.location.startswith(subnet.region + "-"):
            raise SpecError(
                ["clusters", i, "location"],
                f"{cluster.location} is not in region {subnet.region} of subnet {subnet.name}",
            )
    gateways = {g.name for g in spec.gateways}
    for i, route in enumerate(spec.routes):
        if route.gateway is not None and route.gateway not in gateways:
            known = ", ".join(sorted(gateways)) or "none defined"
            raise SpecError(
                ["routes", i, "gateway"], f"{quoted(route.gateway)} is not a gateway in gateways ({known})"
            )


def region_of(location: str) -> str:
    """The region of a cluster location (a region, or a zone of it)."""
    return location if is_regional(location) else location.rsplit("-", 1)[0]


def _node_zones(spec: PlatformSpec) -> None:
    # GKE places a pool's nodes only in zones of its cluster's region, each zone once.
    for i, cluster in enumerate(spec.clusters):
        zones = cluster.node_pool.zones or []
        region = region_of(cluster.location)
        for j, zone in enumerate(zones):
            if zone_region(zone) != region:
                raise SpecError(
                    ["clusters", i, "nodePool", "zones", j],
                    f"{zone} is not a zone of {region}, the cluster's region",
                )
        _duplicates(((["clusters", i, "nodePool", "zones", j], zone) for j, zone in enumerate(zones)), "zone")


def _master_ranges(spec: PlatformSpec) -> None:
    for i, cluster in enumerate(spec.clusters):
        prefix = ipaddress.IPv4Network(cluster.master_cidr).prefixlen
        if prefix != 28:
            raise SpecError(
                ["clusters", i, "masterCidr"],
                f"{cluster.master_cidr} must be a /28 (GKE control plane range)",
            )


def _ranges(spec: PlatformSpec) -> Iterator[tuple[list[str | int], ipaddress.IPv4Network]]:
    for i, s in enumerate(spec.gcp.network.subnets):
        for field in ("cidr", "pods", "services"):
            yield ["gcp", "network", "subnets", i, field], ipaddress.IPv4Network(getattr(s, field))
    for i, c in enumerate(spec.clusters):
        yield ["clusters", i, "masterCidr"], ipaddress.IPv4Network(c.master_cidr)


def _no_overlaps(spec: PlatformSpec) -> None:
    seen: list[tuple[list[str | int], ipaddress.IPv4Network]] = []
    for loc, net in _ranges(spec):
        for other_loc, other in seen:
            if net.overlaps(other):
                raise SpecError(loc, f"{net} overlaps {_path(other_loc)} ({other})")
        seen.append((loc, net))


def _capacity(spec: PlatformSpec) -> None:
    # Every cluster joins the mesh in this version, so every pool must carry a mesh.
    for i, cluster in enumerate(spec.clusters):
        pool = cluster.node_pool
        loc: list[str | int] = ["clusters", i, "nodePool"]
        try:
            per_node = vcpus(pool.machine_type)
        except ValueError as exc:
            raise SpecError([*loc, "machineType"], str(exc)) from None
        if per_node < MIN_NODE_VCPUS:
            raise SpecError(
                [*loc, "machineType"],
                f"{pool.machine_type} has {per_node:g} vCPU; mesh nodes need at least {MIN_NODE_VCPUS}",
            )
        zones = pool_zone_count(cluster.location, pool.zones)
        total = per_node * pool.min * zones
        if total < MIN_POOL_VCPUS:
            per_zone = " per zone" if zones > 1 else ""
            raise SpecError(
                [*loc, "min"],
                f"{pool.min} node(s){per_zone} x {zones} zone(s) x {per_node:g} vCPU = {total:g} vCPU;"
                f" a mesh pool needs at least {MIN_POOL_VCPUS} vCPU at its minimum size",
            )


def _mesh_channel(spec: PlatformSpec) -> None:
    # Managed Cloud Service Mesh takes its channel from the GKE release channel when it is
    # provisioned; a mismatch would label namespaces with a revision that never exists.
    for i, cluster in enumerate(spec.clusters):
        if cluster.release_channel.lower() != spec.mesh.channel:
            raise SpecError(
                ["clusters", i, "releaseChannel"],
                f"{cluster.release_channel} gives managed mesh channel {cluster.release_channel.lower()},"
                f" but mesh.channel is {spec.mesh.channel}"
                " (the managed control plane follows the GKE channel)",
            )


def _routes(spec: PlatformSpec) -> None:
    for i, route in enumerate(spec.routes):
        for subset in route.weights:
            if subset not in route.subsets:
                raise SpecError(
                    ["routes", i, "weights", subset],
                    f"subset {quoted(subset)} is not defined in routes[{i}].subsets",
                )
        for subset, weight in route.weights.items():
            if weight < 0:
                raise SpecError(
                    ["routes", i, "weights", subset], f"weight {quoted(weight)} must not be negative"
                )
        if route.weights:
            total = sum(route.weights.values())
            if total != 100:
                raise SpecError(
                    ["routes", i, "weights"], f"weights add up to {quoted(total)}, must add up to 100"
                )


def _placement(spec: PlatformSpec) -> None:
    clusters = [c.name for c in spec.clusters]
    known = ", ".join(clusters)
    placed: list[tuple[str, int, list[str] | None]] = [
        *(("gateways", i, g.clusters) for i, g in enumerate(spec.gateways)),
        *(("routes", i, r.clusters) for i, r in enumerate(spec.routes)),
    ]
    for kind, i, names in placed:
        for j, name in enumerate(names or []):
            if name not in clusters:
                raise SpecError(
                    [kind, i, "clusters", j], f"{quoted(name)} is not a cluster in clusters ({known})"
                )
        _duplicates((([kind, i, "clusters", j], n) for j, n in enumerate(names or [])), "cluster")
    gateways = {g.name: g for g in spec.gateways}
    for i, route in enumerate(spec.routes):
        if route.gateway is None:
            continue
        gateway = gateways[route.gateway]
        if route.clusters is None:
            missing = [c for c in clusters if not placed_on(gateway.clusters, c)]
            if missing:
                raise SpecError(
                    ["routes", i, "gateway"],
                    f"{quoted(route.gateway)} runs on {', '.join(gateway.clusters or [])} only, but the"
                    f" route goes to every cluster (set routes[{i}].clusters)",
                )
            continue
        for j, name in enumerate(route.clusters):
            if not placed_on(gateway.clusters, name):
                raise SpecError(
                    ["routes", i, "clusters", j],
                    f"{quoted(name)} has no gateway {quoted(route.gateway)} (it runs on"
                    f" {', '.join(gateway.clusters or [])}); a route goes only where its gateway runs",
                )


def _mesh_routes(spec: PlatformSpec) -> None:
    # A mesh route is the service host's own VirtualService: no Gateway, so no server hosts
    # and no TLS server to configure.
    for i, route in enumerate(spec.routes):
        if route.gateway is not None:
            continue
        if route.tls is not None:
            raise SpecError(
                ["routes", i, "tls"],
                "a mesh route (no gateway) has no server to terminate TLS; set gateway for an edge route",
            )
        if "hosts" in route.model_fields_set:
            raise SpecError(
                ["routes", i, "hosts"],
                "a mesh route (no gateway) routes requests for its service host; hosts are for edge routes",
            )


def _destination_rules(spec: PlatformSpec) -> None:
    # Istio applies only one DestinationRule per host in a namespace (the oldest), so two
    # routes to one host with different subsets would silently lose one set of them.
    first: dict[tuple[str, str], int] = {}
    for i, route in enumerate(spec.routes):
        if not route.subsets:
            continue
        key = subset_key(route)
        if key not in first:
            first[key] = i
            continue
        other = spec.routes[first[key]]
        if route.subsets != other.subsets:
            raise SpecError(
                ["routes", i, "subsets"],
                f"host {quoted(route.service.host)} in namespace {route.namespace} already has other"
                f" subsets in routes[{first[key]}].subsets; Istio applies one DestinationRule per"
                " host, so routes to one host define the same subsets",
            )


def _namespaces(spec: PlatformSpec) -> None:
    for i, gateway in enumerate(spec.gateways):
        if gateway.namespace in RESERVED_NAMESPACES:
            raise SpecError(
                ["gateways", i, "namespace"],
                f"{gateway.namespace} is a control-plane or system namespace;"
                " gateways run in a namespace of their own",
            )
        if gateway.namespace == "default":
            raise SpecError(
                ["gateways", i, "namespace"],
                "default is shared by every workload; gateways run in a namespace of their own",
            )
    for i, route in enumerate(spec.routes):
        # The platform creates a route's namespace; these belong to the mesh or the cluster.
        if route.namespace in RESERVED_NAMESPACES:
            raise SpecError(
                ["routes", i, "namespace"],
                f"{route.namespace} is a control-plane or system namespace;"
                " routes live in their application's namespace",
            )


def _multi_cluster_ingress(spec: PlatformSpec) -> None:
    mci = spec.multi_cluster_ingress
    if mci is None:
        return
    loc: list[str | int] = ["multiClusterIngress"]
    gke = [c.name for c in spec.clusters if c.cloud == "gcp"]
    if not gke:
        raise SpecError(loc, "Multi Cluster Ingress needs at least one GKE cluster (cloud: gcp)")
    if mci.config_cluster not in gke:
        raise SpecError(
            [*loc, "configCluster"],
            f"{quoted(mci.config_cluster)} is not a GKE cluster in clusters ({', '.join(gke)})",
        )
    gateways = {g.name: (i, g) for i, g in enumerate(spec.gateways)}
    if mci.gateway not in gateways:
        known = ", ".join(sorted(gateways)) or "none defined"
        raise SpecError([*loc, "gateway"], f"{quoted(mci.gateway)} is not a gateway in gateways ({known})")
    certs = mci.certificates
    if certs is not None and not (certs.pre_shared or certs.managed_domains):
        raise SpecError(
            [*loc, "certificates"], "name at least one preShared certificate or managedDomains entry"
        )
    # "Setting up Multi Cluster Ingress", limitations: HTTPS needs a pre-allocated static IP.
    if certs is not None and not mci.static_ip:
        raise SpecError(
            [*loc, "staticIp"], "must be true with certificates: GKE serves HTTPS only on a static IP"
        )
    i, gateway = gateways[mci.gateway]
    if gateway.kind != "ingress":
        raise SpecError([*loc, "gateway"], f"{quoted(mci.gateway)} is a {gateway.kind} gateway, not ingress")
    # Refused rather than overridden, so the spec says what runs: behind MCI a LoadBalancer
    # (or NodePort) Service would be a second, public way into every cluster (seed 004 turns
    # the gateway Service into ClusterIP for this reason).
    if gateway.service_type != "ClusterIP":
        raise SpecError(
            ["gateways", i, "serviceType"],
            f"{gateway.service_type} exposes {gateway.name} beside Multi Cluster Ingress,"
            " which fronts it; set serviceType: ClusterIP",
        )
