"""Mesh nodes big enough for the mesh (seed 004 prerequisites: at least 4 vCPU per node)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pulumi_policy import (
    EnforcementLevel,
    PolicyConfigSchema,
    PolicyResource,
    ReportViolation,
    StackValidationArgs,
    StackValidationPolicy,
)

from .kinds import AKS_AGENT_POOL, AKS_CLUSTER, GKE_CLUSTER, GKE_NODE_POOL, azure_native, is_mesh_resource
from .machines import GKE_DEFAULT_MACHINE_TYPE, azure_vcpus, gce_vcpus
from .values import elements, get, text

DEFAULT_MIN_VCPUS = 4


def _pools(resource: PolicyResource) -> list[tuple[str, str | None, Callable[[str], float | None]]]:
    """(pool description, machine type or None, vCPU parser) of each node pool a resource declares."""
    props, token = resource.props, azure_native(resource.resource_type)
    if token == GKE_NODE_POOL:
        name = text(get(props, "name")) or resource.name
        return [(f"GKE node pool {name}", _gke_machine(get(props, "nodeConfig")), gce_vcpus)]
    if token == GKE_CLUSTER:
        if get(props, "enableAutopilot") is True:
            return []  # Autopilot sizes its nodes itself
        cluster = text(get(props, "name")) or resource.name
        inline = elements(props, "nodePools") or []
        if inline:
            return [
                (
                    f"GKE node pool {text(get(p, 'name')) or i} of cluster {cluster}",
                    _gke_machine(get(p, "nodeConfig")),
                    gce_vcpus,
                )
                for i, p in enumerate(inline)
            ]
        if get(props, "removeDefaultNodePool") is True:
            return []
        return [
            (f"default node pool of GKE cluster {cluster}", _gke_machine(get(props, "nodeConfig")), gce_vcpus)
        ]
    if token == AKS_CLUSTER:
        cluster = text(get(props, "resourceName")) or resource.name
        return [
            (
                f"agent pool {text(get(p, 'name')) or i} of AKS cluster {cluster}",
                text(get(p, "vmSize")),
                azure_vcpus,
            )
            for i, p in enumerate(elements(props, "agentPoolProfiles") or [])
        ]
    if token == AKS_AGENT_POOL:
        name = text(get(props, "agentPoolName")) or resource.name
        return [(f"AKS agent pool {name}", text(get(props, "vmSize")), azure_vcpus)]
    return []


def _gke_machine(node_config: Any) -> str | None:
    machine = get(node_config, "machineType")
    return text(machine) if machine is not None else GKE_DEFAULT_MACHINE_TYPE


def _validate_capacity(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    if not any(is_mesh_resource(r.resource_type, r.props) for r in args.resources):
        return  # no mesh in this program
    minimum = get(args.get_config(), "minVcpus", default=DEFAULT_MIN_VCPUS)
    if not isinstance(minimum, int | float):
        minimum = DEFAULT_MIN_VCPUS
    for resource in args.resources:
        for pool, machine, vcpus_of in _pools(resource):
            vcpus = vcpus_of(machine) if machine else None
            if vcpus is not None and vcpus < minimum:
                report_violation(
                    f"{pool} uses {machine} ({vcpus:g} vCPU); mesh nodes need at least {minimum:g} vCPU "
                    "for the proxies and the workloads they sit beside.",
                    resource.urn,
                )


mesh_node_capacity = StackValidationPolicy(
    name="mesh-node-capacity",
    description="Node pools of mesh clusters use machine types with at least 4 vCPU.",
    validate=_validate_capacity,
    enforcement_level=EnforcementLevel.ADVISORY,
    config_schema=PolicyConfigSchema(
        properties={
            "minVcpus": {
                "type": "number",
                "default": DEFAULT_MIN_VCPUS,
                "description": "The fewest vCPUs a mesh node may have.",
            }
        }
    ),
)

POLICIES = [mesh_node_capacity]
