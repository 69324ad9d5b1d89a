"""An Istio gateway (ingress, egress or east-west) as plain Kubernetes manifests (pure functions,
no Pulumi).

The objects follow the ASM / Cloud Service Mesh sample `samples/gateways/istio-ingressgateway`
that Google's "Installing and upgrading gateways" guides and Google's "Set up a multi-cluster mesh on
managed Cloud Service Mesh" deploy with `kubectl apply`: a ServiceAccount, a Role and
RoleBinding for TLS secrets, a Deployment whose proxy is injected, a Service, a
HorizontalPodAutoscaler and a PodDisruptionBudget, in a namespace of their own that is
labelled for injection. Each manifest is a camelCase dict, exactly what `kubectl apply`
takes; the Pulumi component passes its metadata and spec to typed pulumi_kubernetes
resources.

By kind: an ingress gateway exposes status-port, http2 and https behind a LoadBalancer by
default; an egress gateway (the sample `istio-egressgateway`) http2 and https behind a
ClusterIP Service, since only the mesh's own Pods send to it; an east-west gateway follows
upstream Istio's `samples/multicluster/gen-eastwest-gateway.sh`: status-port and tls (15443),
its Pods labelled with their network, behind an internal load balancer.

Upgrades (Google's "Installing and upgrading gateways" guides) are fields of the gateway: `restartedAt`
stamps the pod template
(`kubectl rollout restart` as a spec edit), `revision` pins the Pods' own `istio.io/rev`, and
`canary` adds a Deployment `<name>-canary` on another revision behind the same Service.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from components.spec.models import GATEWAY_PORTS, GatewayPortName, GatewaySpec

from .addon import addon_gateway_selector
from .injection import injected_namespace
from .labels import MANAGED_BY_LABELS

Manifest = dict[str, Any]
"""A Kubernetes object as `kubectl apply` takes it: apiVersion, kind, metadata, spec."""


# Ports of the gateway Service, as in the sample's service.yaml that Google's "Set up a multi-cluster mesh
# on managed Cloud Service Mesh" shows.
STATUS_PORT = 15021
HTTP_PORT = 80
HTTPS_PORT = 443
# The east-west port: mTLS from other networks, passed through by SNI (AUTO_PASSTHROUGH).
CROSS_NETWORK_PORT = 15443

NETWORK_LABEL = "topology.istio.io/network"
REVISION_LABEL = "istio.io/rev"
RESTARTED_AT_ANNOTATION = "kubectl.kubernetes.io/restartedAt"
"""What `kubectl rollout restart` stamps on the pod template; the same key keeps a restart made
by hand and one made by the spec indistinguishable."""
NODE_SELECTOR_ANNOTATION = "traffic.istio.io/nodeSelector"
"""On a NodePort Service, what makes istiod register it as a network gateway, announcing the
ExternalIP addresses of the nodes the selector (JSON labels) matches
(pilot/pkg/serviceregistry/kube/controller/util.go, isNodePortGatewayService)."""
VIP_ANNOTATION = "meshfleet.io/vip"
"""Where a NodePort gateway's `vip` is recorded: Kubernetes has no field for an address that a
load balancer outside the cluster holds (Google's "Installing Anthos Service Mesh on GKE on VMware"), so the
Service carries it for its readers."""

PORT_NUMBERS: Mapping[str, int] = MappingProxyType(
    {"status-port": STATUS_PORT, "http2": HTTP_PORT, "https": HTTPS_PORT, "tls": CROSS_NETWORK_PORT}
)
"""Each Service port by name. Which of them a kind exposes is `GATEWAY_PORTS` (the spec's, so
that `nodePorts` are checked against the same list): ingress status-port, http2 and https as
the sample (/healthz/ready on the status port is what load balancer health checks probe,
Google's "Setting up Multi Cluster Ingress"); egress http2 and https, as the sample istio-egressgateway;
east-west status-port and
tls, as gen-eastwest-gateway.sh, whose tls-istiod and tls-webhook ports expose istiod to
remote clusters (primary-remote), which a multi-primary mesh has not."""


# The sample's autoscaling-v2.yaml scales on CPU at 80% of the request.
HPA_CPU_UTILIZATION = 80

SAMPLE_PROXY_RESOURCES: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {"requests": {"cpu": "100m", "memory": "128Mi"}, "limits": {"cpu": "2000m", "memory": "1024Mi"}}
)
"""The sample's deployment.yaml: small at rest, room for bursts."""

AUTOPILOT_PROXY_RESOURCES: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {"requests": {"cpu": "500m", "memory": "512Mi"}, "limits": {"cpu": "500m", "memory": "512Mi"}}
)
"""A gateway proxy on GKE Autopilot ("Resource requests in Autopilot", general-purpose class):
at least 250m CPU and 512 MiB where Pods cannot burst (clusters created before 1.30.2), a
CPU:memory ratio between 1:1 and 1:6.5 (here 1:1), and limits equal to requests there, so
Autopilot keeps these instead of raising or rewriting them. Requests are what Autopilot bills
and sizes nodes by."""

# Istio's proxy user and group (the injector's ProxyUID/ProxyGID default), as upstream's
# gateway chart sets them.
PROXY_UID = 1337


@dataclass(frozen=True)
class GatewayObjects:
    """Every object of one gateway, each a full manifest."""

    namespace: Manifest
    service_account: Manifest
    role: Manifest
    role_binding: Manifest
    deployment: Manifest
    service: Manifest
    hpa: Manifest
    pdb: Manifest
    canary: Manifest | None = None
    """The canary Deployment `<name>-canary`, when the spec asks for one."""
    istio: tuple[Manifest, ...] = field(default_factory=tuple)
    """Istio objects of the gateway itself: an east-west gateway's `cross-network-gateway`."""

    def manifests(self) -> list[Manifest]:
        """All objects in apply order: the namespace first, then what runs in it."""
        return [
            self.namespace,
            self.service_account,
            self.role,
            self.role_binding,
            self.deployment,
            *([self.canary] if self.canary is not None else []),
            self.service,
            self.hpa,
            self.pdb,
            *self.istio,
        ]


def gateway_pod_labels(gateway: GatewaySpec) -> dict[str, str]:
    """The labels of the gateway's pods: the one source of every selector that finds them.

    `istio-ingressgateway` gives `{"app": "istio-ingressgateway", "istio": "ingressgateway"}`,
    the labels of the sample's pods. Istio Gateway resources select the gateway by these
    labels (Google's "Set up a multi-cluster mesh on managed Cloud Service Mesh": `selector: {istio:
    ingressgateway}`; Google's "Installing and upgrading gateways": the selector must match
    the gateway pods' labels), so routes take their selector from here and cannot drift.
    """
    return {"app": gateway.name, "istio": gateway.name.removeprefix("istio-")}


def gateway_selector(gateway: GatewaySpec) -> dict[str, str]:
    """The selector an Istio Gateway uses to bind to `gateway`'s Pods, whoever runs them.

    meshfleet's own gateways: their pod labels (`gateway_pod_labels`). The AKS Istio add-on's
    gateways (`addon`): the `istio` label the add-on gives its Pods
    (`components.render.addon.addon_gateway_selector`).
    """
    if gateway.addon is not None:
        return addon_gateway_selector(gateway.addon)
    return gateway_pod_labels(gateway)


def gateway_objects(
    gateway: GatewaySpec,
    injection_labels: Mapping[str, str],
    *,
    network: str | None = None,
    internal_lb_annotations: Mapping[str, str] = MappingProxyType({}),
    proxy_resources: Mapping[str, Mapping[str, str]] = SAMPLE_PROXY_RESOURCES,
) -> GatewayObjects:
    """Render `gateway` for a cluster whose control plane injects namespaces labelled
    `injection_labels` (`MeshCluster.control_plane.injection_labels`).

    `network` is the cluster's Istio network, which an east-west gateway's Pods announce;
    `internal_lb_annotations` the cluster's annotations that make a LoadBalancer Service
    internal (`ControlPlane.internal_lb_annotations`), which an east-west gateway's Service gets;
    `proxy_resources` the proxy container's requests and limits on this cluster
    (`ControlPlane.proxy_resources`).
    """
    return GatewayObjects(
        namespace=_namespace(gateway, injection_labels),
        service_account=_service_account(gateway),
        role=_role(gateway),
        role_binding=_role_binding(gateway),
        deployment=_deployment(gateway, network, proxy_resources),
        service=_service(gateway, internal_lb_annotations, network),
        hpa=_hpa(gateway),
        pdb=_pdb(gateway),
        canary=_canary(gateway, network, proxy_resources) if gateway.canary is not None else None,
        istio=(_cross_network_gateway(gateway),) if gateway.kind == "east-west" else (),
    )


def _metadata(gateway: GatewaySpec, *, with_pod_labels: bool = False) -> Manifest:
    labels = dict(MANAGED_BY_LABELS)
    if with_pod_labels:
        labels |= gateway_pod_labels(gateway)
    return {"name": gateway.name, "namespace": gateway.namespace, "labels": labels}


def gateway_namespace_labels(gateway: GatewaySpec, injection_labels: Mapping[str, str]) -> Mapping[str, str]:
    """The injection label of `gateway`'s namespace on a control plane that injects namespaces
    labelled `injection_labels`: that label, without which `image: auto` is never replaced;
    none when the Pods pin their revision, since the injector honours their own
    `istio.io/rev` only in a namespace without an injection label (Google's "Installing and upgrading
    gateways", injection on the
    gateway Pods only; the spec keeps pinned and unpinned gateways out of one namespace)."""
    return {} if gateway.revision is not None else injection_labels


def _namespace(gateway: GatewaySpec, injection_labels: Mapping[str, str]) -> Manifest:
    # The gateway lives apart from the control plane (the best practice of Google's "Installing and
    # upgrading gateways" guides).
    return injected_namespace(gateway.namespace, gateway_namespace_labels(gateway, injection_labels))


def _service_account(gateway: GatewaySpec) -> Manifest:
    return {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": _metadata(gateway)}


def _role(gateway: GatewaySpec) -> Manifest:
    return {
        "apiVersion": "rbac.authorization.k8s.io/v1",
        "kind": "Role",
        "metadata": _metadata(gateway),
        # The gateway's TLS certificates are Secrets in its own namespace; istiod serves a
        # Gateway's credentialName only to a proxy whose service account may read them.
        "rules": [{"apiGroups": [""], "resources": ["secrets"], "verbs": ["get", "watch", "list"]}],
    }


def _role_binding(gateway: GatewaySpec) -> Manifest:
    # One name for Role, RoleBinding and ServiceAccount. (Versions of the sample bind a Role
    # or account that the same sample does not create, e.g. istio-ingressgateway-sds.)
    return {
        "apiVersion": "rbac.authorization.k8s.io/v1",
        "kind": "RoleBinding",
        "metadata": _metadata(gateway),
        "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": gateway.name},
        "subjects": [{"kind": "ServiceAccount", "name": gateway.name, "namespace": gateway.namespace}],
    }


def _deployment(
    gateway: GatewaySpec, network: str | None, resources: Mapping[str, Mapping[str, str]]
) -> Manifest:
    # No `replicas`: the HorizontalPodAutoscaler owns the replica count. A replicas field
    # here would reset the HPA's choice on every apply (and every `pulumi up`), then the HPA
    # would scale back, and so on.
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": _metadata(gateway, with_pod_labels=True),
        "spec": {
            # Never changes with a revision or a canary: a Deployment's selector is immutable,
            # and a new one would replace the Deployment, all Pods at once.
            "selector": {"matchLabels": gateway_pod_labels(gateway)},
            "template": _pod_template(
                gateway, gateway.revision, network, resources, restarted_at=gateway.restarted_at
            ),
        },
    }


