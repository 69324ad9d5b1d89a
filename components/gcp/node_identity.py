"""Least-privilege identity of GKE nodes (terraform-google-kubernetes-engine safer-cluster)."""

from __future__ import annotations

import hashlib

# What a node needs to ship logs and metrics and pull images, and nothing more: the
# Compute Engine default account would give every Pod on the node project Editor.
NODE_ROLES = (
    "roles/logging.logWriter",
    "roles/monitoring.metricWriter",
    "roles/monitoring.viewer",
    "roles/stackdriver.resourceMetadata.writer",
    "roles/artifactregistry.reader",
)


def node_service_account_id(cluster: str) -> str:
    """A stable account id (6-30 chars) per cluster; long names keep a short hash to stay unique."""
    account = f"{cluster}-nodes"
    if len(account) <= 30:
        return account
    digest = hashlib.sha256(cluster.encode()).hexdigest()[:6]
    return f"{cluster[:17].rstrip('-')}-{digest}-nodes"


def role_suffix(role: str) -> str:
    """Short, stable child-resource suffix for an IAM role: roles/logging.logWriter -> logging-logwriter."""
    return role.removeprefix("roles/").replace(".", "-").lower()
