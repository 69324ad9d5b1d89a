"""The platform spec: pydantic models, validation rules and pure planners. No Pulumi here."""

from .errors import SpecError
from .loader import parse_platform
from .models import (
    ClusterSpec,
    GatewaySpec,
    GcpNetworkSpec,
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
    "MeshSpec",
    "NodePoolSpec",
    "PlatformSpec",
    "RouteSpec",
    "SpecError",
    "SubnetSpec",
    "parse_platform",
]
