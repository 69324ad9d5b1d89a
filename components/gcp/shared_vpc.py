"""SharedVpcAccess: GKE clusters of service projects on the host project's Shared VPC.

Google's "Setting up clusters with Shared VPC": the host project is a Shared VPC host, each
service project is attached to it, the service project's GKE service agent holds
`roles/container.hostServiceAgentUser` on the host project, and its GKE and Google APIs
service agents hold `roles/compute.networkUser` on the subnets its clusters use.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pulumi
import pulumi_gcp as gcp

from .service_agents import gke_agent, google_apis_agent, project_number

TOKEN = "meshfleet:index:SharedVpcAccess"

HOST_SERVICE_AGENT_USER = "roles/container.hostServiceAgentUser"
NETWORK_USER = "roles/compute.networkUser"
# A destroy must not detach service projects or disable Shared VPC: other stacks and teams
# use both, and only an organisation's Shared VPC admin set them up.
ABANDON = "ABANDON"


@dataclass(frozen=True)
class SubnetRef:
    """A subnet of the Shared VPC, as IAM names it."""

    name: pulumi.Input[str]
    """The subnet's physical name (or id)."""
    region: str
    """Its region."""


@dataclass(frozen=True)
class SharedVpcAccessArgs:
    host_project: str
    """The project that owns the VPC."""
    service_projects: Mapping[str, Sequence[str]]
    """Service project -> the names (spec names) of the subnets its clusters use."""
    subnets: Mapping[str, SubnetRef]
    """Spec name -> subnet, for every subnet named in `service_projects`."""
    managed: bool = True
    """Enable Shared VPC on the host and attach the service projects (abandoned on destroy).
    False: the organisation's Shared VPC admin did both already."""


class SharedVpcAccess(pulumi.ComponentResource):
    """The attachment (when managed) and the IAM that lets GKE in service projects use the VPC.

    Outputs: `host` and `attachments` (None / empty unless managed), `host_agent_users` (by
    service project), `subnet_users` (by service project, subnet and agent); `ready`, what a
    cluster of a service project waits for.
    """

    def __init__(
        self, name: str, args: SharedVpcAccessArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__(TOKEN, name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        self.host: gcp.compute.SharedVPCHostProject | None = None
        self.attachments: dict[str, gcp.compute.SharedVPCServiceProject] = {}
        if args.managed:
            self.host = gcp.compute.SharedVPCHostProject(
                f"{name}-host", project=args.host_project, deletion_policy=ABANDON, opts=child
            )
            self.attachments = {
                project: gcp.compute.SharedVPCServiceProject(
                    f"{name}-{project}",
                    host_project=self.host.project,
                    service_project=project,
                    deletion_policy=ABANDON,
                    opts=child,
                )
                for project in sorted(args.service_projects)
            }
        self.host_agent_users: dict[str, gcp.projects.IAMMember] = {}
        self.subnet_users: dict[tuple[str, str, str], gcp.compute.SubnetworkIAMMember] = {}
        for project in sorted(args.service_projects):
            number = project_number(project, self)
            agents = {"gke": gke_agent(number), "apis": google_apis_agent(number)}
            self.host_agent_users[project] = gcp.projects.IAMMember(
                f"{name}-{project}-host-agent",
                project=args.host_project,
                role=HOST_SERVICE_AGENT_USER,
                member=agents["gke"],
                opts=child,
            )
            for subnet in sorted(set(args.service_projects[project])):
                ref = args.subnets[subnet]
                for agent, member in agents.items():
                    self.subnet_users[(project, subnet, agent)] = gcp.compute.SubnetworkIAMMember(
                        f"{name}-{project}-{subnet}-{agent}",
                        project=args.host_project,
                        region=ref.region,
                        subnetwork=ref.name,
                        role=NETWORK_USER,
                        member=member,
                        opts=child,
                    )
        self.register_outputs({})

    @property
    def ready(self) -> list[pulumi.Resource]:
        """What creating a cluster in a service project needs first."""
        return [*self.attachments.values(), *self.host_agent_users.values(), *self.subnet_users.values()]
