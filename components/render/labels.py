"""Labels every rendered Kubernetes object carries."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

MANAGED_BY_LABELS: Mapping[str, str] = MappingProxyType({"app.kubernetes.io/managed-by": "meshfleet"})
"""Marks every object meshfleet renders, so a reader of the cluster knows who owns it."""
