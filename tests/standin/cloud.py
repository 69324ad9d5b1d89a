"""The stand-in cloud's spec model and builder: all a cloud of this shape needs to write."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, final

import pulumi

from components.mesh.cluster import MeshCluster
from components.mesh.istiod import InClusterControlPlane, InClusterControlPlaneArgs
from components.mesh.kubeconfig import kubeconfig_cluster
from components.spec.cluster import KubeconfigClusterSpec, KubeconfigSecret
from components.spec.models import PlatformSpec

CLOUD = "standin"


@final
class StandinClusterSpec(KubeconfigClusterSpec):
    """A stand-in cluster: `kubeconfig` and `network` come from `KubeconfigClusterSpec`, and
    with them every trait (in-cluster istiod, reached by a secret kubeconfig, a network of
    its own)."""

    cloud: Literal["standin"]
    """The stand-in cloud."""
    region: str = "ap-northeast-1"
    """A field of the stand-in's own, as a real cloud's model has some."""


class StandinClusters:
    """The builder: each stand-in cluster's provider and in-cluster istiod, children of `parent`."""

    def __init__(self, name: str, spec: PlatformSpec, parent: pulumi.Resource) -> None:
        istiod = spec.mesh.istiod
        if istiod is None:  # the spec's rules require it with an in-cluster control plane
            raise ValueError("platform.mesh.istiod: is required with stand-in clusters")
        child = pulumi.ResourceOptions(parent=parent)
        self._clusters: dict[str, MeshCluster] = {}
        for cluster in spec.clusters:
            if not isinstance(cluster, StandinClusterSpec):  # its own package picks its own
                continue
            reached = kubeconfig_cluster(
                f"{name}-{cluster.name}-k8s", cluster.name, KubeconfigSecret(cluster.kubeconfig_key), child
            )
            control_plane = InClusterControlPlane(
                f"{name}-{cluster.name}-istiod",
                InClusterControlPlaneArgs(
                    istiod=istiod,
                    cluster=cluster.name,
                    network=spec.mesh_network(cluster),
                    provider=reached.provider,
                ),
                opts=child,
            )
            self._clusters[cluster.name] = MeshCluster(
                name=cluster.name,
                provider=reached.provider,
                control_plane=control_plane.control_plane,
                cluster_name=cluster.name,
                kubeconfig=reached.kubeconfig,
            )

    @property
    def clusters(self) -> Mapping[str, MeshCluster]:
        return self._clusters

    @property
    def exports(self) -> Mapping[str, Any]:
        return {}
