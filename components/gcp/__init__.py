"""Google Cloud: what `cloud: gcp` builds, from the project's APIs to the managed mesh.

`GkeFleet` is the builder `components.clouds` registers for GKE; the components it composes
(ProjectApis, GcpNetwork, PrivateGkeCluster, CloudServiceMesh, MultiClusterIngress) can be
used on their own.
"""

from .apis import ProjectApis, ProjectApisArgs
from .cluster import PrivateGkeCluster, PrivateGkeClusterArgs
from .fleet import GkeFleet
from .mci import MultiClusterIngress, MultiClusterIngressArgs
from .mesh import CloudServiceMesh, CloudServiceMeshArgs
from .network import GcpNetwork, GcpNetworkArgs

__all__ = [
    "CloudServiceMesh",
    "CloudServiceMeshArgs",
    "GcpNetwork",
    "GcpNetworkArgs",
    "GkeFleet",
    "MultiClusterIngress",
    "MultiClusterIngressArgs",
    "PrivateGkeCluster",
    "PrivateGkeClusterArgs",
    "ProjectApis",
    "ProjectApisArgs",
]
