"""meshguard: CrossGuard policies for gateway namespace separation and mesh guardrails.

The policies check resources by type token and properties, so they work on any Pulumi
program, whether or not it uses meshfleet's components; nothing here imports ``components``.
``policy/__main__.py`` builds the PolicyPack from ``PACK_NAME``, ``POLICIES`` and
``INITIAL_CONFIG``. Each policy sets its own default enforcement level; a config file changes
them for all policies (``{"all": "mandatory"}``) or one (``{"private-gke": "advisory"}``) and
sets a policy's properties (``{"gateway-namespace-separation": {"extraReservedNamespaces": [...]}}``).
"""

from __future__ import annotations

from typing import Any

from pulumi_policy import Policy

from . import aks, capacity, exposure, gateways, gke, mci, multicluster, protect, routing, tls

PACK_NAME = "meshguard"

DESCRIPTION = (
    "Gateway namespace separation and service-mesh guardrails for GKE, AKS and Istio resources, "
    "for any Pulumi program."
)

POLICIES: list[Policy] = [
    *gateways.POLICIES,
    *tls.POLICIES,
    *routing.POLICIES,
    *gke.POLICIES,
    *aks.POLICIES,
    *capacity.POLICIES,
    *exposure.POLICIES,
    *mci.POLICIES,
    *protect.POLICIES,
    *multicluster.POLICIES,
]

INITIAL_CONFIG: dict[str, Any] = {}
"""Programmatic config applied before a user's config file (empty: the policies' own defaults hold).
A team vendoring the pack can set levels here, e.g. ``{"protect-stateful": EnforcementLevel.MANDATORY}``."""

__all__ = ["DESCRIPTION", "INITIAL_CONFIG", "PACK_NAME", "POLICIES"]
