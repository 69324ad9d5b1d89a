"""Rules for GKE clusters and their VPC: subnets, ranges, names, capacity, the managed channel.

Each rule looks at the clusters with `cloud: gcp` only; the `gcp` section is required when
there is one (`rules.clouds`).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator

from ..errors import SpecError, quoted
from ..formats import zone_region
from ..machines import vcpus
from ..models import GcpSpec, GkeClusterSpec, PlatformSpec
from .common import duplicates, path_of

# GKE's limit on cluster names; the physical name is the spec's prefix, '-', the cluster name.
GKE_CLUSTER_NAME_LIMIT = 40

MIN_NODE_VCPUS = 4
MIN_POOL_VCPUS = 8
# GKE spreads a regional cluster's node pool over three zones unless told otherwise.
DEFAULT_REGIONAL_ZONES = 3


def gke_clusters(spec: PlatformSpec) -> list[tuple[int, GkeClusterSpec]]:
    """The GKE clusters with their index in `clusters`, for error paths."""
    return [(i, c) for i, c in enumerate(spec.clusters) if isinstance(c, GkeClusterSpec)]


def _gcp(spec: PlatformSpec) -> GcpSpec | None:
    return spec.gcp if gke_clusters(spec) else None


def is_regional(location: str) -> bool:
    """GCP zones end in -<letter> (asia-northeast1-a); regions do not."""
    return not (len(location) > 2 and location[-2] == "-" and location[-1].isalpha())


def pool_zone_count(location: str, zones: list[str] | None) -> int:
    if zones:
        return len(zones)
    return DEFAULT_REGIONAL_ZONES if is_regional(location) else 1


def _cluster_names(spec: PlatformSpec) -> None:
    # Refused rather than shortened: the cluster name is what people type (kubectl contexts,
    # the console, fleet memberships), so it must stay the one they chose.
    for i, cluster in gke_clusters(spec):
        physical = f"{spec.prefix}-{cluster.name}"
        if len(physical) > GKE_CLUSTER_NAME_LIMIT:
            raise SpecError(
                ["clusters", i, "name"],
                f"{cluster.name!r} becomes the GKE cluster {physical!r} with the name prefix "
                f"{spec.prefix!r}: {len(physical)} characters, and GKE allows at most "
                f"{GKE_CLUSTER_NAME_LIMIT} (shorten the name, or set namePrefix)",
            )


def region_of(location: str) -> str:
    """The region of a cluster location (a region, or a zone of it)."""
    return location if is_regional(location) else location.rsplit("-", 1)[0]


def standard_clusters(spec: PlatformSpec) -> list[tuple[int, GkeClusterSpec]]:
    """The GKE Standard clusters (node pools of their own) with their index in `clusters`."""
    return [(i, c) for i, c in gke_clusters(spec) if not c.autopilot]


def _autopilot(spec: PlatformSpec) -> None:
    for i, cluster in gke_clusters(spec):
        if not cluster.autopilot:
            continue
        # Refused rather than ignored: a pool in the spec that never exists would mislead.
        if "node_pool" in cluster.model_fields_set:
            raise SpecError(
                ["clusters", i, "nodePool"],
                "an Autopilot cluster has no node pools (GKE provisions and sizes its nodes);"
                " remove nodePool",
            )
        # meshfleet's in-cluster istiod has no istio-cni: its proxies' init containers need
        # NET_ADMIN, which Autopilot refuses. The managed mesh brings its own CNI.
        if spec.control_plane(cluster) != "managed":
            raise SpecError(
                ["clusters", i, "autopilot"],
                "an Autopilot cluster runs the managed control plane only (mesh.controlPlane: managed):"
                " in-cluster istiod's proxies need NET_ADMIN, which Autopilot refuses",
            )


def _node_zones(spec: PlatformSpec) -> None:
    # GKE places a pool's nodes only in zones of its cluster's region, each zone once.
    for i, cluster in standard_clusters(spec):
        zones = cluster.node_pool.zones or []
        region = region_of(cluster.location)
        for j, zone in enumerate(zones):
            if zone_region(zone) != region:
                raise SpecError(
                    ["clusters", i, "nodePool", "zones", j],
                    f"{zone} is not a zone of {region}, the cluster's region",
                )
        duplicates(((["clusters", i, "nodePool", "zones", j], zone) for j, zone in enumerate(zones)), "zone")


def _master_ranges(spec: PlatformSpec) -> None:
    for i, cluster in gke_clusters(spec):
        prefix = ipaddress.IPv4Network(cluster.master_cidr).prefixlen
        if prefix != 28:
            raise SpecError(
                ["clusters", i, "masterCidr"],
                f"{cluster.master_cidr} must be a /28 (GKE control plane range)",
            )


def _ranges(spec: PlatformSpec) -> Iterator[tuple[list[str | int], ipaddress.IPv4Network]]:
    gcp = _gcp(spec)
    for i, s in enumerate(gcp.network.subnets if gcp else []):
        for field in ("cidr", "pods", "services"):
            yield ["gcp", "network", "subnets", i, field], ipaddress.IPv4Network(getattr(s, field))
    for i, c in gke_clusters(spec):
        yield ["clusters", i, "masterCidr"], ipaddress.IPv4Network(c.master_cidr)


def _no_overlaps(spec: PlatformSpec) -> None:
    seen: list[tuple[list[str | int], ipaddress.IPv4Network]] = []
    for loc, net in _ranges(spec):
        for other_loc, other in seen:
            if net.overlaps(other):
                raise SpecError(loc, f"{net} overlaps {path_of(other_loc)} ({other})")
        seen.append((loc, net))


def _capacity(spec: PlatformSpec) -> None:
    # Every cluster joins the mesh in this version, so every pool must carry a mesh. Autopilot
    # sizes its nodes to the Pods' requests itself.
    for i, cluster in standard_clusters(spec):
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
    # provisioned; a mismatch would label namespaces with a revision that never exists. An
    # in-cluster istiod has pinned chart versions and no channel.
    for i, cluster in gke_clusters(spec):
        if spec.control_plane(cluster) != "managed":
            continue
        if cluster.release_channel.lower() != spec.mesh.channel:
            raise SpecError(
                ["clusters", i, "releaseChannel"],
                f"{cluster.release_channel} gives managed mesh channel {cluster.release_channel.lower()},"
                f" but mesh.channel is {spec.mesh.channel}"
                " (the managed control plane follows the GKE channel)",
            )


def _projects(spec: PlatformSpec) -> None:
    # Clusters of several projects form one mesh only as members of one fleet, in its host
    # project (Google's "multi-project" Cloud Service Mesh and fleet docs); the fleet cannot
    # default to one of the cluster projects without that project owning every other's.
    gcp = _gcp(spec)
    if gcp is None or gcp.fleet_project is not None:
        return
    for i, cluster in gke_clusters(spec):
        if spec.cluster_project(cluster) != gcp.project:
            raise SpecError(
                ["clusters", i, "project"],
                f"{cluster.project} is not gcp.project ({gcp.project}): clusters in other projects"
                " need gcp.fleetProject, the fleet host project they all register to",
            )


def _references(spec: PlatformSpec) -> None:
    gcp = _gcp(spec)
    subnets = {s.name: s for s in (gcp.network.subnets if gcp else [])}
    for i, cluster in gke_clusters(spec):
        subnet = subnets.get(cluster.subnet)
        if subnet is None:
            known = ", ".join(sorted(subnets))
            host = spec.network_project()
            if spec.cluster_project(cluster) != host:
                # A service project's cluster uses the Shared VPC: a subnet of its own project
                # (or any other) is not one GKE can give it.
                raise SpecError(
                    ["clusters", i, "subnet"],
                    f"{quoted(cluster.subnet)} is not a subnet of the Shared VPC in host project"
                    f" {host} (gcp.network.subnets: {known})",
                )
            raise SpecError(
                ["clusters", i, "subnet"],
                f"{quoted(cluster.subnet)} is not a subnet in gcp.network.subnets ({known})",
            )
        if cluster.location != subnet.region and not cluster.location.startswith(subnet.region + "-"):
            raise SpecError(
                ["clusters", i, "location"],
                f"{cluster.location} is not in region {subnet.region} of subnet {subnet.name}",
            )


def _subnet_names(spec: PlatformSpec) -> None:
    gcp = _gcp(spec)
    duplicates(
        (
            (["gcp", "network", "subnets", i, "name"], s.name)
            for i, s in enumerate(gcp.network.subnets if gcp else [])
        ),
        "subnet name",
    )


def _multi_cluster_ingress(spec: PlatformSpec) -> None:
    mci = spec.multi_cluster_ingress
    if mci is None:
        return
    loc: list[str | int] = ["multiClusterIngress"]
    gke = [c.name for _, c in gke_clusters(spec)]
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
    # (or NodePort) Service would be a second, public way into every cluster (Google's "Set up a
    # multi-cluster mesh on managed Cloud Service Mesh" turns
    # the gateway Service into ClusterIP for this reason).
    if gateway.service != "ClusterIP":
        raise SpecError(
            ["gateways", i, "serviceType"],
            f"{gateway.service} exposes {gateway.name} beside Multi Cluster Ingress,"
            " which fronts it; set serviceType: ClusterIP",
        )


RULES = (
    _subnet_names,
    _cluster_names,
    _projects,
    _references,
    _autopilot,
    _node_zones,
    _master_ranges,
    _no_overlaps,
    _capacity,
    _mesh_channel,
)
"""GKE's rules, in the order a reader would fix them."""

MCI_RULES = (_multi_cluster_ingress,)

CLUSTER_RULES = (_node_zones, _master_ranges, _capacity)
"""The rules that concern one GKE cluster alone: `PrivateGkeCluster` runs them when built directly."""
"""Multi Cluster Ingress, run after the gateway and route references it builds on (`rules.traffic`)."""
