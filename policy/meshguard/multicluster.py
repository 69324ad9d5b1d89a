"""One mesh over several clusters carries traffic: one root of trust, a way into every network,
and an egress gateway that is the only way out.

Read from Istio's multicluster install guides and istiod's sources:

- clusters whose istiods discover each other's endpoints (a remote secret, labelled
  ``istio/multiCluster: "true"`` and annotated ``networking.istio.io/cluster``, read by istiod's
  secret controller; or Cloud Service Mesh's ``asm-options`` ``multicluster_mode: connected``)
  send mTLS to each other, which fails unless their certificates chain to one root ("Configure
  trust"). An istiod without a ``cacerts`` Secret in istio-system signs with a root of its own;
- on several networks istiod reaches another network's endpoints through the gateway whose
  Service is labelled ``topology.istio.io/network`` with port 15443
  (pilot/pkg/serviceregistry/kube/controller/network.go, ``getGatewayDetails``), at an address
  istiod announces: a LoadBalancer's, ``spec.externalIPs``, or, for a NodePort Service, its
  nodes' only with the ``traffic.istio.io/nodeSelector`` annotation (controller/util.go,
  ``isNodePortGatewayService``; network.go, ``updateServiceNodePortAddresses``);
- an egress gateway restricts nothing while ``outboundTrafficPolicy`` is ALLOW_ANY, Istio's
  default: it is REGISTRY_ONLY in istiod's ``meshConfig``, a root-namespace Sidecar without a
  workload selector, or the AKS add-on's ``istio-shared-configmap-<revision>``.

A cluster is a Kubernetes provider. Each policy names the clusters it finds at fault and the fix.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pulumi_policy import (
    EnforcementLevel,
    PolicyResource,
    ReportViolation,
    StackValidationArgs,
    StackValidationPolicy,
)

from .kinds import cluster_of, is_deployment, is_namespace, is_service, k8s_kind, object_name, pod_labels
from .values import UNKNOWN, Unknowns, elements, get, mapping, text

NETWORK_LABEL = "topology.istio.io/network"
MULTICLUSTER_LABEL = "istio/multiCluster"
CLUSTER_ANNOTATION = "networking.istio.io/cluster"
TRUST_ROOT_ANNOTATION = "meshfleet.io/trust-root"
CROSS_NETWORK_PORT = 15443
NODE_SELECTOR_ANNOTATION = "traffic.istio.io/nodeSelector"
ROOT_NAMESPACES = ("istio-system", "aks-istio-system")
RELEASE_TYPES = ("kubernetes:helm.sh/v3:Release",)
MANAGED_CA = "Google's managed CA"


@dataclass
class _Cluster:
    key: str | None
    provider: str
    name: str = ""
    istiod: bool = False
    connected: bool = False
    network: Any = None
    root: Any = None
    """What the cluster's workload certificates chain to; UNKNOWN when the preview cannot say."""
    peers: list[Any] = field(default_factory=list)
    east_west: list[tuple[Any, str, Any]] = field(default_factory=list)
    """(network, namespace/name, why istiod announces no address for it: None when it does,
    UNKNOWN when the preview cannot say) of each Service labelled with a network on 15443."""
    egress: list[str] = field(default_factory=list)
    registry_only: Any = False

    def label(self) -> str:
        return self.name or self.provider


def _kind(resource: PolicyResource) -> tuple[str, str] | None:
    found = k8s_kind(resource.resource_type)
    return None if found is None else (found.group, found.kind)


def _named(resource: PolicyResource) -> str:
    return object_name(resource.props, resource.name)


def _fingerprint(pem: str) -> str:
    return "root-cert.pem " + hashlib.sha256(pem.encode()).hexdigest()[:12]