def _canary(
    gateway: GatewaySpec, network: str | None, resources: Mapping[str, Mapping[str, str]]
) -> Manifest:
    # Google's "Installing and upgrading gateways" guides: a copy of the Deployment on the new revision, its
    # Pods with the same
    # `istio` (and `app`) labels, so the same Service and the same Istio Gateways select them.
    # Its selector adds the revision, so it never counts the main Deployment's Pods; the main
    # selector cannot be narrowed the other way (immutable), and like the guide's it spans the
    # canary's Pods too. No HPA or PDB of its own (the guide's canary is a Deployment only):
    # the Deployment's default of one replica takes a slice of the traffic.
    assert gateway.canary is not None
    revision = gateway.canary.revision
    name = f"{gateway.name}-canary"
    metadata = _metadata(gateway, with_pod_labels=True)
    spec: Manifest = {
        "selector": {"matchLabels": gateway_pod_labels(gateway) | {REVISION_LABEL: revision}},
        "template": _pod_template(gateway, revision, network, resources, restarted_at=None),
    }
    if gateway.canary.replicas is not None:
        # No HPA owns the canary, so a replica count here is never fought over.
        spec["replicas"] = gateway.canary.replicas
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": metadata | {"name": name},
        "spec": spec,
    }


def _pod_template(
    gateway: GatewaySpec,
    revision: str | None,
    network: str | None,
    resources: Mapping[str, Mapping[str, str]],
    *,
    restarted_at: str | None,
) -> Manifest:
    annotations = {
        # The gateway template, not the sidecar one (Google's "Installing and upgrading gateways": required
        # so the mesh injects a
        # gateway proxy).
        "inject.istio.io/templates": "gateway",
    }
    if restarted_at is not None:
        # A changed pod template is a rolling update: the new Pods are injected with the
        # managed control plane's current proxy (Google's "Installing and upgrading gateways", managed
        # in-place upgrade).
        annotations[RESTARTED_AT_ANNOTATION] = restarted_at
    # Injection is asked for on the pod too, as upstream Istio's gateway sample does.
    labels = gateway_pod_labels(gateway) | {"sidecar.istio.io/inject": "true"}
    if revision is not None:
        # The Pods choose their revision themselves (Google's "Installing and upgrading gateways":
        # "injection enabled on the
        # gateway Pods only"); their namespace then carries no injection label, since the
        # injector honours a Pod's `istio.io/rev` only in a namespace without one.
        labels[REVISION_LABEL] = revision
    if gateway.kind == "east-west" and network is not None:
        # gen-eastwest-gateway.sh: the gateway announces its network to istiod.
        labels[NETWORK_LABEL] = network
    container = _proxy_container(resources)
    if gateway.kind == "east-west" and network is not None:
        # gen-eastwest-gateway.sh: traffic through this gateway is routed inside its network.
        container["env"] = [{"name": "ISTIO_META_REQUESTED_NETWORK_VIEW", "value": network}]
    return {
        "metadata": {"annotations": annotations, "labels": labels},
        "spec": {
            "serviceAccountName": gateway.name,
            "securityContext": {
                # Lets the non-root proxy bind 80 and 443 (upstream Istio gateway sample and
                # chart; a safe sysctl since Kubernetes 1.22).
                "sysctls": [{"name": "net.ipv4.ip_unprivileged_port_start", "value": "0"}],
            },
            "containers": [container],
        },
    }


