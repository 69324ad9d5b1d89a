"""Cross-cluster endpoint discovery of the managed Cloud Service Mesh, on one cluster.

The `asm-options` patch (components/render/asm_options.py) as a server-side-apply Patch
resource: pulumi-kubernetes applies only the fields it holds, and on destroy gives them up
without deleting Google's ConfigMap.
"""

from __future__ import annotations

from collections.abc import Sequence

import pulumi
import pulumi_kubernetes as kubernetes

from components.render.asm_options import asm_options_patch


def asm_options(
    name: str,
    *,
    provider: kubernetes.Provider,
    ready: Sequence[pulumi.Resource],
    parent: pulumi.Resource,
) -> kubernetes.core.v1.ConfigMapPatch:
    """Patch `asm-options` on the cluster of `provider` once its control plane is `ready`.

    `ready` is the cluster's `ControlPlane.ready`: `istio-system` and the ConfigMap exist only
    once the managed control plane is provisioned, and a patch of a missing object fails.
    """
    body = asm_options_patch()
    return kubernetes.core.v1.ConfigMapPatch(
        name,
        metadata=kubernetes.meta.v1.ObjectMetaPatchArgs(**body["metadata"]),
        data=body["data"],
        opts=pulumi.ResourceOptions(parent=parent, provider=provider, depends_on=list(ready)),
    )
