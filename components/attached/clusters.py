"""AttachedClusters: on-prem or other existing clusters (Google's "Installing Anthos Service Mesh on GKE
on-prem": GKE on VMware), reached by kubeconfig.

meshfleet neither creates nor changes these clusters themselves: no cloud resource, and
nothing in their preinstalled system namespaces (`kube-system`, and `gke-system` on GKE on
VMware; the spec keeps gateways and routes out of them). On each it installs the in-cluster
control plane (`InClusterControlPlane`) in istio-system, and hands the cluster to the mesh
layer like any other.

The kubeconfig is a Pulumi secret from stack config (`pulumi config set --secret
meshfleet:<cluster>-kubeconfig < kubeconfig.yaml`): it reaches the Kubernetes provider, the
`kubeconfigs` stack output and the remote secrets only as a secret, and an offline preview,
which cannot decrypt it, sees an unknown secret and needs no real one.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pulumi
import pulumi_kubernetes as kubernetes

from components.mesh.cluster import MeshCluster, RemoteAccess
from components.mesh.istiod import InClusterControlPlane, InClusterControlPlaneArgs
from components.mesh.kubeconfig import kubeconfig_cluster
from components.mesh.remote_secrets import exchanges_remote_secrets
from components.render.remote_secret import kubeconfig_server
from components.spec.attached import AttachedClusterSpec
from components.spec.cluster import KubeconfigSecret
from components.spec.models import PlatformSpec


class AttachedClusters:
    """The attached clusters of `spec`, each with its in-cluster istiod.

    A builder, as `components.clouds` expects: its resources are children of `parent`.
    Attributes: `providers` and `control_planes` by cluster name, and `clusters`, the
    `MeshCluster` of each for the mesh layer.
    """

    def __init__(self, name: str, spec: PlatformSpec, parent: pulumi.Resource) -> None:
        istiod = spec.mesh.istiod
        if istiod is None:  # the spec's rules require it with attached clusters
            raise ValueError("platform.mesh.istiod: is required with attached clusters")
        child = pulumi.ResourceOptions(parent=parent)
        remote = exchanges_remote_secrets(spec)
        self.providers: dict[str, kubernetes.Provider] = {}
        self.control_planes: dict[str, InClusterControlPlane] = {}
        self._clusters: dict[str, MeshCluster] = {}
        for cluster in spec.clusters:
            if not isinstance(cluster, AttachedClusterSpec):
                continue
            reached = kubeconfig_cluster(
                f"{name}-{cluster.name}-k8s", cluster.name, KubeconfigSecret(cluster.kubeconfig_key), child
            )
            provider, kubeconfig = reached.provider, reached.kubeconfig
            control_plane = InClusterControlPlane(
                f"{name}-{cluster.name}-istiod",
                InClusterControlPlaneArgs(
                    istiod=istiod,
                    cluster=cluster.name,
                    network=spec.mesh_network(cluster),
                    provider=provider,
                    remote_reader=remote,
                    trust_root=spec.mesh.trust_root,
                    outbound_traffic_policy=spec.outbound_traffic_policy,
                ),
                opts=child,
            )
            token = control_plane.reader_token
            self.providers[cluster.name] = provider
            self.control_planes[cluster.name] = control_plane
            self._clusters[cluster.name] = MeshCluster(
                name=cluster.name,
                provider=provider,
                control_plane=control_plane.control_plane,
                cluster_name=cluster.name,
                kubeconfig=kubeconfig,
                remote_access=(
                    # istioctl's default: the server of the kubeconfig meshfleet itself uses.
                    RemoteAccess(server=kubeconfig.apply(kubeconfig_server), reader_token=token)
                    if token is not None
                    else None
                ),
            )

    @property
    def clusters(self) -> Mapping[str, MeshCluster]:
        return self._clusters

    @property
    def exports(self) -> Mapping[str, Any]:
        return {}
