"""CloudServiceMesh: the fleet's managed service mesh (Google's "Installing and upgrading gateways"
guides; Google's "Set up a multi-cluster mesh on managed Cloud Service Mesh")."""

from __future__ import annotations

from dataclasses import dataclass, field

import pulumi
import pulumi_gcp as gcp

TOKEN = "meshfleet:index:CloudServiceMesh"

# Google provisions and upgrades the control plane and data plane; the alternative,
# MANAGEMENT_MANUAL, leaves in-cluster istiod to us.
AUTOMATIC = "MANAGEMENT_AUTOMATIC"
# The fleet feature's name is fixed by the API: one per project.
FEATURE = "servicemesh"


@dataclass(frozen=True)
class CloudServiceMeshArgs:
    project: str
    """Fleet host project."""
    memberships: dict[str, pulumi.Input[str]] = field(default_factory=dict)
    """Cluster name -> fleet membership id (global memberships) to enrol in the mesh."""
    owns_feature: bool = True
    """Create the project's `servicemesh` feature. False on every other stack sharing the
    project: its clusters join the feature the owning stack made, which must be deployed first,
    and its destroy leaves the feature alone."""


class CloudServiceMesh(pulumi.ComponentResource):
    """The `servicemesh` fleet feature with automatic management, and one FeatureMembership per cluster.

    The fleet default makes clusters registered later get the mesh too; the explicit
    memberships make ours converge now and let Kubernetes objects depend on them.
    Outputs: `feature` (None when another stack owns it), `memberships` (by cluster name),
    `feature_name`, `ready` (what mesh objects depend on).
    """

    def __init__(
        self, name: str, args: CloudServiceMeshArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__(TOKEN, name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        self.feature = None
        feature: pulumi.Input[str] = FEATURE
        if args.owns_feature:
            self.feature = gcp.gkehub.Feature(
                f"{name}-feature",
                name=FEATURE,
                project=args.project,
                location="global",
                fleet_default_member_config=gcp.gkehub.FeatureFleetDefaultMemberConfigArgs(
                    mesh=gcp.gkehub.FeatureFleetDefaultMemberConfigMeshArgs(management=AUTOMATIC)
                ),
                opts=child,
            )
            # Through the resource's output, so that memberships wait for the feature.
            feature = self.feature.name
        self.memberships = {
            cluster: gcp.gkehub.FeatureMembership(
                f"{name}-{cluster}",
                project=args.project,
                location="global",
                feature=feature,
                membership=membership,
                membership_location="global",
                mesh=gcp.gkehub.FeatureMembershipMeshArgs(management=AUTOMATIC),
                opts=child,
            )
            for cluster, membership in sorted(args.memberships.items())
        }
        self.feature_name = feature
        self.register_outputs({"feature_name": self.feature_name})

    def ready(self, cluster: str) -> list[pulumi.Resource]:
        """What a cluster's mesh objects must wait for: its mesh enrolment."""
        return [self.memberships[cluster]]
