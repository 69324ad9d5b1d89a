"""Clusters meshfleet does not create (`cloud: attached`): GKE on VMware (Google's "Installing
Anthos Service Mesh on GKE on VMware") or any conformant Kubernetes cluster. meshfleet reaches
them with a kubeconfig from secret stack config and installs the in-cluster control plane on
them; no cloud resource is created for them."""

from __future__ import annotations

from typing import Literal, final

from pydantic import Field

from .base import DnsLabel, SpecModel
from .cluster import KubeconfigClusterSpec


class AttachedNodesSpec(SpecModel):
    """What the cluster's owner declares about its nodes; the mesh's requirements (Google's
    "Installing Anthos Service Mesh on GKE on VMware") are checked on it."""

    count: int = Field(ge=1)
    """Number of worker nodes."""
    vcpus: int = Field(ge=1)
    """vCPUs per node."""
    memory_gb: int = Field(ge=1)
    """Memory per node, in GB."""


# final: pyright then refuses the model if it leaves out a trait of `ClusterModel`.
@final
class AttachedClusterSpec(KubeconfigClusterSpec):
    name: DnsLabel
    """Cluster name, unique in the platform; also its Istio cluster name."""
    cloud: Literal["attached"]
    """A cluster meshfleet does not create."""
    distribution: Literal["gke-on-vmware", "conformant"] = "conformant"
    """gke-on-vmware: GKE on VMware (Google's "Installing Anthos Service Mesh on GKE on VMware"),
    whose `gke-system` holds preinstalled components, which meshfleet leaves alone; conformant:
    any other conformant cluster."""
    nodes: AttachedNodesSpec
    """The cluster's worker nodes as its owner declares them (meshfleet cannot see them before
    `pulumi up`): at least 4 nodes of at least 4 vCPU and 15 GB each, the mesh's minimum."""
