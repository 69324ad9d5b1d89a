"""Physical names of Azure resources: the stack's prefix first, as on GCP (components/gcp/names.py).

The resource group and the AKS cluster carry the platform's prefix (the environment by
default), so two stacks in one subscription never collide. The spec refuses names over Azure's
limits (`components/spec/rules/azure.py`) rather than cut them: they are the names people type.
Names that live inside the resource group (VNet, subnets, identities) need no prefix, and
node pool names are fixed: AKS allows at most 12 lowercase alphanumerics there.
"""

from __future__ import annotations

NODE_SUBNET = "nodes"
"""Subnet of the AKS nodes, in the VNet."""
INTERNAL_LB_SUBNET = "internal-lb"
"""Subnet of internal load balancers (the add-on's internal gateway), in the VNet."""

SYSTEM_POOL = "system"
USER_POOL = "user"
"""Node pool names: at most 12 lowercase letters and digits (AKS), unique in their cluster."""


def prefixed(prefix: str | None, name: str) -> str:
    """`prefix-name`, or `name` alone when there is no prefix (a component used on its own)."""
    return f"{prefix}-{name}" if prefix else name
