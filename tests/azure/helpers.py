"""Type tokens and plans of the Azure components, shared by tests/azure and tests/stacks."""

from __future__ import annotations

import functools
from typing import Any

from components.engine import Plan
from tests.harness import platform_plan
from tests.spec.fixtures import aks_platform

AZURE_NETWORK = "meshfleet:index:AzureNetwork"
AKS_CLUSTER = "meshfleet:index:AksCluster"
RESOURCE_GROUP = "azure-native:resources:ResourceGroup"
VNET = "azure-native:network:VirtualNetwork"
LOCK = "azure-native:authorization:ManagementLockAtResourceGroupLevel"
IDENTITY = "azure-native:managedidentity:UserAssignedIdentity"
ROLE_ASSIGNMENT = "azure-native:authorization:RoleAssignment"
MANAGED_CLUSTER = "azure-native:containerservice:ManagedCluster"
SERVICE_PATCH = "kubernetes:core/v1:ServicePatch"


@functools.cache
def aks_plan() -> Plan:
    """MeshPlatform("mesh") of the one-cluster AKS fixture (cached, read-only)."""
    return platform_plan(aks_platform())


def aks_plan_with(**changes: Any) -> Plan:
    """The AKS fixture's plan with top-level spec `changes` (snake_case keys become camelCase)."""
    raw = aks_platform()
    raw.update(changes)
    return platform_plan(raw)


def cluster_inputs(plan: Plan) -> dict[str, Any]:
    return plan.find(MANAGED_CLUSTER, "mesh-osaka-1-cluster").inputs
