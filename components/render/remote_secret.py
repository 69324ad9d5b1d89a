"""An Istio remote secret as `istioctl x create-remote-secret` writes it (pure function, no Pulumi).

A remote secret lets an in-cluster istiod read another cluster's API server and so discover
its endpoints (Google's "Set up a multi-cluster mesh on managed Cloud Service Mesh" did it by hand with
`--server=https://<private IP>`). It is not used
with the managed control plane: Cloud Service Mesh does not support Istio multi-cluster
secrets with TRAFFIC_DIRECTOR and asks for its declarative API instead (`asm_options.py`).
It is used with in-cluster control planes (`components.mesh.remote_secrets`).

The layout follows istio's `istioctl/pkg/multicluster/remote_secret.go`: a Secret
`istio-remote-secret-<cluster>` in `istio-system`, labelled `istio/multiCluster: "true"` (what
istiod's secret controller watches), annotated `networking.istio.io/cluster: <cluster>`, whose
one `stringData` key, the cluster's name, holds a kubeconfig with one cluster, one context and
one user of that name: the server, its CA and the bearer token of the remote cluster's reader
service account (`istio-reader-service-account`).

Pointing the server at the PRIVATE endpoint keeps the traffic inside the VPC, and works
whatever a private cluster's authorized networks are: istiod's Pods are not among them.
"""

from __future__ import annotations

from typing import Any

import yaml

from .mtls import ROOT_NAMESPACE

SECRET_PREFIX = "istio-remote-secret-"
MULTICLUSTER_LABEL = "istio/multiCluster"
CLUSTER_ANNOTATION = "networking.istio.io/cluster"


def remote_kubeconfig(cluster: str, server: str, ca_data: str, token: str) -> str:
    """The kubeconfig istioctl writes: `ca_data` is the base64 PEM CA, `token` a bearer token."""
    config = {
        "apiVersion": "v1",
        "clusters": [{"cluster": {"certificate-authority-data": ca_data, "server": server}, "name": cluster}],
        "contexts": [{"context": {"cluster": cluster, "user": cluster}, "name": cluster}],
        "current-context": cluster,
        "kind": "Config",
        "preferences": {},
        "users": [{"name": cluster, "user": {"token": token}}],
    }
    # Keys in istioctl's order (it writes through clientcmd, alphabetically), so a diff of
    # this against `istioctl x create-remote-secret` output shows only the values.
    return yaml.safe_dump(config, sort_keys=False, default_flow_style=False)


def remote_secret(cluster: str, private_endpoint: str, ca_data: str, token: str) -> dict[str, Any]:
    """The remote secret of `cluster`, whose API server istiod reaches at `private_endpoint`.

    Plain values only, so that a caller holding Pulumi secrets renders it inside an `apply`
    and the whole `stringData` stays secret.
    """
    return remote_secret_for_server(cluster, f"https://{private_endpoint}", ca_data, token)


def remote_secret_for_server(cluster: str, server: str, ca_data: str, token: str) -> dict[str, Any]:
    """The remote secret of `cluster`, whose API server istiod reaches at the URL `server`
    (an attached cluster's kubeconfig gives a whole URL, port included)."""
    return {
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": remote_secret_metadata(cluster),
        "stringData": {cluster: remote_kubeconfig(cluster, server, ca_data, token)},
    }


def remote_secret_metadata(cluster: str) -> dict[str, Any]:
    """The remote secret's metadata alone: what istiod's secret controller selects it by."""
    return {
        "name": f"{SECRET_PREFIX}{cluster}",
        "namespace": ROOT_NAMESPACE,
        "labels": {MULTICLUSTER_LABEL: "true"},
        "annotations": {CLUSTER_ANNOTATION: cluster},
    }


def kubeconfig_server(kubeconfig: str) -> str:
    """The API server URL of `kubeconfig`'s current context, as istioctl takes it by default.

    Raises ValueError naming what is missing (never the kubeconfig's content: it is a secret).
    """
    config = yaml.safe_load(kubeconfig)
    if not isinstance(config, dict):
        raise ValueError("the kubeconfig is not a YAML mapping")
    context_name = config.get("current-context")
    contexts = {c.get("name"): c.get("context") or {} for c in config.get("contexts") or []}
    if context_name not in contexts:
        raise ValueError("the kubeconfig has no current-context among its contexts")
    cluster_name = contexts[context_name].get("cluster")
    clusters = {c.get("name"): c.get("cluster") or {} for c in config.get("clusters") or []}
    server = clusters.get(cluster_name, {}).get("server")
    if not isinstance(server, str) or not server:
        raise ValueError("the kubeconfig's current context names no cluster with a server")
    return server
