"""The platform spec: pydantic models, loading, one-line errors and cross-field rules. Pure data:
nothing here imports Pulumi, and what the spec becomes is rendered in `components.render`."""

from .errors import SpecError
from .loader import parse_platform
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
    "parse_platform",
]
