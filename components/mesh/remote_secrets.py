"""Istio remote secrets between the in-cluster control planes of one mesh.

Each istiod discovers the endpoints of the other clusters by reading their API servers, with
the credentials of a remote secret in its own istio-system (`components.render.remote_secret`,
the Secret `istioctl create-remote-secret` writes). The credentials are real ones, never
invented: on each cluster the reader account's token Secret (`InClusterControlPlane.
reader_token`), whose `token` and `ca.crt` the cluster fills in and pulumi-kubernetes reads
back. Until then (and in every offline preview) they are unknown; they stay Pulumi secrets all
the way, so neither a plan nor a manifest ever holds them in clear.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence
from typing import Any

import pulumi
import pulumi_kubernetes as kubernetes

from components.render.remote_secret import remote_secret_for_server, remote_secret_metadata
from components.spec.models import PlatformSpec

from .cluster import MeshCluster, RemoteAccess


def exchanges_remote_secrets(spec: PlatformSpec) -> bool:
    """Whether the in-cluster control planes of `spec` read each other's clusters: one mesh
    (`PlatformSpec.multi_cluster`) with two of them or more. Managed control planes discover
    endpoints their own way (GKE: `asm-options`) and take no part."""
    in_cluster = [c for c in spec.clusters if spec.control_plane(c) == "in-cluster"]
    return spec.multi_cluster and len(in_cluster) >= 2


def kubeconfig_from_token_secret(cluster: str, server: str, data: Mapping[str, str] | None) -> str:
    """The remote kubeconfig of `cluster` from its reader token Secret's `data` (base64 values)."""
    data = data or {}
    if "token" not in data or "ca.crt" not in data:
        raise ValueError(f"the reader token Secret of {cluster} has no token or ca.crt yet")
    # `data` is base64, as the API serves it: the CA stays so (kubeconfig's
    # certificate-authority-data is base64 PEM), the token is the bearer token itself.
    token = base64.b64decode(data["token"]).decode()
    body = remote_secret_for_server(cluster, server, data["ca.crt"], token)
    return body["stringData"][cluster]


def _secret_kubeconfig(cluster: str, access: RemoteAccess) -> pulumi.Output[str]:
    parts: pulumi.Output[list[Any]] = pulumi.Output.all(access.server, access.reader_token.data)
    return pulumi.Output.secret(parts.apply(lambda p: kubeconfig_from_token_secret(cluster, p[0], p[1])))


def remote_secrets(
    name: str, clusters: Sequence[MeshCluster], *, parent: pulumi.Resource
) -> dict[tuple[str, str], kubernetes.core.v1.Secret]:
    """On each cluster, the remote secret of every other cluster that has `remote_access`.

    Named `<name>-<cluster>/remote-secret/<other>` (spec names joined by `/`, which no DNS
    label holds, so two pairs never share a name); keyed (cluster, other). Each goes into its
    cluster's istio-system once its control plane is ready (the namespace exists, and istiod
    picks it up as it comes).
    """
    secrets: dict[tuple[str, str], kubernetes.core.v1.Secret] = {}
    for target in clusters:
        for source in clusters:
            access = source.remote_access
            if source is target or access is None or target.remote_access is None:
                continue
            secrets[(target.name, source.name)] = kubernetes.core.v1.Secret(
                f"{name}-{target.name}/remote-secret/{source.name}",
                metadata=kubernetes.meta.v1.ObjectMetaArgs(**remote_secret_metadata(source.name)),
                # pulumi-kubernetes makes all of a Secret's stringData secret; the value is made
                # one here already, so that nothing derived from it is ever in clear.
                string_data={source.name: _secret_kubeconfig(source.name, access)},
                opts=pulumi.ResourceOptions(
                    parent=parent,
                    provider=target.provider,
                    depends_on=[*target.control_plane.ready, access.reader_token],
                ),
            )
    return secrets
