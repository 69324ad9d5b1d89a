"""Clusters meshfleet does not create (`cloud: attached`): GKE on VMware (seed 001) or any
conformant Kubernetes cluster. meshfleet reaches them with a kubeconfig from secret stack config
and installs the in-cluster control plane on them; no cloud resource is created for them."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from .base import DnsLabel, SpecModel
from .errors import quoted

CONFIG_KEY = re.compile(r"[A-Za-z][-A-Za-z0-9_.]{0,99}")


def _config_key(value: str) -> str:
    if not CONFIG_KEY.fullmatch(value):
        raise ValueError(
            f"{quoted(value)} must be a config key: a letter, then up to 99 letters, digits, '-', '_' or '.'"
        )
    return value


ConfigKey = Annotated[str, AfterValidator(_config_key)]


class AttachedNodesSpec(SpecModel):
    """What the cluster's owner declares about its nodes; seed 001's requirements are checked on it."""

    count: int = Field(ge=1)
    """Number of worker nodes."""
    vcpus: int = Field(ge=1)
    """vCPUs per node."""
    memory_gb: int = Field(ge=1)
    """Memory per node, in GB."""


class AttachedClusterSpec(SpecModel):
    name: DnsLabel
    """Cluster name, unique in the platform; also its Istio cluster name."""
    cloud: Literal["attached"]
    """A cluster meshfleet does not create."""
    distribution: Literal["gke-on-vmware", "conformant"] = "conformant"
    """gke-on-vmware: GKE on VMware (seed 001), whose `gke-system` holds preinstalled components."""
    kubeconfig: ConfigKey | None = None
    """Key, in the `meshfleet` config namespace, of the secret holding the cluster's kubeconfig
    (`pulumi config set --secret meshfleet:<key> ...`). Default: `<name>-kubeconfig`."""
    nodes: AttachedNodesSpec
    network: DnsLabel | None = None
    """The cluster's Istio network (`topology.istio.io/network`). Default: the cluster name."""

    @property
    def kubeconfig_key(self) -> str:
        """The config key of the kubeconfig secret."""
        return self.kubeconfig or f"{self.name}-kubeconfig"
