"""Google Cloud components: network, private GKE cluster, Cloud Service Mesh."""

from .cluster import PrivateGkeCluster, PrivateGkeClusterArgs
from .mesh import CloudServiceMesh, CloudServiceMeshArgs
from .network import GcpNetwork, GcpNetworkArgs

__all__ = [
    "CloudServiceMesh",
    "CloudServiceMeshArgs",
    "GcpNetwork",
    "GcpNetworkArgs",
    "PrivateGkeCluster",
    "PrivateGkeClusterArgs",
]
