"""The mesh's outbound traffic policy where istiod's own values cannot set it (pure functions).

An egress gateway restricts nothing while sidecars may still reach any host directly: Istio's
"Egress Gateways" task and its "Accessing External Services" task make `REGISTRY_ONLY` the
setting that leaves only hosts in the mesh's registry (its Services and ServiceEntries)
reachable. Where it is set depends on who runs the control plane:

- in-cluster istiod: `meshConfig.outboundTrafficPolicy` in the istiod chart's values
  (`components.render.istiod.istiod_values`);
- the AKS Istio add-on: the shared mesh config Microsoft's "Configure Istio-based service mesh
  add-on" documents, a ConfigMap `istio-shared-configmap-<revision>` in aks-istio-system that
  the user creates (the add-on merges it into its own `istio-<revision>`, which it reconciles
  and which must not be edited), its mesh config under `data.mesh`;
  `outboundTrafficPolicy` is among the add-on's supported MeshConfig fields;
- Cloud Service Mesh's managed control plane: a Sidecar without a workload selector in the
  root namespace, which Istio applies to every namespace without a Sidecar of its own (Istio's
  Sidecar reference). The managed plane's mesh ConfigMaps (`istio-asm-managed*`) are Google's,
  and with TRAFFIC_DIRECTOR Google's "Enable optional features on managed control plane" names
  a known issue that makes them channel-inconsistent; a Sidecar is meshfleet's own object.
"""

from __future__ import annotations

from typing import Any

import yaml

from .labels import MANAGED_BY_LABELS

AKS_ROOT_NAMESPACE = "aks-istio-system"


def mesh_config_text(mode: str) -> str:
    """The `mesh` key of a mesh config ConfigMap that sets only the outbound traffic policy."""
    return yaml.safe_dump({"outboundTrafficPolicy": {"mode": mode}}, sort_keys=False)


def aks_shared_mesh_config(revision: str, mode: str) -> dict[str, Any]:
    """The AKS add-on's shared mesh config of `revision`, with the outbound traffic policy `mode`."""
    return {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {
            "name": f"istio-shared-configmap-{revision}",
            "namespace": AKS_ROOT_NAMESPACE,
            "labels": dict(MANAGED_BY_LABELS),
        },
        "data": {"mesh": mesh_config_text(mode)},
    }


def root_sidecar(root_namespace: str, mode: str) -> dict[str, Any]:
    """A mesh-wide default Sidecar in `root_namespace` with the outbound traffic policy `mode`."""
    return {
        "apiVersion": "networking.istio.io/v1",
        "kind": "Sidecar",
        "metadata": {"name": "default", "namespace": root_namespace, "labels": dict(MANAGED_BY_LABELS)},
        "spec": {"outboundTrafficPolicy": {"mode": mode}},
    }
