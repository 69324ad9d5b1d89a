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
# Each cloud's ids (GKE: networkId, membershipIds), then every cluster's clusterNames and
# kubeconfigs (secrets).
for key, value in platform.exports.items():
    pulumi.export(key, value)
