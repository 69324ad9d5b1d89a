"""Cross-cluster endpoint discovery of the managed Cloud Service Mesh (pure function, no Pulumi).

Google's declarative API for multi-cluster endpoint discovery is one key of the ConfigMap
`asm-options` in `istio-system`, which the managed control plane creates and reads:
`multicluster_mode: connected` opts the whole cluster in, and it then discovers the
endpoints of every other cluster of the fleet's mesh that is opted in too. Google's docs
set it with `kubectl patch configmap/asm-options -n istio-system --type merge -p
'{"data":{"multicluster_mode":"connected"}}'` (Cloud Service Mesh, "Configure multi-cluster
endpoint discovery", https://cloud.google.com/service-mesh/docs/operate-and-maintain/multi-cluster
#endpoint-discovery-declarative-api; and "Configuration updates for modernization",
https://cloud.google.com/service-mesh/v1.24/docs/migrate/modernization-configuration-updates:
Istio multi-cluster secrets are not supported with the TRAFFIC_DIRECTOR control plane, and the
declarative API "is the only supported path forward").

The object is Google's, so this renders the body of a server-side-apply patch (Pulumi's
`ConfigMapPatch`), never an object to create: a stack that created or owned it would fight
the control plane for it and delete it on destroy.
"""

from __future__ import annotations

from typing import Any

from .mtls import ROOT_NAMESPACE

ASM_OPTIONS = "asm-options"
MULTICLUSTER_MODE = "multicluster_mode"
CONNECTED = "connected"

PATCH_FORCE = "pulumi.com/patchForce"
"""pulumi-kubernetes' annotation that makes a Patch resource's server-side apply take over
fields another field manager owns, instead of failing on the conflict. Needed here: a cluster
set up by hand as the docs show (`kubectl patch`, manager `kubectl-patch`) already owns
`data.multicluster_mode`, and without force the first `pulumi up` would stop on a conflict.
The patch holds that one key only, so force takes over nothing else of Google's object."""


def asm_options_patch() -> dict[str, Any]:
    """The `asm-options` patch that turns on multi-cluster endpoint discovery on one cluster.

    Only the name, the namespace, the force annotation and the one data key: no labels of ours,
    since an applied field is a field we own, and the object is not ours.
    """
    return {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {
            "name": ASM_OPTIONS,
            "namespace": ROOT_NAMESPACE,
            "annotations": {PATCH_FORCE: "true"},
        },
        "data": {MULTICLUSTER_MODE: CONNECTED},
    }
