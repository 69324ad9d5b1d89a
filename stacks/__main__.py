"""The meshfleet stack program: read `meshfleet:platform`, validate it, build the MeshPlatform."""

import pulumi

from components.platform import MeshPlatform
from components.spec import SpecError, parse_platform

try:
    spec = parse_platform(pulumi.Config("meshfleet").get_object("platform"))
except SpecError as err:
    # RunError is reported by Pulumi as one message, without a Python traceback.
    raise pulumi.RunError(str(err)) from None

platform = MeshPlatform("mesh", spec)

pulumi.export("environment", spec.environment)
pulumi.export("networkId", platform.network.network_id)
pulumi.export("clusterNames", {n: c.cluster_name for n, c in platform.clusters.items()})
pulumi.export("membershipIds", {n: c.membership_id for n, c in platform.clusters.items()})
pulumi.export("kubeconfigs", {n: c.kubeconfig for n, c in platform.clusters.items()})
