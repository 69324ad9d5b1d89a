"""Least-privilege identity of GKE nodes (terraform-google-kubernetes-engine safer-cluster)."""

from __future__ import annotations

from .names import SERVICE_ACCOUNT_ID_LIMIT, fit

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
    """A stable account id (6-30 characters) for the nodes of the physical cluster `cluster`;
    a long name is cut and keeps a short hash to stay unique."""
    return fit(cluster, SERVICE_ACCOUNT_ID_LIMIT, suffix="-nodes")


def role_suffix(role: str) -> str:
    """Short, stable child-resource suffix for an IAM role: roles/logging.logWriter -> logging-logwriter."""
    return role.removeprefix("roles/").replace(".", "-").lower()
