"""The cloud-neutral mesh layer: what a cluster gives it, and what it puts on every cluster.

`MeshCluster` and `ControlPlane` are how a cloud's package describes a cluster it built;
`IstioGateway` and `Route` are Kubernetes-side components that take the cluster's provider
and nothing of its cloud.
"""

from .cluster import ControlPlane, MeshCluster
from .gateway import IstioGateway, IstioGatewayArgs
from .route import Route, RouteArgs

__all__ = ["ControlPlane", "IstioGateway", "IstioGatewayArgs", "MeshCluster", "Route", "RouteArgs"]
