"""What the mesh will do, worked out from a Plan alone (pure: no Pulumi runtime, no cloud).

Objects that validate can still make a mesh that carries nothing across clusters. This reads
the planned Kubernetes objects and Helm releases the way Istio would, and says per stack:

- clusters: each Kubernetes provider, its control plane (an istiod release, the AKS add-on,
  or the managed plane), its trust root, network and outbound traffic policy;
- meshes: which clusters share service discovery (remote secrets read by istiod's secret
  controller, or Cloud Service Mesh's `asm-options` `multicluster_mode: connected`), whether
  they trust one root, and how each of their networks is reached (the east-west gateway
  Services istiod registers by their `topology.istio.io/network` label and port 15443);
- injection: which revision Istio's webhooks inject into each namespace created and each gateway
  Deployment's Pods, following the webhooks' namespace and object selectors;
- egress: which external hosts are registered (ServiceEntries), through which egress gateway,
  and whether anything else is reachable (ALLOW_ANY);
- routes: for every VirtualService (egress ones aside), where traffic enters (the Istio Gateway,
  the Service of the Pods it selects and its address type, the MultiClusterIngress fronting it)
  and which clusters' endpoints the entering proxy can reach, with the reason a cluster is cut
  off: no shared discovery (its istiod does not read that cluster), another trust root (mTLS
  fails), or no east-west path into that cluster's network.

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
NODE_SELECTOR_ANNOTATION = "traffic.istio.io/nodeSelector"
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
MANAGED_CLUSTER = "azure-native:containerservice:ManagedCluster"
TRUST_ROOT_TAG = "meshfleet-trust-root"
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
    aks: dict[str, Any] | None = None
    """The inputs of the AKS ManagedCluster the provider depends on (its kubeconfig's source)."""

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
            return self._addon_root()
        return f"self-signed by {self.mesh_name}'s istiod"

    def _addon_root(self) -> str:
        """The add-on's root: its plug-in CA from Key Vault (`certificateAuthority.plugin`),
        named by the ManagedCluster's trust-root tag, else its own self-signed one."""
        istio = _dict(_dict(_dict(self.aks).get("serviceMeshProfile")).get("istio"))
        plugin = _dict(_dict(istio.get("certificateAuthority")).get("plugin"))
        if not plugin:
            return f"the add-on's self-signed CA of {self.mesh_name}"
        root = _dict(_dict(self.aks).get("tags")).get(TRUST_ROOT_TAG)
        if isinstance(root, str):
            return f"plug-in CA: {root}"
        return f"plug-in CA from Key Vault {plugin.get('keyVaultId')}"

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
    external_ips = spec.get("externalIPs") or []
    if external_ips:
        # Any Service's externalIPs are addresses istiod announces (pilot/pkg/serviceregistry/
        # kube/conversion.go, ConvertService).
        return f"external IPs {', '.join(str(ip) for ip in external_ips)}"
    if kind == "NodePort":
        # istiod registers a NodePort network gateway only with traffic.istio.io/nodeSelector,
        # then announces the matching nodes' ExternalIP addresses on the nodePort
        # (controller/util.go isNodePortGatewayService; network.go updateServiceNodePortAddresses;
        # controller.go onNodeEvent keeps only nodes with an ExternalIP).
        selector = _meta(service, "annotations").get(NODE_SELECTOR_ANNOTATION)
        if selector is None:
            return f"none (NodePort without {NODE_SELECTOR_ANNOTATION}: istiod announces no address)"
        return f"node ports ({_announced_nodes(selector)} with an ExternalIP address)"
    return "none (ClusterIP: unreachable from other networks)"


def _announced_nodes(selector: Any) -> str:
    if not _known(selector):
        return "nodes the plan cannot say yet"
    # JSON labels; istiod reads a value it cannot parse as no selector, every node (util.go,
    # getNodeSelectorsForService).
    try:
        labels = json.loads(str(selector))
    except ValueError:
        labels = {}
    if not isinstance(labels, dict) or not labels:
        return "every node"
    return "nodes labelled " + ", ".join(f"{k}={v}" for k, v in sorted(labels.items()))


def _clusters(plan: Plan) -> dict[str, _Cluster]:
    providers = [r for r in plan.resources if r.type == PROVIDER]
    names = {r.urn: r.name for r in providers}
    aks = {r.urn: r.inputs for r in plan.resources if r.type == MANAGED_CLUSTER}
    clusters = {
        p.name: _Cluster(p.name, [], [], next((aks[d] for d in p.dependencies if d in aks), None))
        for p in providers
    }
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


INJECTION_LABEL = "istio-injection"
REVISION_LABEL = "istio.io/rev"
SIDECAR_INJECT_LABEL = "sidecar.istio.io/inject"
DEFAULT_REVISION = "default"


def injected_revision(
    namespace_labels: Mapping[str, Any], pod_labels: Mapping[str, Any], default: str | None = DEFAULT_REVISION
) -> str | None:
    """The revision whose sidecar Istio's injection webhooks put into a Pod, or None.

    The webhooks' selectors (istio-discovery's mutatingwebhook.yaml and revision-tags-mwc.yaml,
    Istio >= 1.10) exclude one another, so at most one matches: the namespace's
    `istio-injection` (enabled: the default revision; any other value: none) before its
    `istio.io/rev`, before the Pod's own `istio.io/rev` or `sidecar.istio.io/inject=true` (the
    default revision), and never a Pod labelled `sidecar.istio.io/inject=false`. `default` is
    None where no default revision exists (the AKS add-on runs only named revisions). meshguard's
    gateway-namespace-injection policy reads the same selectors (tests hold the two together).
    """
    if str(pod_labels.get(SIDECAR_INJECT_LABEL)) == "false":
        return None
    if INJECTION_LABEL in namespace_labels:
        return default if namespace_labels[INJECTION_LABEL] == "enabled" else None
    if REVISION_LABEL in namespace_labels:
        return str(namespace_labels[REVISION_LABEL])
    if REVISION_LABEL in pod_labels:
        return str(pod_labels[REVISION_LABEL])
    return default if str(pod_labels.get(SIDECAR_INJECT_LABEL)) == "true" else None


def _revision(
    cluster: _Cluster, namespace_labels: Mapping[str, Any], pod_labels: Mapping[str, Any]
) -> str | None:
    deciding = [namespace_labels.get(k) for k in (INJECTION_LABEL, REVISION_LABEL)]
    deciding += [pod_labels.get(k) for k in (SIDECAR_INJECT_LABEL, REVISION_LABEL)]
    if any(v in (UNKNOWN, SECRET) for v in deciding):
        return UNKNOWN
    default = None if cluster.control_plane == "aks-addon" else DEFAULT_REVISION
    return injected_revision(namespace_labels, pod_labels, default)


def _injection(clusters: Mapping[str, _Cluster]) -> list[dict[str, Any]]:
    found = []
    for cluster in clusters.values():
        labels = {_name(n): _meta(n, "labels") for n in cluster.of("Namespace")}
        for namespace, namespace_labels in labels.items():
            found.append(
                {
                    "cluster": cluster.mesh_name,
                    "namespace": namespace,
                    "revision": _revision(cluster, namespace_labels, {}),
                }
            )
        for deployment in cluster.of("Deployment", "apps"):
            pod = _dict(_dict(_dict(_dict(deployment.inputs.get("spec")).get("template")).get("metadata")))
            pod_labels = _dict(pod.get("labels"))
            if not any(pod_labels.get(k) for k in ("istio", "gateway.istio.io/managed")):
                continue  # not a gateway: its Pods select no Istio Gateway
            namespace = _namespace(deployment)
            found.append(
                {
                    "cluster": cluster.mesh_name,
                    "deployment": f"{namespace}/{_name(deployment)}",
                    # A namespace created outside this plan: its labels are not known here.
                    "revision": _revision(cluster, labels[namespace], pod_labels)
                    if namespace in labels
                    else UNKNOWN,
                }
            )
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


MESH_GATEWAY = "mesh"
MCS = "MultiClusterService"
MCI = "MultiClusterIngress"
# The AKS add-on's ingress gateways: their Services are the add-on's, not in any plan, each named
# after its Pods' `istio` label; Microsoft's "Deploy ingress gateways for Istio service
# mesh add-on for Azure Kubernetes Service" gives their load balancers.
AKS_GATEWAYS = {
    "aks-istio-ingressgateway-external": "public load balancer",
    "aks-istio-ingressgateway-internal": "internal load balancer",
}


def _selects(selector: Mapping[str, Any], labels: Mapping[str, Any]) -> bool:
    return bool(selector) and all(labels.get(k) == v for k, v in selector.items())


def _gateway_ref(reference: str, namespace: str) -> tuple[str, str]:
    """A VirtualService's `gateways` entry as (namespace, name): bare names are the route's own."""
    owner, _, name = reference.rpartition("/")
    return (owner or namespace, name)


def _discovers(reader: _Cluster, other: _Cluster) -> bool:
    """Whether `reader`'s control plane sees `other`'s endpoints (its remote secret, or both connected)."""
    return reader is other or other.mesh_name in reader.remote_peers or (reader.connected and other.connected)


def _ingress_address(service: PlannedResource, fronted_by: list[str]) -> str:
    spec = _dict(service.inputs.get("spec"))
    if spec.get("type", "ClusterIP") in ("ClusterIP", None) and fronted_by:
        return "external, via Multi Cluster Ingress"
    address = _address(service)
    return "cluster-internal only (ClusterIP)" if address.startswith("none") else address


def _fronting(clusters: Mapping[str, _Cluster], cluster: _Cluster, service: PlannedResource) -> list[str]:
    """The MultiClusterIngresses that send traffic to `service`'s Pods.

    An MCI in the config cluster names a MultiClusterService there; GKE derives that Service in
    the fleet's member clusters in the same namespace. The plan does not say which clusters are
    members, so the clusters sharing discovery with the config cluster stand for the fleet
    (meshfleet's GKE clusters of one mesh are its fleet's).
    """
    labels = _meta(service, "labels") | _dict(_dict(service.inputs.get("spec")).get("selector"))
    found = []
    for config in clusters.values():
        if config is not cluster and not (_discovers(config, cluster) and _discovers(cluster, config)):
            continue
        for mci in config.of(MCI, "networking.gke.io"):
            backend = _dict(
                _dict(_dict(_dict(mci.inputs.get("spec")).get("template")).get("spec")).get("backend")
            )
            for mcs in config.of(MCS, "networking.gke.io"):
                template = _dict(_dict(_dict(mcs.inputs.get("spec")).get("template")).get("spec"))
                if (
                    _namespace(mcs) == _namespace(mci) == _namespace(service)
                    and _name(mcs) == backend.get("serviceName")
                    and _selects(_dict(template.get("selector")), labels)
                ):
                    found.append(f"{config.mesh_name}: {_namespace(mci)}/{_name(mci)}")
    return found


def _entries(
    clusters: Mapping[str, _Cluster], cluster: _Cluster, route: PlannedResource
) -> list[dict[str, Any]]:
    entries = []
    gateways = _dict(route.inputs.get("spec")).get("gateways") or [MESH_GATEWAY]
    for reference in gateways:
        if reference == MESH_GATEWAY:
            entries.append({"gateway": MESH_GATEWAY, "address": "sidecars, no gateway"})
            continue
        namespace, name = _gateway_ref(str(reference), _namespace(route))
        found = [
            g for g in cluster.of("Gateway", "networking") if (_namespace(g), _name(g)) == (namespace, name)
        ]
        if not found:
            entries.append(
                {"gateway": f"{namespace}/{name}", "address": "none (no such Gateway in the plan)"}
            )
            continue
        selector = _dict(_dict(found[0].inputs.get("spec")).get("selector"))
        services = [
            s
            for s in cluster.of("Service")
            if _selects(selector, _dict(_dict(s.inputs.get("spec")).get("selector")))
        ]
        for service in services:
            fronted_by = _fronting(clusters, cluster, service)
            entries.append(
                {
                    "gateway": f"{namespace}/{name}",
                    "service": f"{_namespace(service)}/{_name(service)}",
                    "type": _dict(service.inputs.get("spec")).get("type", "ClusterIP"),
                    "address": _ingress_address(service, fronted_by),
                    "multiClusterIngress": fronted_by,
                }
            )
        addon = AKS_GATEWAYS.get(str(selector.get("istio")))
        if not services and addon and cluster.control_plane == "aks-addon":
            entries.append(
                {
                    "gateway": f"{namespace}/{name}",
                    "service": f"aks-istio-ingress/{selector['istio']}",
                    "type": "LoadBalancer",
                    "address": f"{addon}, the AKS add-on's",
                    "multiClusterIngress": [],
                }
            )
        elif not services:
            entries.append(
                {"gateway": f"{namespace}/{name}", "address": "none (no gateway Service selects its Pods)"}
            )
    return entries


def _cut_off(source: _Cluster, target: _Cluster, networks: Mapping[str, list[str]]) -> dict[str, str] | None:
    """Why a proxy in `source` cannot reach `target`'s endpoints, or None when it can."""
    if not _discovers(source, target):
        return {
            "reason": "no shared discovery",
            "detail": f"{source.mesh_name}'s control plane reads no remote secret of {target.mesh_name}"
            " and they are not both connected (asm-options)",
        }
    if source.trust_root != target.trust_root:
        return {
            "reason": "other trust root",
            "detail": f"{target.mesh_name} trusts {target.trust_root},"
            f" {source.mesh_name} {source.trust_root}: mTLS between them fails",
        }
    if (source.network or "") != (target.network or "") and not networks.get(target.network or ""):
        return {
            "reason": "no east-west path",
            "detail": f"network {target.network} has no east-west gateway Service with"
            f" {NETWORK_LABEL} and port {CROSS_NETWORK_PORT} reachable from {source.network}",
        }
    return None


def _routes(clusters: Mapping[str, _Cluster]) -> list[dict[str, Any]]:
    # Networks reachable from others: a labelled gateway Service on port 15443 with an address.
    networks: dict[str, list[str]] = {}
    for cluster in clusters.values():
        for gateway in cluster.east_west_gateways():
            if not gateway["address"].startswith("none"):
                networks.setdefault(gateway["network"], []).append(gateway["service"])
    found = []
    for cluster in clusters.values():
        external = {
            h
            for e in cluster.of("ServiceEntry", "networking")
            for h in _dict(e.inputs.get("spec")).get("hosts") or []
        }
        for route in cluster.of("VirtualService", "networking"):
            spec = _dict(route.inputs.get("spec"))
            hosts = spec.get("hosts") or []
            if hosts and set(hosts) <= external:
                continue  # an egress route: the egress section says where it goes
            reach, cut = [], {}
            for other in clusters.values():
                reason = _cut_off(cluster, other, networks)
                if reason is None:
                    reach.append(other.mesh_name)
                else:
                    cut[other.mesh_name] = reason
            found.append(
                {
                    "cluster": cluster.mesh_name,
                    "route": f"{_namespace(route)}/{_name(route)}",
                    "hosts": hosts,
                    "entry": _entries(clusters, cluster, route),
                    "reaches": reach,
                    "cutOff": cut,
                }
            )
    return found


def analyse(plan: Plan) -> dict[str, Any]:
    """The mesh facts of `plan`: clusters, meshes, injection, egress and routes (see the module doc)."""
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
        "routes": _routes(clusters),
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


def route_rows(facts: Mapping[str, Any]) -> Iterable[tuple[str, str, str, str]]:
    """One row per route for the preview's table: route, entry, clusters reached, cut off (why)."""
    for route in facts["routes"]:
        entry = "; ".join(f"{e.get('service', e['gateway'])} ({e['address']})" for e in route["entry"])
        yield (
            f"{route['cluster']}: {route['route']}",
            entry,
            ", ".join(route["reaches"]),
            "; ".join(f"{c} ({r['reason']})" for c, r in route["cutOff"].items()) or "-",
        )


def to_json(facts: Mapping[str, Any]) -> str:
    return json.dumps(facts, indent=2, sort_keys=True) + "\n"
