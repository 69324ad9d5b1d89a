"""The readiness gate of a GKE cluster enrolled in the managed Cloud Service Mesh.

Enrolment (the FeatureMembership) completes long before the control plane exists in the
cluster: Google then installs the Istio CRDs and provisions the control plane. What says it
is there depends on the implementation Google runs for the fleet:

- ISTIOD: the channel's revision is the ControlPlaneRevision `<revision>` in `istio-system`
  (`mesh.cloud.google.com/v1beta1`), whose `Reconciled` condition turns True once "the
  provisioning process has completed successfully"; the condition Google's own Terraform
  module (terraform-google-kubernetes-engine, modules/asm) waits for, with 20 minutes.
- TRAFFIC_DIRECTOR: Google's "Cloud Service Mesh control plane revisions" page says the
  implementation runs "without individual revisions", and its readiness (`REVISION_READY`,
  `controlPlaneManagement.state: ACTIVE`) is reported in the fleet membership state
  ("Check control plane implementation"), which no kubeconfig reads. In the cluster, what the
  managed mesh installs is the `mdp-controller` Deployment and the `istio-cni-node` DaemonSet
  in kube-system ("Provision a managed Cloud Service Mesh control plane on GKE"), beside the
  channel's CRDs; the gate waits for the CRDs and for `mdp-controller` to be Available.
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


MDP_CONTROLLER = ConditionCheck(
    group_version="apps/v1",
    plural="deployments",
    namespace="kube-system",
    name="mdp-controller",
    condition="Available",
)
"""The managed data-plane controller TRAFFIC_DIRECTOR installs, ready when Available."""


def managed_readiness_check(revision: str, implementation: str) -> ConditionCheck:
    """What says the managed control plane runs: the ControlPlaneRevision under ISTIOD, the
    `mdp-controller` under TRAFFIC_DIRECTOR, which has no ControlPlaneRevision."""
    return MDP_CONTROLLER if implementation == "TRAFFIC_DIRECTOR" else managed_revision_check(revision)


def managed_mesh_readiness(
    name: str,
    *,
    cluster: str,
    gke: PrivateGkeCluster,
    enrolment: Sequence[pulumi.Resource],
    revision: str,
    parent: pulumi.Resource,
    apis: Sequence[ApiResource] = ISTIO_APIS,
    implementation: str = "TRAFFIC_DIRECTOR",
) -> ControlPlaneReadiness:
    """`<name>-mesh-ready`: exists once `gke` serves the Istio CRDs and the control plane of
    `implementation` runs (`managed_readiness_check`).

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
            condition=managed_readiness_check(revision, implementation),
        ),
        opts=pulumi.ResourceOptions(parent=parent, depends_on=[*enrolment, *gke.nodes, gke.provider]),
    )
