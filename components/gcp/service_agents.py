"""Google's service agents of a project, by project number, as IAM members.

Their addresses are documented (Google Cloud's "Service agents" page) and built from the
project number, which an invoke (`organizations.get_project`) reads at preview time. Not
`projects.ServiceIdentity`: for the mesh it returns the `gcp-sa-meshconfig` agent, not the
`gcp-sa-servicemesh` one that needs the role (GoogleCloudPlatform/
terraform-google-enterprise-application#56). Offline, where the invoke answers nothing, the
number and every member built from it stay unknown: never invented.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pulumi
import pulumi_gcp as gcp


def _unknown() -> pulumi.Output[str]:
    async def value(v: Any) -> Any:
        return v

    return pulumi.Output(set(), asyncio.ensure_future(value(None)), asyncio.ensure_future(value(False)))


def project_number(project: str, parent: pulumi.Resource) -> pulumi.Output[str]:
    """The number of `project`; unknown when the invoke has no answer (offline)."""
    result = gcp.organizations.get_project_output(
        project_id=project, opts=pulumi.InvokeOutputOptions(parent=parent)
    )
    return result.number.apply(lambda n: str(n) if n else _unknown())


def gke_agent(number: pulumi.Input[str]) -> pulumi.Output[str]:
    """The GKE service agent, which creates a cluster's load balancers, firewalls and nodes."""
    return pulumi.Output.concat(
        "serviceAccount:service-", number, "@container-engine-robot.iam.gserviceaccount.com"
    )


def google_apis_agent(number: pulumi.Input[str]) -> pulumi.Output[str]:
    """The Google APIs service agent, which creates the nodes' instance groups in the subnet."""
    return pulumi.Output.concat("serviceAccount:", number, "@cloudservices.gserviceaccount.com")


def gkehub_agent(number: pulumi.Input[str]) -> pulumi.Output[str]:
    """The fleet's (GKE Hub) service agent."""
    return pulumi.Output.concat("serviceAccount:service-", number, "@gcp-sa-gkehub.iam.gserviceaccount.com")


def mesh_agent(number: pulumi.Input[str]) -> pulumi.Output[str]:
    """Cloud Service Mesh's service agent, which provisions the managed control plane."""
    return pulumi.Output.concat(
        "serviceAccount:service-", number, "@gcp-sa-servicemesh.iam.gserviceaccount.com"
    )
