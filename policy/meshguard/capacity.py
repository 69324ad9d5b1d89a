"""Mesh nodes big enough for the mesh (Cloud Service Mesh's prerequisites, in Google's "Provision a
managed Cloud Service Mesh control plane on GKE" and its install guides: at least 4 vCPU per node)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

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
from .values import UNKNOWN, Unknowns, elements, fix_in_words_of, get, text

DEFAULT_MIN_VCPUS = 4


class _Pool(NamedTuple):
    """A node pool a resource declares."""

    what: str
    """How messages name it."""
    machine: Any
    """Its machine type or VM size (GKE's default when it names none), None if not a name, or UNKNOWN."""
    vcpus_of: Callable[[str], float | None]
    path: tuple[str | int, ...]
    """Where the machine type is in the resource's properties."""
    spec_field: str = "nodePool.machineType"
    """The platform spec field that sets it, when a MeshPlatform made the resource."""


def _pools(resource: PolicyResource, unknowns: Unknowns) -> list[_Pool]:
    """The node pools a resource declares; the pools an unknown value hides are noted instead."""
    props, token = resource.props, azure_native(resource.resource_type)
    if token == GKE_NODE_POOL:
        name = text(get(props, "name")) or resource.name
        machine = _gke_machine(get(props, "nodeConfig"))
        return [_Pool(f"GKE node pool {name}", machine, gce_vcpus, ("nodeConfig", "machineType"))]
    if token == GKE_CLUSTER:
        return _gke_cluster_pools(resource, unknowns)
    if token == AKS_CLUSTER:
        cluster = text(get(props, "resourceName")) or resource.name
        profiles = elements(props, "agentPoolProfiles")
        if profiles is UNKNOWN:
            unknowns.note(resource.name, "agentPoolProfiles")
            return []
        return [
            _Pool(
                f"agent pool {text(get(p, 'name')) or i} of AKS cluster {cluster}",
                _vm_size(get(p, "vmSize")),
                azure_vcpus,
                ("agentPoolProfiles", i, "vmSize"),
                # meshfleet makes the System pool from `systemPool`, the User pool from `userPool`.
                "systemPool.vmSize" if text(get(p, "mode")) == "System" else "userPool.vmSize",
            )
            for i, p in enumerate(profiles)
        ]
    if token == AKS_AGENT_POOL:
        name = text(get(props, "agentPoolName")) or resource.name
        return [
            _Pool(
                f"AKS agent pool {name}", _vm_size(get(props, "vmSize")), azure_vcpus, ("vmSize",), "vmSize"
            )
        ]
    return []


def _gke_cluster_pools(resource: PolicyResource, unknowns: Unknowns) -> list[_Pool]:
    """A GKE cluster's inline node pools, else its default pool unless it is removed."""
    props = resource.props
    cluster = text(get(props, "name")) or resource.name
    if get(props, "enableAutopilot") is True:
        unknowns.skip(autopilot_nodes(cluster))
        return []
    # Both decide which pools there are: when either is unknown, none can be checked.
    deciding = [key for key in ("enableAutopilot", "nodePools") if get(props, key) is UNKNOWN]
    for key in deciding:
        unknowns.note(resource.name, key)
    if deciding:
        return []
    inline = elements(props, "nodePools")
    if inline:
        return [
            _Pool(
                f"GKE node pool {text(get(p, 'name')) or i} of cluster {cluster}",
                _gke_machine(get(p, "nodeConfig")),
                gce_vcpus,
                ("nodePools", i, "nodeConfig", "machineType"),
            )
            for i, p in enumerate(inline)
        ]
    removed = get(props, "removeDefaultNodePool")
    if removed is UNKNOWN:
        unknowns.note(resource.name, "removeDefaultNodePool")
        return []
    if removed is True:
        return []
    machine = _gke_machine(get(props, "nodeConfig"))
    return [
        _Pool(
            f"default node pool of GKE cluster {cluster}", machine, gce_vcpus, ("nodeConfig", "machineType")
        )
    ]


def autopilot_nodes(cluster: str) -> str:
    """Why a policy on nodes does not check an Autopilot cluster."""
    return f"GKE cluster {cluster} is Autopilot: GKE chooses and sizes its nodes, the program declares none"


def _gke_machine(node_config: Any) -> Any:
    machine = get(node_config, "machineType")
    if machine is UNKNOWN:
        return UNKNOWN
    return text(machine) if machine is not None else GKE_DEFAULT_MACHINE_TYPE


def _vm_size(value: Any) -> Any:
    return UNKNOWN if value is UNKNOWN else text(value)


def _validate_capacity(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    if not any(is_mesh_resource(r.resource_type, r.props) for r in args.resources):
        return  # no mesh in this program
    minimum = get(args.get_config(), "minVcpus", default=DEFAULT_MIN_VCPUS)
    if not isinstance(minimum, int | float):
        minimum = DEFAULT_MIN_VCPUS
    unknowns = Unknowns()
    for resource in args.resources:
        for pool in _pools(resource, unknowns):
            if pool.machine is UNKNOWN:
                unknowns.note(resource.name, *pool.path)
                continue
            vcpus = pool.vcpus_of(pool.machine) if pool.machine else None
            if vcpus is not None and vcpus < minimum:
                size = "machine type" if pool.vcpus_of is gce_vcpus else "VM size"
                fix = fix_in_words_of(
                    resource.urn,
                    f"set the cluster's {pool.spec_field} to a {size} of at least {minimum:g} vCPU",
                    f"choose a {size} of at least {minimum:g} vCPU",
                )
                report_violation(
                    f"{pool.what} uses {pool.machine} ({vcpus:g} vCPU); mesh nodes need at least "
                    f"{minimum:g} vCPU for the proxies and the workloads they sit beside; {fix}.",
                    resource.urn,
                )
    unknowns.raise_if_any()


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
