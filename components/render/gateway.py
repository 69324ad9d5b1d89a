"""An Istio ingress gateway as plain Kubernetes manifests (pure functions, no Pulumi).

The objects follow the ASM / Cloud Service Mesh sample `samples/gateways/istio-ingressgateway`
that seeds 000, 003 and 004 deploy with `kubectl apply`: a ServiceAccount, a Role and
RoleBinding for TLS secrets, a Deployment whose proxy is injected, a Service, a
HorizontalPodAutoscaler and a PodDisruptionBudget, in a namespace of their own that is
labelled for injection. Each manifest is a camelCase dict, exactly what `kubectl apply`
takes; the Pulumi component passes its metadata and spec to typed pulumi_kubernetes
resources.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from components.spec.models import GatewaySpec

from .addon import addon_gateway_selector
from .injection import injected_namespace
from .labels import MANAGED_BY_LABELS

Manifest = dict[str, Any]
"""A Kubernetes object as `kubectl apply` takes it: apiVersion, kind, metadata, spec."""


# Ports of the gateway Service, as in the sample's service.yaml that seed 004 shows.
STATUS_PORT = 15021
HTTP_PORT = 80
HTTPS_PORT = 443

# The sample's autoscaling-v2.yaml scales on CPU at 80% of the request.
HPA_CPU_UTILIZATION = 80

# Istio's proxy user and group (the injector's ProxyUID/ProxyGID default), as upstream's
# gateway chart sets them.
PROXY_UID = 1337


@dataclass(frozen=True)
class GatewayObjects:
    """Every object of one ingress gateway, each a full manifest."""

    namespace: Manifest
    service_account: Manifest
    role: Manifest
    role_binding: Manifest
    deployment: Manifest
    service: Manifest
    hpa: Manifest
    pdb: Manifest

    def manifests(self) -> list[Manifest]:
        """All objects in apply order: the namespace first, then what runs in it."""
        return [
            self.namespace,
            self.service_account,
            self.role,
            self.role_binding,
            self.deployment,
            self.service,
            self.hpa,
            self.pdb,
        ]


def gateway_pod_labels(gateway: GatewaySpec) -> dict[str, str]:
    """The labels of the gateway's pods: the one source of every selector that finds them.

    `istio-ingressgateway` gives `{"app": "istio-ingressgateway", "istio": "ingressgateway"}`,
    the labels of the sample's pods. Istio Gateway resources select the gateway by these
    labels (seed 004: `selector: {istio: ingressgateway}`; seed 000: the selector must match
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


def gateway_objects(gateway: GatewaySpec, injection_labels: Mapping[str, str]) -> GatewayObjects:
    """Render the ingress gateway `gateway` for a cluster whose control plane injects
    namespaces labelled `injection_labels` (`MeshCluster.control_plane.injection_labels`)."""
    return GatewayObjects(
        namespace=_namespace(gateway, injection_labels),
        service_account=_service_account(gateway),
        role=_role(gateway),
        role_binding=_role_binding(gateway),
        deployment=_deployment(gateway),
        service=_service(gateway),
        hpa=_hpa(gateway),
        pdb=_pdb(gateway),
    )


def _metadata(gateway: GatewaySpec, *, with_pod_labels: bool = False) -> Manifest:
    labels = dict(MANAGED_BY_LABELS)
    if with_pod_labels:
        labels |= gateway_pod_labels(gateway)
    return {"name": gateway.name, "namespace": gateway.namespace, "labels": labels}


def _namespace(gateway: GatewaySpec, injection_labels: Mapping[str, str]) -> Manifest:
    # The gateway lives apart from the control plane (seeds 000/003 best practice), and its
    # namespace carries the injection label: without it `image: auto` is never replaced.
    return injected_namespace(gateway.namespace, injection_labels)


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


def _deployment(gateway: GatewaySpec) -> Manifest:
    # No `replicas`: the HorizontalPodAutoscaler owns the replica count. A replicas field
    # here would reset the HPA's choice on every apply (and every `pulumi up`), then the HPA
    # would scale back, and so on.
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": _metadata(gateway, with_pod_labels=True),
        "spec": {
            "selector": {"matchLabels": gateway_pod_labels(gateway)},
            "template": {
                "metadata": {
                    # The gateway template, not the sidecar one (seed 000: required so the
                    # mesh injects a gateway proxy).
                    "annotations": {"inject.istio.io/templates": "gateway"},
                    # Injection is asked for on the pod too, as upstream Istio's gateway
                    # sample does; the namespace label still chooses the revision.
                    "labels": gateway_pod_labels(gateway) | {"sidecar.istio.io/inject": "true"},
                },
                "spec": {
                    "serviceAccountName": gateway.name,
                    "securityContext": {
                        # Lets the non-root proxy bind 80 and 443 (upstream Istio gateway
                        # sample and chart; a safe sysctl since Kubernetes 1.22).
                        "sysctls": [{"name": "net.ipv4.ip_unprivileged_port_start", "value": "0"}],
                    },
                    "containers": [_proxy_container()],
                },
            },
        },
    }


def _proxy_container() -> Manifest:
    return {
        "name": "istio-proxy",
        # Replaced by the injection webhook with the control plane's proxy image, so the
        # gateway upgrades with the mesh on a rollout restart (seed 000). If the namespace
        # label is wrong, "auto" stays and the pod cannot start (seed 000, troubleshooting).
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
        # The sample's deployment.yaml: small at rest, room for bursts.
        "resources": {
            "requests": {"cpu": "100m", "memory": "128Mi"},
            "limits": {"cpu": "2000m", "memory": "1024Mi"},
        },
    }


def _service(gateway: GatewaySpec) -> Manifest:
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": _metadata(gateway, with_pod_labels=True),
        "spec": {
            "type": gateway.service_type,
            "selector": gateway_pod_labels(gateway),
            "ports": [
                # /healthz/ready on the status port is what load balancer health checks
                # probe (seed 004's BackendConfig for Multi Cluster Ingress).
                {"name": "status-port", "port": STATUS_PORT, "protocol": "TCP", "targetPort": STATUS_PORT},
                # Every port a Gateway server uses must be exposed here (sample comment).
                # targetPort defaults to port: the proxy itself listens on 80 and 443.
                {"name": "http2", "port": HTTP_PORT},
                {"name": "https", "port": HTTPS_PORT},
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
