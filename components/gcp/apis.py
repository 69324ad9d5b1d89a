"""ProjectApis: the Google APIs a mesh platform needs, enabled before anything uses them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pulumi
import pulumi_gcp as gcp

TOKEN = "meshfleet:index:ProjectApis"

PLATFORM_APIS = (
    "compute.googleapis.com",
    "container.googleapis.com",
    "gkehub.googleapis.com",
)
"""Networks, GKE and the fleet: every GKE platform, whatever its control plane."""

MESH_API = "mesh.googleapis.com"
"""The managed Cloud Service Mesh; an in-cluster istiod does not use it."""

MESH_PLATFORM_APIS = (*PLATFORM_APIS, MESH_API)


@dataclass(frozen=True)
class ProjectApisArgs:
    project: str
    """Project to enable the APIs in."""
    services: Sequence[str] = MESH_PLATFORM_APIS
    """Service names; default: what networks, GKE, the fleet and Cloud Service Mesh need."""


class ProjectApis(pulumi.ComponentResource):
    """One `gcp.projects.Service` per API. Outputs: `services` (by API name)."""

    def __init__(self, name: str, args: ProjectApisArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(TOKEN, name, None, opts)
        self.services = {
            api: gcp.projects.Service(
                f"{name}-{api.split('.')[0]}",
                project=args.project,
                service=api,
                # Other stacks and people use the same project: destroying this stack must
                # not switch their APIs off.
                disable_on_destroy=False,
                opts=pulumi.ResourceOptions(parent=self),
            )
            for api in args.services
        }
        self.register_outputs({})
