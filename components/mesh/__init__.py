"""Kubernetes-side mesh components: gateways and routes. Each takes its cluster's provider."""

from .gateway import IstioGateway, IstioGatewayArgs
from .route import Route, RouteArgs

__all__ = ["IstioGateway", "IstioGatewayArgs", "Route", "RouteArgs"]
