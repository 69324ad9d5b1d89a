"""What the mesh will do, worked out from a Plan alone (pure: no Pulumi runtime, no cloud).

Objects that validate can still make a mesh that carries nothing across clusters. This reads
the planned Kubernetes objects and Helm releases the way Istio would, and says per stack:

- clusters: each Kubernetes provider, its control plane (an istiod release, the AKS add-on,
  or the managed plane), its trust root, network and outbound traffic policy;
- meshes: which clusters share service discovery (remote secrets read by istiod's secret
  controller, or Cloud Service Mesh's `asm-options` `multicluster_mode: connected`), whether
  they trust one root, and how each of their networks is reached (the east-west gateway
  Services istiod registers by their `topology.istio.io/network` label and port 15443);
- injection: which revision Istio's webhooks inject into each namespace created, by its label;
- egress: which external hosts are registered (ServiceEntries), through which egress gateway,
  and whether anything else is reachable (ALLOW_ANY).

It knows Istio's and the clouds' conventions, not meshfleet's components: any program's plan
reads the same. Values unknown in a preview read as unknown, never as a verdict.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .plan import SECRET, UNKNOWN, Plan, PlannedResource

PROVIDER = "pulumi:providers:kubernetes"
RELEASE = "kubernetes:helm.sh/v3:Release"
NETWORK_LABEL = "topology.istio.io/network"
MULTICLUSTER_LABEL = "istio/multiCluster"
CLUSTER_ANNOTATION = "networking.istio.io/cluster"
TRUST_ROOT_ANNOTATION = "meshfleet.io/trust-root"
CROSS_NETWORK_PORT = 15443
INTERNAL_LB = {
    "networking.gke.io/load-balancer-type": "internal",
    "cloud.google.com/load-balancer-type": "internal",
    "service.beta.kubernetes.io/azure-load-balancer-internal": "true",
}
AKS_ROOT_NAMESPACE = "aks-istio-system"
MANAGED_CA = "Google-managed CA (the fleet's)"


def _kind(resource: PlannedResource) -> str:
    return resource.type.rsplit(":", 1)[-1]


def _group(resource: PlannedResource) -> str:
    return resource.type.split(":")[1].rsplit("/", 1)[0] if resource.type.count(":") == 2 else ""


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _meta(resource: PlannedResource, key: str) -> dict[str, Any]:
    return _dict(_dict(resource.inputs.get("metadata")).get(key))


def _name(resource: PlannedResource) -> str:
    name = _dict(resource.inputs.get("metadata")).get("name")
    return name if isinstance(name, str) else resource.name


def _namespace(resource: PlannedResource) -> str:
    namespace = _dict(resource.inputs.get("metadata")).get("namespace")
    return namespace if isinstance(namespace, str) else "default"


def _known(value: Any) -> bool:
    return value not in (UNKNOWN, SECRET, None)


@dataclass
class _Cluster:
    provider: str
    objects: list[PlannedResource]
    releases: list[PlannedResource]

    def of(self, kind: str, group: str = "core") -> list[PlannedResource]:
        return [o for o in self.objects if _kind(o) == kind and _group(o) in (group, f"{group}.istio.io")]

    @property
    def istiods(self) -> list[dict[str, Any]]:
        return [_dict(r.inputs.get("values")) for r in self.releases if r.inputs.get("chart") == "istiod"]

    @property
    def control_plane(self) -> str:
        if self.istiods:
            return "istiod"
        roots = {_namespace(p) for p in self.of("PeerAuthentication", "security")}
        if AKS_ROOT_NAMESPACE in roots:
            return "aks-addon"
        return "managed"

    @property
    def mesh_name(self) -> str:
        """The cluster's name in the mesh: istiod's `clusterName`, else the provider's name."""
        for values in self.istiods:
            name = _dict(_dict(values.get("global")).get("multiCluster")).get("clusterName")
            if isinstance(name, str):
                return name
        return self.provider

    @property
    def network(self) -> str | None:
        for values in self.istiods:
            network = _dict(values.get("global")).get("network")
            if isinstance(network, str):
                return network
        for namespace in self.of("Namespace"):
            network = _meta(namespace, "labels").get(NETWORK_LABEL)
            if _name(namespace) == "istio-system" and isinstance(network, str):
                return network
        return None

    @property
    def trust_root(self) -> str:
        kind = self.control_plane
        if kind == "managed":
            return MANAGED_CA
        for secret in self.of("Secret"):
            if _name(secret) == "cacerts" and _namespace(secret) == "istio-system":
                root = _meta(secret, "annotations").get(TRUST_ROOT_ANNOTATION)
                return f"plug-in CA: {root}" if isinstance(root, str) else f"plug-in CA of {self.mesh_name}"
        if kind == "aks-addon":
            return f"the add-on's self-signed CA of {self.mesh_name}"
        return f"self-signed by {self.mesh_name}'s istiod"

    @property
    def remote_peers(self) -> list[str]:
        """Clusters this cluster's istiod reads, by their mesh name (remote secrets)."""
        peers = []
        for secret in self.of("Secret"):
            if _meta(secret, "labels").get(MULTICLUSTER_LABEL) == "true":
                peer = _meta(secret, "annotations").get(CLUSTER_ANNOTATION)
                peers.append(peer if isinstance(peer, str) else UNKNOWN)
        return sorted(peers)

    @property
    def connected(self) -> bool:
        """Cloud Service Mesh's multi-cluster discovery (`asm-options`, connected)."""
        return any(
            _name(c) == "asm-options" and _dict(c.inputs.get("data")).get("multicluster_mode") == "connected"
            for c in self.of("ConfigMapPatch")
        )

    @property
    def outbound_traffic_policy(self) -> str:
        modes = [
            _dict(_dict(v.get("meshConfig")).get("outboundTrafficPolicy")).get("mode") for v in self.istiods
        ]
        modes += [
            _dict(_dict(s.inputs.get("spec")).get("outboundTrafficPolicy")).get("mode")
            for s in self.of("Sidecar", "networking")
            if "workloadSelector" not in _dict(s.inputs.get("spec"))
        ]
        for config_map in self.of("ConfigMap"):
            if _name(config_map).startswith("istio-shared-configmap-"):
                mesh = str(_dict(config_map.inputs.get("data")).get("mesh", ""))
                modes += ["REGISTRY_ONLY"] if "REGISTRY_ONLY" in mesh else []
        return "REGISTRY_ONLY" if "REGISTRY_ONLY" in modes else "ALLOW_ANY"

    def east_west_gateways(self) -> list[dict[str, Any]]:
        found = []
        for service in self.of("Service"):
            network = _meta(service, "labels").get(NETWORK_LABEL)
            spec = _dict(service.inputs.get("spec"))
            ports = [p.get("port") for p in spec.get("ports") or [] if isinstance(p, dict)]
            if network is None or CROSS_NETWORK_PORT not in ports:
                continue
            found.append(
                {
                    "network": network,
                    "cluster": self.mesh_name,
                    "service": f"{_namespace(service)}/{_name(service)}",
                    "address": _address(service),
                }
            )
        return found


