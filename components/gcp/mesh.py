"""CloudServiceMesh: the fleet's managed service mesh (seeds 000, 003, 004)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pulumi
import pulumi_gcp as gcp

TOKEN = "meshfleet:index:CloudServiceMesh"

# Google provisions and upgrades the control plane and data plane; the alternative,
# MANAGEMENT_MANUAL, leaves in-cluster istiod to us.
AUTOMATIC = "MANAGEMENT_AUTOMATIC"


@dataclass(frozen=True)
class CloudServiceMeshArgs:
    project: str
    """Fleet host project."""
    memberships: dict[str, pulumi.Input[str]] = field(default_factory=dict)
    """Cluster name -> fleet membership id (global memberships) to enrol in the mesh."""


class CloudServiceMesh(pulumi.ComponentResource):
    """The `servicemesh` fleet feature with automatic management, and one FeatureMembership per cluster.

    The fleet default makes clusters registered later get the mesh too; the explicit
    memberships make ours converge now and let Kubernetes objects depend on them.
    Outputs: `feature`, `memberships` (by cluster name), `ready` (what mesh objects depend on).
    """

    def __init__(
        self, name: str, args: CloudServiceMeshArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__(TOKEN, name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        self.feature = gcp.gkehub.Feature(
            f"{name}-feature",
            name="servicemesh",
            project=args.project,
            location="global",
            fleet_default_member_config=gcp.gkehub.FeatureFleetDefaultMemberConfigArgs(
                mesh=gcp.gkehub.FeatureFleetDefaultMemberConfigMeshArgs(management=AUTOMATIC)
            ),
            opts=child,
        )
        self.memberships = {
            cluster: gcp.gkehub.FeatureMembership(
                f"{name}-{cluster}",
                project=args.project,
                location="global",
                feature=self.feature.name,
                membership=membership,
                membership_location="global",
                mesh=gcp.gkehub.FeatureMembershipMeshArgs(management=AUTOMATIC),
                opts=child,
            )
            for cluster, membership in sorted(args.memberships.items())
        }
        self.feature_name = self.feature.name
        self.register_outputs({"feature_name": self.feature_name})

    def ready(self, cluster: str) -> list[pulumi.Resource]:
        """What a cluster's mesh objects must wait for: its mesh enrolment."""
        return [self.memberships[cluster]]
