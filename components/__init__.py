"""meshfleet: Pulumi components for multi-cluster service-mesh platforms."""
