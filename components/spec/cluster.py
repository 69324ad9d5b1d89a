"""What every cluster model says about itself: the traits code outside its cloud asks for.

Each cloud's cluster spec model derives from `ClusterModel` and implements every trait, so
that nothing cloud-neutral (the platform spec, the generic rules, the CLI, the mesh layer)
asks which cloud a cluster is on, and no cloud falls into another's default: a model that
leaves a trait out cannot be instantiated, and pyright flags it where the model is listed in
the cluster union (`models.ClusterSpec`, `models.register_cluster_model`).
"""

from __future__ import annotations

from abc import abstractmethod
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from .base import DnsLabel, SpecModel
from .formats import ConfigKey

if TYPE_CHECKING:
    from .models import PlatformSpec

ControlPlaneKind = Literal["managed", "in-cluster", "aks-addon"]
"""The control plane of one cluster (`PlatformSpec.control_plane`)."""

CONFIG_NAMESPACE = "meshfleet"
"""The stack config namespace of every key meshfleet reads."""


@dataclass(frozen=True)
class Created:
    """The cluster is a resource meshfleet creates; its provider comes from that resource."""


@dataclass(frozen=True)
class KubeconfigSecret:
    """The cluster exists already: meshfleet reaches it with a kubeconfig from secret stack config."""

    key: str
    """The key in the `meshfleet` config namespace, e.g. onprem-1-kubeconfig."""

    @property
    def full_key(self) -> str:
        """The key as `pulumi config set --secret` takes it, e.g. meshfleet:onprem-1-kubeconfig."""
        return f"{CONFIG_NAMESPACE}:{self.key}"


Reach = Created | KubeconfigSecret
"""How meshfleet reaches a cluster's API server."""


class ClusterModel(SpecModel):
    """Base of every cluster spec model (one per `cloud`). Traits are methods, not fields: they
    say what a cloud's cluster is, which the spec's author does not choose."""

    @abstractmethod
    def control_plane(self, platform: PlatformSpec) -> ControlPlaneKind:
        """The control plane this cluster runs, given the platform's `mesh` section."""

    @abstractmethod
    def reach(self) -> Reach:
        """How meshfleet reaches the cluster: created by it, or by a kubeconfig from secret config."""

    @abstractmethod
    def default_network(self, platform: PlatformSpec) -> str:
        """The cluster's Istio network when its spec sets none (`PlatformSpec.mesh_network`)."""

    @abstractmethod
    def revisions(self, platform: PlatformSpec) -> tuple[str, ...]:
        """The control-plane revisions the cluster runs, which gateway Pods may name."""

    @property
    @abstractmethod
    def internal_load_balancer(self) -> bool:
        """Whether meshfleet knows how to make a LoadBalancer Service internal on this cluster
        (an annotation of its cloud). Without one an east-west LoadBalancer must list its
        source ranges, or it is open to the Internet."""


class KubeconfigClusterSpec(ClusterModel):
    """A cluster meshfleet does not create, reached with a kubeconfig from secret stack config,
    running the in-cluster istiod (`mesh.istiod`). Attached clusters, and any cloud of that shape,
    derive their model from this one and add their own fields."""

    name: DnsLabel
    """Cluster name, unique in the platform; also its Istio cluster name."""
    kubeconfig: ConfigKey | None = None
    """Key, in the `meshfleet` config namespace, of the secret holding the cluster's kubeconfig
    (`pulumi config set --secret meshfleet:<key> ...`). Default: `<name>-kubeconfig`."""
    network: DnsLabel | None = None
    """The cluster's Istio network (`topology.istio.io/network`). Default: the cluster name."""

    @property
    def kubeconfig_key(self) -> str:
        """The config key of the kubeconfig secret."""
        return self.kubeconfig or f"{self.name}-kubeconfig"

    def control_plane(self, platform: PlatformSpec) -> ControlPlaneKind:
        return "in-cluster"

    def reach(self) -> Reach:
        return KubeconfigSecret(self.kubeconfig_key)

    def default_network(self, platform: PlatformSpec) -> str:
        # A cluster meshfleet does not create shares no network it knows: a network of its own.
        return self.name

    def revisions(self, platform: PlatformSpec) -> tuple[str, ...]:
        istiod = platform.mesh.istiod
        return tuple(r.name for r in istiod.revisions) if istiod is not None else ()

    @property
    def internal_load_balancer(self) -> bool:
        # Its load balancer (MetalLB, F5...) has no annotation meshfleet knows.
        return False
