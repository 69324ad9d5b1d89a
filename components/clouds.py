"""The clouds a platform can build clusters on: one registration per cloud package.

`MeshPlatform` looks up the builder of each `cloud` its spec's clusters name and composes what
they return; it never imports a cloud SDK itself. Each package is imported only when a spec
uses its cloud, so a GKE-only stack never pays for loading the Azure SDK.

Adding a cloud (or a kind of cluster meshfleet does not create) is a package with a builder
that satisfies `CloudBuilder`, a cluster spec model deriving from `spec.cluster.ClusterModel`,
and one `register(cloud, model, builder)` call (or, for a cloud in `components/`, its entries
in `spec.models.ClusterSpec` and `BUILDERS`; see components/REFERENCE.md, Architecture).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol, runtime_checkable

import pulumi

from components.mesh.cluster import MeshCluster, MeshObjects
from components.mesh.layers import LayerScope
from components.spec.cluster import ClusterModel
from components.spec.models import PlatformSpec, register_cluster_model


class CloudClusters(Protocol):
    """What one cloud's package built for a platform: its clusters, each ready for the mesh.

    The builder owns everything cloud-specific: networks, clusters, the control plane, and the
    network rules that let the Pods of its mesh clusters reach each other.
    """

    @property
    def clusters(self) -> Mapping[str, MeshCluster]:
        """The clusters it built, by spec name, in spec order."""
        ...

    @property
    def exports(self) -> Mapping[str, Any]:
        """Stack outputs this cloud adds (ids people wire onward), by output name."""
        ...


@runtime_checkable
class AfterMesh(Protocol):
    """Optional second phase of a cloud's `CloudClusters`: objects that need the mesh layer's.

    The platform creates namespaces and gateways after every builder has run, so a cloud's
    objects that live in those namespaces (GKE's Multi Cluster Ingress objects on its config
    cluster) cannot exist in the first phase. A `CloudClusters` that also has `after_mesh` is
    called once, after the mesh objects of every cluster exist; others are left alone.
    """

    def after_mesh(self, mesh: MeshObjects) -> None: ...


class CloudBuilder(Protocol):
    """Builds the clusters of one cloud as children of `parent`, named `f"{name}-..."`.

    `spec` is the whole validated platform; the builder takes the clusters whose `cloud` is
    its own and leaves the others alone.
    """

    def __call__(self, name: str, spec: PlatformSpec, parent: pulumi.Resource) -> CloudClusters: ...


class LayeredBuilder(Protocol):
    """A `CloudBuilder` that can also build one layer of a spec (`components.spec.layers`):
    only that layer's resources, under the names and parents the whole stack gives them, with
    what the layers below built read through `scope`."""

    def __call__(
        self, name: str, spec: PlatformSpec, parent: pulumi.Resource, scope: LayerScope | None = None
    ) -> CloudClusters: ...


def _gcp() -> CloudBuilder:
    from components.gcp.fleet import GkeFleet

    return GkeFleet


def _attached() -> CloudBuilder:
    from components.attached import AttachedClusters

    return AttachedClusters


def _azure() -> CloudBuilder:
    from components.azure.fleet import AksFleet

    return AksFleet


BUILDERS: dict[str, Callable[[], CloudBuilder]] = {"gcp": _gcp, "azure": _azure, "attached": _attached}
"""Cloud -> a function that imports its package and returns its builder. Builders run in this
order, so resources register (and plans list them) in a stable order."""


def builder(cloud: str) -> CloudBuilder:
    """The builder of `cloud`'s clusters."""
    return BUILDERS[cloud]()


def register(cloud: str, model: type[ClusterModel], load: Callable[[], CloudBuilder]) -> None:
    """Add a cloud: clusters with `cloud: <cloud>` are parsed as `model` and built by the builder
    `load` returns (after the clouds registered before it)."""
    register_cluster_model(cloud, model)
    BUILDERS[cloud] = load


def layered_builder(cloud: str) -> LayeredBuilder:
    """The builder of `cloud`'s clusters in layered stacks (GKE so far: `spec.layers.check_layered`)."""
    if cloud != "gcp":
        raise ValueError(f"{cloud} clusters cannot be built in layers yet")
    from components.gcp.fleet import GkeFleet

    return GkeFleet
