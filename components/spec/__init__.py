"""The platform spec: pydantic models, loading, one-line errors and cross-field rules. Pure data:
nothing here imports Pulumi, and what the spec becomes is rendered in `components.render`."""

from .errors import SpecError
from .loader import parse_platform, validate_platform
from .models import (
    ClusterSpec,
    GatewaySpec,
    GcpNetworkSpec,
    GkeClusterSpec,
    MeshSpec,
    NodePoolSpec,
    PlatformSpec,
    RouteSpec,
    SubnetSpec,
)
from .rules.single import check_aks_cluster, check_gateway, check_gke_cluster, check_route

__all__ = [
    "ClusterSpec",
    "GatewaySpec",
    "GcpNetworkSpec",
    "GkeClusterSpec",
    "MeshSpec",
    "NodePoolSpec",
    "PlatformSpec",
    "RouteSpec",
    "SpecError",
    "SubnetSpec",
    "check_aks_cluster",
    "check_gateway",
    "check_gke_cluster",
    "check_route",
    "parse_platform",
    "validate_platform",
]