def _address(service: PlannedResource) -> str:
    """How other networks reach a gateway Service, as istiod will announce it."""
    spec = _dict(service.inputs.get("spec"))
    kind = spec.get("type", "ClusterIP")
    annotations = {k: str(v).lower() for k, v in _meta(service, "annotations").items()}
    if kind == "LoadBalancer":
        if any(annotations.get(k) == v for k, v in INTERNAL_LB.items()):
            return "internal load balancer"
        if spec.get("loadBalancerSourceRanges"):
            return f"load balancer for {', '.join(spec['loadBalancerSourceRanges'])}"
        return "public load balancer"
    if kind == "NodePort":
        return "node ports"
    return "none (ClusterIP: unreachable from other networks)"


def _clusters(plan: Plan) -> dict[str, _Cluster]:
    names = {r.urn: r.name for r in plan.resources if r.type == PROVIDER}
    clusters = {name: _Cluster(name, [], []) for name in names.values()}
    for resource in plan.resources:
        provider = names.get(resource.provider or "")
        if provider is None or not resource.custom or not resource.type.startswith("kubernetes:"):
            continue
        cluster = clusters[provider]
        (cluster.releases if resource.type == RELEASE else cluster.objects).append(resource)
    return {n: c for n, c in clusters.items() if c.objects or c.releases}


def _groups(clusters: Mapping[str, _Cluster]) -> list[list[str]]:
    """Clusters that share service discovery, as connected groups (spec order kept)."""
    by_mesh_name = {c.mesh_name: n for n, c in clusters.items()}
    edges: dict[str, set[str]] = {n: set() for n in clusters}
    connected = [n for n, c in clusters.items() if c.connected]
    for n in connected:
        edges[n] |= set(connected) - {n}
    for n, c in clusters.items():
        for peer in c.remote_peers:
            if peer in by_mesh_name:
                edges[n].add(by_mesh_name[peer])
                edges[by_mesh_name[peer]].add(n)
    groups: list[list[str]] = []
    seen: set[str] = set()
    for start in clusters:
        if start in seen:
            continue
        group, todo = [], [start]
        while todo:
            n = todo.pop()
            if n in seen:
                continue
            seen.add(n)
            group.append(n)
            todo += sorted(edges[n] - seen)
        groups.append([n for n in clusters if n in group])
    return groups


