"""Multi Cluster Ingress in front of an Istio ingress gateway, as plain manifests (no Pulumi).

Google's "Setting up Multi Cluster Ingress" turns the gateway sample's Service into three objects applied
to the config
cluster only: a MultiClusterService (the Service's ports and selector under `template`, no
`type`), a BackendConfig whose health check probes the proxy's `/healthz/ready` on the status
port, and a MultiClusterIngress whose default backend is the MultiClusterService on port 80.
Without the BackendConfig, the load balancer probes the serving port (80), which answers 404
until a route exists, and marks every gateway Pod unhealthy.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from components.spec.models import GatewaySpec

from .gateway import HTTP_PORT, HTTPS_PORT, STATUS_PORT, Manifest, gateway_pod_labels
from .labels import MANAGED_BY_LABELS

HEALTH_CHECK_PATH = "/healthz/ready"
"""What the Istio proxy serves on its status port once it is ready (the sample's comment)."""

BACKEND_CONFIG_ANNOTATION = "cloud.google.com/backend-config"
"""Names the BackendConfig of a (MultiCluster)Service's ports: `{"default": <name>}` for all."""

# MultiClusterIngress annotations, "Annotations" of "Deploying Ingress across clusters":
# https://cloud.google.com/kubernetes-engine/docs/how-to/multi-cluster-ingress
# (static IP: "networking.gke.io/static-ip", an address reserved as a global static IP;
# pre-shared certificates: "networking.gke.io/pre-shared-certs", comma-separated names of
# compute SslCertificates, which HTTPS needs together with a static IP).
STATIC_IP_ANNOTATION = "networking.gke.io/static-ip"
PRE_SHARED_CERTS_ANNOTATION = "networking.gke.io/pre-shared-certs"


@dataclass(frozen=True)
class MciObjects:
    """The config cluster's objects of one Multi Cluster Ingress, each a full manifest."""

    backend_config: Manifest
    multi_cluster_service: Manifest
    multi_cluster_ingress: Manifest

    def manifests(self) -> list[Manifest]:
        """In apply order: the BackendConfig the MCS names, the MCS the MCI names, the MCI."""
        return [self.backend_config, self.multi_cluster_service, self.multi_cluster_ingress]


def backend_config_name(gateway: GatewaySpec) -> str:
    """`istio-ingressgateway` -> `istio-ingressgateway-backendconfig` (Google's "Set up a multi-cluster
    mesh on managed Cloud Service Mesh": ingress-backendconfig)."""
    return f"{gateway.name}-backendconfig"


def mci_objects(gateway: GatewaySpec, *, ingress_annotations: Mapping[str, Any] | None = None) -> MciObjects:
    """Render Multi Cluster Ingress for `gateway`, in the gateway's namespace.

    `ingress_annotations` go on the MultiClusterIngress (the static IP and certificates, whose
    values the caller may only know at deploy time).
    """
    return MciObjects(
        backend_config=_backend_config(gateway),
        multi_cluster_service=_multi_cluster_service(gateway),
        multi_cluster_ingress=_multi_cluster_ingress(gateway, ingress_annotations or {}),
    )


def _metadata(name: str, gateway: GatewaySpec, labels: Mapping[str, str] | None = None) -> Manifest:
    return {
        "name": name,
        "namespace": gateway.namespace,
        "labels": dict(MANAGED_BY_LABELS) | dict(labels or {}),
    }


def _backend_config(gateway: GatewaySpec) -> Manifest:
    return {
        "apiVersion": "cloud.google.com/v1",
        "kind": "BackendConfig",
        "metadata": _metadata(backend_config_name(gateway), gateway),
        "spec": {"healthCheck": {"type": "HTTP", "requestPath": HEALTH_CHECK_PATH, "port": STATUS_PORT}},
    }


def _multi_cluster_service(gateway: GatewaySpec) -> Manifest:
    metadata = _metadata(gateway.name, gateway, gateway_pod_labels(gateway))
    metadata["annotations"] = {
        BACKEND_CONFIG_ANNOTATION: json.dumps({"default": backend_config_name(gateway)})
    }
    return {
        "apiVersion": "networking.gke.io/v1",
        "kind": "MultiClusterService",
        "metadata": metadata,
        "spec": {
            # The gateway Service's selector and ports (render.gateway), without its type: the
            # derived Services MCI creates in each cluster are its own.
            "template": {
                "spec": {
                    "selector": gateway_pod_labels(gateway),
                    "ports": [
                        {
                            "name": "status-port",
                            "port": STATUS_PORT,
                            "protocol": "TCP",
                            "targetPort": STATUS_PORT,
                        },
                        {"name": "http2", "port": HTTP_PORT, "protocol": "TCP", "targetPort": HTTP_PORT},
                        {"name": "https", "port": HTTPS_PORT, "protocol": "TCP", "targetPort": HTTPS_PORT},
                    ],
                }
            }
        },
    }


def _multi_cluster_ingress(gateway: GatewaySpec, annotations: Mapping[str, Any]) -> Manifest:
    metadata = _metadata(gateway.name, gateway, gateway_pod_labels(gateway))
    if annotations:
        metadata["annotations"] = dict(annotations)
    return {
        "apiVersion": "networking.gke.io/v1beta1",
        "kind": "MultiClusterIngress",
        "metadata": metadata,
        "spec": {"template": {"spec": {"backend": {"serviceName": gateway.name, "servicePort": HTTP_PORT}}}},
    }
