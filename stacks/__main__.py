"""The meshfleet stack program: read `meshfleet:platform`, validate it, build the MeshPlatform.

A stack whose config sets `meshfleet:layer` builds that layer of the spec only, and reads the
layers below it from their stacks (`components.spec.layers`); otherwise it builds everything.
"""

import pulumi

from components.mesh.layers import LayerScope
from components.platform import MeshPlatform
from components.spec import SpecError, parse_platform
from components.spec.layers import LAYER_KEY, NAMESPACES_KEY, REFERENCES_KEY, check_layered, layer_config

config = pulumi.Config("meshfleet")
try:
    spec = parse_platform(config.get_object("platform"))
    raw_layers = {
        LAYER_KEY: config.get("layer"),
        REFERENCES_KEY: config.get_object("references"),
        NAMESPACES_KEY: config.get_object("namespaces"),
    }
    layer = layer_config({k: v for k, v in raw_layers.items() if v is not None}, pulumi.get_stack())
    if layer is not None:
        check_layered(spec, layer)
except SpecError as err:
    # RunError is reported by Pulumi as one message, without a Python traceback.
    raise pulumi.RunError(str(err)) from None

scope = None if layer is None else LayerScope(layer, pulumi.get_organization(), pulumi.get_project())
platform = MeshPlatform("mesh", spec, scope=scope)

pulumi.export("environment", spec.environment)
# Each cloud's ids (GKE: networkId, membershipIds), then every cluster's clusterNames and
# kubeconfigs (secrets); a layer exports what the layers above it read.
for key, value in platform.exports.items():
    pulumi.export(key, value)
