"""FleetHostAccess: what a fleet host project's service agents need in the clusters' projects.

A cluster registered to a fleet in another project is managed by that project's agents:
asmcli's `ensure_cross_project_service_accounts` grants the fleet host's GKE Hub agent
`roles/gkehub.serviceAgent` and its Cloud Service Mesh agent
`roles/anthosservicemesh.serviceAgent` in each cluster project (Google's "Fleet
prerequisites", cross-project GKE). The mesh agent needs the role in the fleet host project
too, or the managed control plane never provisions (anthos-service-mesh-packages#1417).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pulumi
import pulumi_gcp as gcp

from .service_agents import gkehub_agent, mesh_agent, project_number

TOKEN = "meshfleet:index:FleetHostAccess"

GKEHUB_SERVICE_AGENT = "roles/gkehub.serviceAgent"
MESH_SERVICE_AGENT = "roles/anthosservicemesh.serviceAgent"


@dataclass(frozen=True)
class FleetHostAccessArgs:
    fleet_project: str
    """The fleet host project, whose agents get the roles."""
    cluster_projects: Sequence[str]
    """The projects of the fleet's clusters other than the fleet host project."""
    mesh: bool = True
    """Also grant the mesh agent its role (the managed Cloud Service Mesh)."""


class FleetHostAccess(pulumi.ComponentResource):
    """The fleet host's agents' roles in every cluster project (and the mesh agent's in its own).

    Outputs: `hub_roles` and `mesh_roles` (IAMMembers by project); `ready` (all of them), what
    memberships and mesh enrolment wait for.
    """

    def __init__(
        self, name: str, args: FleetHostAccessArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__(TOKEN, name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        number = project_number(args.fleet_project, self)
        projects = sorted(set(args.cluster_projects) - {args.fleet_project})
        self.hub_roles = {
            project: gcp.projects.IAMMember(
                f"{name}-{project}-gkehub",
                project=project,
                role=GKEHUB_SERVICE_AGENT,
                member=gkehub_agent(number),
                opts=child,
            )
            for project in projects
        }
        self.mesh_roles = (
            {
                project: gcp.projects.IAMMember(
                    f"{name}-{project}-servicemesh",
                    project=project,
                    role=MESH_SERVICE_AGENT,
                    member=mesh_agent(number),
                    opts=child,
                )
                for project in sorted({*projects, args.fleet_project})
            }
            if args.mesh
            else {}
        )
        self.register_outputs({})

    @property
    def ready(self) -> list[pulumi.Resource]:
        return [*self.hub_roles.values(), *self.mesh_roles.values()]