def _proxy_container(resources: Mapping[str, Mapping[str, str]]) -> Manifest:
    return {
        "name": "istio-proxy",
        # Replaced by the injection webhook with the control plane's proxy image, so the
        # gateway upgrades with the mesh on a rollout restart (Google's "Installing and upgrading
        # gateways"). If the namespace
        # label is wrong, "auto" stays and the pod cannot start (Google's "Installing and upgrading
        # gateways", troubleshooting).
        "image": "auto",
        # As upstream Istio's gateway chart: with the unprivileged-port sysctl the proxy
        # needs no capability, and the injected template mounts emptyDirs for the paths it
        # writes, so the root filesystem can be read-only.
        "securityContext": {
            "allowPrivilegeEscalation": False,
            "privileged": False,
            "capabilities": {"drop": ["ALL"]},
            "readOnlyRootFilesystem": True,
            "runAsNonRoot": True,
            "runAsUser": PROXY_UID,
            "runAsGroup": PROXY_UID,
        },
        "resources": {kind: dict(values) for kind, values in resources.items()},
    }


def _service(
    gateway: GatewaySpec, internal_lb_annotations: Mapping[str, str], network: str | None
) -> Manifest:
    kind = gateway.service
    metadata = _metadata(gateway, with_pod_labels=True)
    if gateway.kind == "east-west" and network is not None:
        # istiod finds a network's gateway by this label on its Service, not on its Pods
        # (pilot/pkg/serviceregistry/kube/controller/network.go, getGatewayDetails), and
        # reaches it on the Service's 15443 at its external address.
        metadata["labels"][NETWORK_LABEL] = network
    annotations: dict[str, str] = {}
    if gateway.kind == "east-west" and kind == "LoadBalancer":
        # Google's "Installing and upgrading gateways": an east-west gateway is exposed to the Internet by
        # default. Its peers are
        # the mesh's other networks, reached privately (VPC, peering, VPN): an internal load
        # balancer keeps 15443 off the Internet.
        annotations |= internal_lb_annotations
    if gateway.kind == "east-west" and network is not None and kind == "NodePort":
        # Without the annotation istiod never registers a NodePort Service as a network
        # gateway, and the network stays unreachable (network.go, updateServiceNodePortAddresses).
        annotations[NODE_SELECTOR_ANNOTATION] = json.dumps(gateway.node_selector or {}, sort_keys=True)
    if gateway.vip is not None:
        annotations[VIP_ANNOTATION] = gateway.vip
    if annotations:
        metadata["annotations"] = annotations
    spec: Manifest = {
        "type": kind,
        "selector": gateway_pod_labels(gateway),
        "ports": [_port(gateway, name, PORT_NUMBERS[name]) for name in GATEWAY_PORTS[gateway.kind]],
    }
    if gateway.load_balancer_ip is not None:
        # Google's "Installing Anthos Service Mesh on GKE on VMware": a cluster without a cloud load balancer
        # (e.g. MetalLB, F5) takes the
        # address it should announce from the Service.
        spec["loadBalancerIP"] = gateway.load_balancer_ip
    if gateway.load_balancer_source_ranges:
        spec["loadBalancerSourceRanges"] = list(gateway.load_balancer_source_ranges)
    return {"apiVersion": "v1", "kind": "Service", "metadata": metadata, "spec": spec}