def _mesh(names: list[str], clusters: Mapping[str, _Cluster]) -> dict[str, Any]:
    members = [clusters[n] for n in names]
    roots = sorted({c.trust_root for c in members})
    gateways = [g for c in members for g in c.east_west_gateways()]
    networks: dict[str, dict[str, Any]] = {}
    for cluster in members:
        network = cluster.network or "(the cloud's network)"
        entry = networks.setdefault(network, {"clusters": [], "eastWestGateways": []})
        entry["clusters"].append(cluster.mesh_name)
    for gateway in gateways:
        if gateway["network"] in networks:
            networks[gateway["network"]]["eastWestGateways"].append(
                {k: gateway[k] for k in ("cluster", "service", "address")}
            )
    unreachable = [
        n
        for n, e in networks.items()
        if len(networks) > 1 and not any(not g["address"].startswith("none") for g in e["eastWestGateways"])
    ]
    if len(networks) == 1:
        cross_network = "one network"
    elif unreachable:
        cross_network = f"no reachable east-west gateway on {', '.join(unreachable)}"
    else:
        cross_network = "routes"
    return {
        "clusters": [c.mesh_name for c in members],
        "discovery": "shared" if len(members) > 1 else "single cluster",
        "trust": {"roots": roots, "shared": len(roots) == 1},
        "networks": networks,
        "crossNetwork": cross_network,
    }


def _injection(clusters: Mapping[str, _Cluster]) -> list[dict[str, Any]]:
    found = []
    for cluster in clusters.values():
        for namespace in cluster.of("Namespace"):
            labels = _meta(namespace, "labels")
            if isinstance(labels.get("istio.io/rev"), str):
                revision = labels["istio.io/rev"]
            elif labels.get("istio-injection") == "enabled":
                revision = "default"
            else:
                revision = None
            found.append({"cluster": cluster.mesh_name, "namespace": _name(namespace), "revision": revision})
    return found


def _egress(clusters: Mapping[str, _Cluster]) -> list[dict[str, Any]]:
    found = []
    for cluster in clusters.values():
        hosts = []
        gateways = {
            _name(g): [f"{_namespace(g)}/{s}" for s in _gateway_services(g, cluster)]
            for g in cluster.of("Gateway", "networking")
        }
        for entry in cluster.of("ServiceEntry", "networking"):
            spec = _dict(entry.inputs.get("spec"))
            via = sorted({s for g in gateways.values() for s in g if _serves(spec.get("hosts"), cluster, s)})
            for host in spec.get("hosts") or []:
                hosts.append({"host": host, "via": via})
        if hosts or cluster.outbound_traffic_policy == "REGISTRY_ONLY":
            found.append(
                {
                    "cluster": cluster.mesh_name,
                    "outboundTrafficPolicy": cluster.outbound_traffic_policy,
                    "hosts": hosts,
                }
            )
    return found


def _gateway_services(gateway: PlannedResource, cluster: _Cluster) -> list[str]:
    """The egress gateway Services whose Pods an Istio Gateway selects (same namespace)."""
    selector = _dict(_dict(gateway.inputs.get("spec")).get("selector"))
    return [
        _name(s)
        for s in cluster.of("Service")
        if _namespace(s) == _namespace(gateway)
        and selector
        and all(_dict(_dict(s.inputs.get("spec")).get("selector")).get(k) == v for k, v in selector.items())
    ]


def _serves(hosts: Any, cluster: _Cluster, service: str) -> bool:
    """Whether a VirtualService sends `hosts` through the gateway Service `service`."""
    wanted = set(hosts or [])
    namespace, name = service.split("/", 1)
    fqdn = f"{name}.{namespace}.svc.cluster.local"
    for virtual_service in cluster.of("VirtualService", "networking"):
        spec = _dict(virtual_service.inputs.get("spec"))
        if not wanted & set(spec.get("hosts") or []):
            continue
        if fqdn in json.dumps(spec):
            return True
    return False


def analyse(plan: Plan) -> dict[str, Any]:
    """The mesh facts of `plan`: clusters, meshes, injection and egress (see the module doc)."""
    clusters = _clusters(plan)
    return {
        "clusters": {
            c.mesh_name: {
                "provider": c.provider,
                "controlPlane": c.control_plane,
                "trustRoot": c.trust_root,
                "network": c.network,
                "outboundTrafficPolicy": c.outbound_traffic_policy,
            }
            for c in clusters.values()
        },
        "meshes": [_mesh(group, clusters) for group in _groups(clusters)],
        "injection": _injection(clusters),
        "egress": _egress(clusters),
    }


def _gateways(gateways: list[dict[str, str]]) -> str:
    return ", ".join(f"{g['service']} ({g['address']})" for g in gateways) or "-"


def mesh_rows(facts: Mapping[str, Any]) -> Iterable[tuple[str, str, str, str]]:
    """One row per mesh for the preview's table: clusters, discovery, trust, networks."""
    for mesh in facts["meshes"]:
        trust = mesh["trust"]
        networks = ", ".join(f"{n}: {_gateways(e['eastWestGateways'])}" for n, e in mesh["networks"].items())
        yield (
            ", ".join(mesh["clusters"]),
            mesh["discovery"],
            ("one root: " if trust["shared"] else "SPLIT: ") + "; ".join(trust["roots"]),
            f"{mesh['crossNetwork']} ({networks})",
        )


def to_json(facts: Mapping[str, Any]) -> str:
    return json.dumps(facts, indent=2, sort_keys=True) + "\n"