def _read(resources: Iterable[PolicyResource], unknowns: Unknowns) -> dict[str | None, _Cluster]:
    clusters: dict[str | None, _Cluster] = {}

    def at(resource: PolicyResource) -> _Cluster:
        key = cluster_of(resource.provider)
        if key not in clusters:
            name = resource.provider.name if resource.provider is not None else "the default provider"
            clusters[key] = _Cluster(key, name)
        return clusters[key]

    resources = list(resources)
    for resource in resources:
        if resource.resource_type in RELEASE_TYPES and get(resource.props, "chart") == "istiod":
            cluster = at(resource)
            cluster.istiod = True
            name = text(get(resource.props, "values", "global", "multiCluster", "clusterName"))
            cluster.name = name or cluster.name
            network = get(resource.props, "values", "global", "network")
            cluster.network = network if network is UNKNOWN else text(network) or cluster.network
            mode = get(resource.props, "values", "meshConfig", "outboundTrafficPolicy", "mode")
            if mode is UNKNOWN or text(mode) == "REGISTRY_ONLY":
                cluster.registry_only = True if mode is not UNKNOWN else UNKNOWN
    for resource in resources:
        kind = _kind(resource)
        if kind is None:
            continue
        cluster = at(resource)
        namespace = get(resource.props, "metadata", "namespace")
        name = _named(resource)
        labels = mapping(resource.props, "metadata", "labels")
        annotations = mapping(resource.props, "metadata", "annotations")
        remote = labels is not UNKNOWN and text(labels.get(MULTICLUSTER_LABEL)) == "true"
        if kind == ("", "Secret") and remote:
            peer = UNKNOWN if annotations is UNKNOWN else annotations.get(CLUSTER_ANNOTATION)
            cluster.peers.append(peer if peer is UNKNOWN else text(peer))
        elif kind == ("", "Secret") and name == "cacerts" and namespace in ROOT_NAMESPACES:
            root = None if annotations is UNKNOWN else text(annotations.get(TRUST_ROOT_ANNOTATION))
            pem = text(get(resource.props, "stringData", "root-cert.pem"))
            cluster.root = root or (_fingerprint(pem) if pem and not pem.startswith("<") else UNKNOWN)
        elif kind[1] in ("ConfigMap", "ConfigMapPatch") and name == "asm-options":
            cluster.connected = text(get(resource.props, "data", "multicluster_mode")) == "connected"
        elif kind[1] in ("ConfigMap", "ConfigMapPatch") and name.startswith("istio-shared-configmap-"):
            mesh = get(resource.props, "data", "mesh")
            if mesh is UNKNOWN or "REGISTRY_ONLY" in (text(mesh) or ""):
                cluster.registry_only = UNKNOWN if mesh is UNKNOWN else True
        elif kind == ("networking.istio.io", "Sidecar") and namespace in ROOT_NAMESPACES:
            if get(resource.props, "spec", "workloadSelector") is None:
                mode = get(resource.props, "spec", "outboundTrafficPolicy", "mode")
                if mode is UNKNOWN or text(mode) == "REGISTRY_ONLY":
                    cluster.registry_only = UNKNOWN if mode is UNKNOWN else True
        elif is_namespace(resource.resource_type) and name == "istio-system" and labels is not UNKNOWN:
            network = labels.get(NETWORK_LABEL)
            if cluster.network is None and network is not None:
                cluster.network = network if network is UNKNOWN else text(network)
        elif is_service(resource.resource_type) and labels is not UNKNOWN and NETWORK_LABEL in labels:
            ports = elements(resource.props, "spec", "ports")
            numbers = [] if ports is UNKNOWN else [get(p, "port") for p in ports]
            if ports is UNKNOWN or UNKNOWN in numbers:
                unknowns.note(resource.name, "spec", "ports")
            elif CROSS_NETWORK_PORT in numbers:
                cluster.east_west.append(
                    (labels[NETWORK_LABEL], f"{namespace}/{name}", _unannounced(resource))
                )
        elif is_deployment(resource.resource_type):
            pods = pod_labels(resource.props)
            istio = None if pods is UNKNOWN else text(pods.get("istio"))
            if istio is not None and istio.endswith("egressgateway"):
                cluster.egress.append(f"{namespace}/{name}")
    for cluster in clusters.values():
        if cluster.root is None and cluster.istiod:
            cluster.root = f"a root {cluster.label()}'s istiod makes itself"
        elif cluster.root is None and cluster.connected:
            cluster.root = MANAGED_CA
    return clusters


def _unannounced(service: PolicyResource) -> Any:
    """Why istiod announces no address for a network gateway Service: None when it does."""
    service_type = get(service.props, "spec", "type", default="ClusterIP")
    external_ips = elements(service.props, "spec", "externalIPs")
    if service_type is UNKNOWN or external_ips is UNKNOWN:
        return UNKNOWN
    if text(service_type) == "LoadBalancer" or external_ips:
        return None
    if text(service_type) == "NodePort":
        annotations = mapping(service.props, "metadata", "annotations")
        if annotations is UNKNOWN:
            return UNKNOWN
        if NODE_SELECTOR_ANNOTATION in annotations:
            return None
        return f"a NodePort Service without {NODE_SELECTOR_ANNOTATION}"
    return f"a {text(service_type)}"


def _links(clusters: dict[str | None, _Cluster]) -> list[tuple[_Cluster, _Cluster, str]]:
    """Pairs of clusters that share service discovery, each with how."""
    by_name = {c.name: c for c in clusters.values() if c.name}
    links = []
    for cluster in clusters.values():
        for peer in cluster.peers:
            if isinstance(peer, str) and peer in by_name and by_name[peer] is not cluster:
                links.append((cluster, by_name[peer], f"{cluster.label()}'s istiod reads {peer}"))
    connected = [c for c in clusters.values() if c.connected]
    links += [
        (a, b, "both connected by asm-options") for i, a in enumerate(connected) for b in connected[i + 1 :]
    ]
    return links