def _port(gateway: GatewaySpec, name: GatewayPortName, number: int) -> Manifest:
    port: Manifest = {"name": name, "port": number}
    if number >= STATUS_PORT:
        # The proxy listens on 15021 and 15443 itself; as the sample, these ports are spelt out.
        port |= {"protocol": "TCP", "targetPort": number}
    # targetPort defaults to port: the proxy itself listens on 80 and 443.
    if name in gateway.node_ports:
        # Google's "Installing Anthos Service Mesh on GKE on VMware": a VIP configured by hand in front of the
        # nodes needs ports that never move.
        port["nodePort"] = gateway.node_ports[name]
    return port


def _cross_network_gateway(gateway: GatewaySpec) -> Manifest:
    # Upstream samples/multicluster/expose-services.yaml: every service of the mesh
    # (`*.local`) is reachable from the other networks, mTLS passed through by SNI; the
    # gateway terminates nothing.
    return {
        "apiVersion": "networking.istio.io/v1",
        "kind": "Gateway",
        "metadata": {
            "name": "cross-network-gateway",
            "namespace": gateway.namespace,
            "labels": dict(MANAGED_BY_LABELS),
        },
        "spec": {
            "selector": gateway_pod_labels(gateway),
            "servers": [
                {
                    "port": {"number": CROSS_NETWORK_PORT, "name": "tls", "protocol": "TLS"},
                    "tls": {"mode": "AUTO_PASSTHROUGH"},
                    "hosts": ["*.local"],
                }
            ],
        },
    }


def _hpa(gateway: GatewaySpec) -> Manifest:
    return {
        "apiVersion": "autoscaling/v2",
        "kind": "HorizontalPodAutoscaler",
        "metadata": _metadata(gateway),
        "spec": {
            "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": gateway.name},
            "minReplicas": gateway.replicas.min,
            "maxReplicas": gateway.replicas.max,
            "metrics": [
                {
                    "type": "Resource",
                    "resource": {
                        "name": "cpu",
                        "target": {"type": "Utilization", "averageUtilization": HPA_CPU_UTILIZATION},
                    },
                }
            ],
        },
    }


def _pdb(gateway: GatewaySpec) -> Manifest:
    # maxUnavailable 1, as the sample's pdb-v1.yaml: with the default 3 replicas a drain
    # keeps 2 serving (minAvailable 1 would let 2 go at once), and a 1-replica gateway can
    # still be drained instead of blocking node upgrades.
    return {
        "apiVersion": "policy/v1",
        "kind": "PodDisruptionBudget",
        "metadata": _metadata(gateway),
        "spec": {"maxUnavailable": 1, "selector": {"matchLabels": gateway_pod_labels(gateway)}},
    }
