"""The readiness gate of a GKE cluster enrolled in the managed Cloud Service Mesh.

Enrolment (the FeatureMembership) completes long before the control plane exists in the
cluster: Google then installs the Istio CRDs and provisions the channel's revision, which it
describes in the cluster as the ControlPlaneRevision `<revision>` in `istio-system`
(`mesh.cloud.google.com/v1beta1`). Its `Reconciled` condition turns True once "the
provisioning process has completed successfully"; that is the condition Google's own
Terraform module (terraform-google-kubernetes-engine, modules/asm) waits for, with 20 minutes.
"""

from __future__ import annotations

from collections.abc import Sequence

import pulumi

from components.mesh.readiness import (
    ISTIO_APIS,
    ApiResource,
    ConditionCheck,
    ControlPlaneReadiness,
    ControlPlaneReadinessArgs,
)
from components.render.mtls import ROOT_NAMESPACE

from .cluster import PrivateGkeCluster

CONTROL_PLANE_REVISION_API = "mesh.cloud.google.com/v1beta1"
CONTROL_PLANE_REVISIONS = "controlplanerevisions"
READY_CONDITION = "Reconciled"


def managed_revision_check(revision: str) -> ConditionCheck:
    """The managed revision's ControlPlaneRevision, ready when `Reconciled` is True."""
    return ConditionCheck(
        group_version=CONTROL_PLANE_REVISION_API,
        plural=CONTROL_PLANE_REVISIONS,
        namespace=ROOT_NAMESPACE,
        name=revision,
        condition=READY_CONDITION,
    )


def managed_mesh_readiness(
    name: str,
    *,
    cluster: str,
    gke: PrivateGkeCluster,
    enrolment: Sequence[pulumi.Resource],
    revision: str,
    parent: pulumi.Resource,
    apis: Sequence[ApiResource] = ISTIO_APIS,
) -> ControlPlaneReadiness:
    """`<name>-mesh-ready`: exists once `gke` serves the Istio CRDs and `revision` has reconciled.

    It waits for the cluster's mesh enrolment, its node pool (the mesh's in-cluster parts run
    on nodes) and its Kubernetes provider, and reads the cluster with the provider's kubeconfig.
    `apis` are the Istio kinds the mesh objects on it use (`istio_apis`).
    """
    return ControlPlaneReadiness(
        f"{name}-mesh-ready",
        ControlPlaneReadinessArgs(
            cluster=cluster,
            kubeconfig=gke.kubeconfig,
            revision=revision,
            apis=apis,
            condition=managed_revision_check(revision),
        ),
        opts=pulumi.ResourceOptions(parent=parent, depends_on=[*enrolment, *gke.nodes, gke.provider]),
    )