def _groups(clusters: dict[str | None, _Cluster]) -> list[list[_Cluster]]:
    neighbours: dict[int, set[int]] = {id(c): set() for c in clusters.values()}
    for a, b, _ in _links(clusters):
        neighbours[id(a)].add(id(b))
        neighbours[id(b)].add(id(a))
    by_id = {id(c): c for c in clusters.values()}
    groups, seen = [], set()
    for start in clusters.values():
        if id(start) in seen:
            continue
        group, todo = [], [id(start)]
        while todo:
            current = todo.pop()
            if current not in seen:
                seen.add(current)
                group.append(by_id[current])
                todo += sorted(neighbours[current] - seen)
        groups.append(group)
    return groups


def _validate_trust(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    unknowns = Unknowns()
    clusters = _read(args.resources, unknowns)
    reported = set()
    for a, b, how in _links(clusters):
        if a.root is UNKNOWN or b.root is UNKNOWN:
            unknowns.add(f"the trust root of {a.label() if a.root is UNKNOWN else b.label()}")
            continue
        pair = tuple(sorted((a.label(), b.label())))
        if a.root == b.root or pair in reported:
            continue
        reported.add(pair)
        report_violation(
            f"clusters {pair[0]} and {pair[1]} share service discovery ({how}) but not a trust root"
            f" ({a.label()}: {a.root}; {b.label()}: {b.root}), so mTLS between them fails; give every"
            " cluster of the mesh a cacerts Secret in istio-system chained to one root before istiod"
            ' starts (Istio\'s "Plug in CA Certificates"; meshfleet: mesh.trustRoot).',
            None,
        )
    unknowns.raise_if_any()


def _validate_networks(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    unknowns = Unknowns()
    clusters = _read(args.resources, unknowns)
    for group in _groups(clusters):
        if len(group) < 2:
            continue
        if any(c.network is UNKNOWN for c in group):
            unknowns.add("the network of " + ", ".join(c.label() for c in group if c.network is UNKNOWN))
            continue
        networks: dict[str, list[_Cluster]] = {}
        for cluster in group:
            if cluster.network is not None:
                networks.setdefault(cluster.network, []).append(cluster)
        if len(networks) < 2:
            continue
        for network, members in networks.items():
            gateways = [g for c in members for g in c.east_west if g[0] == network]
            if any(g[2] is UNKNOWN for g in gateways):
                unknowns.add(f"the Service type of the east-west gateways of network {network}")
                continue
            if any(g[2] is None for g in gateways):
                continue
            others = sorted(set(networks) - {network})
            found = f" (only {'; '.join(f'{g[1]}, {g[2]}' for g in gateways)})" if gateways else ""
            report_violation(
                f"network {network} ({', '.join(c.label() for c in members)}) shares a mesh with"
                f" {', '.join(others)} but has no east-west gateway istiod registers{found}, so its"
                " endpoints are unreachable from them; expose an east-west gateway on it: a"
                f" LoadBalancer Service, or a NodePort one annotated {NODE_SELECTOR_ANNOTATION},"
                f" labelled {NETWORK_LABEL}={network} with port"
                f' {CROSS_NETWORK_PORT} (Istio\'s "Install Multi-Primary on different networks").',
                None,
            )
    unknowns.raise_if_any()


def _validate_egress(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    unknowns = Unknowns()
    for cluster in _read(args.resources, unknowns).values():
        if not cluster.egress:
            continue
        if cluster.registry_only is UNKNOWN:
            unknowns.add(f"the outbound traffic policy of {cluster.label()}")
            continue
        if cluster.registry_only:
            continue
        report_violation(
            f"cluster {cluster.label()} runs egress gateway {', '.join(cluster.egress)} but its outbound"
            " traffic policy is ALLOW_ANY, so any Pod reaches any host directly and the gateway"
            " restricts nothing; set outboundTrafficPolicy mode REGISTRY_ONLY (istiod's meshConfig, a"
            " Sidecar without workloadSelector in the root namespace, or the AKS add-on's"
            " istio-shared-configmap-<revision>; meshfleet does so unless mesh.outboundTrafficPolicy"
            " is ALLOW_ANY).",
            None,
        )
    unknowns.raise_if_any()


mesh_trust_shared = StackValidationPolicy(
    name="mesh-trust-shared",
    description="Clusters that share service discovery trust one root.",
    validate=_validate_trust,
    enforcement_level=EnforcementLevel.MANDATORY,
)

multi_network_east_west = StackValidationPolicy(
    name="multi-network-east-west",
    description="Every network of a multi-network mesh has an east-west gateway istiod registers.",
    validate=_validate_networks,
    enforcement_level=EnforcementLevel.MANDATORY,
)

egress_registry_only = StackValidationPolicy(
    name="egress-registry-only",
    description="A cluster with an egress gateway restricts outbound traffic to the mesh's registry.",
    validate=_validate_egress,
    enforcement_level=EnforcementLevel.MANDATORY,
)

POLICIES = [mesh_trust_shared, multi_network_east_west, egress_registry_only]
