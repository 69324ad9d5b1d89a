"""The in-cluster control plane as Helm values (pure functions, no Pulumi).

Istio's own charts install it: `base` (the CRDs, the default-revision validating webhook, the
`istio-reader-service-account` remote secrets use) once per cluster, and `istiod` once per
revision, side by side during an upgrade (Google's "Installing and upgrading gateways": in-cluster
revisions such as asm-1146-16;
Google's "Installing Anthos Service Mesh on GKE on VMware": the control plane in `istio-system`, apart from
what `kube-system` and `gke-system`
hold). The values keys are the charts' own, checked against istio/istio 1.30.3:

- `manifests/charts/istio-control/istio-discovery/values.yaml`: `revision` ("set as 'version'
  label and part of the resource names when installing multiple control planes"),
  `global.meshID`, `global.network`, `global.multiCluster.clusterName` ("required for sidecar
  injection to properly label proxies"), `meshConfig` (mesh config, `trustDomain` among it);
- `manifests/charts/base/values.yaml`: `defaultRevision` (default "default"), which the
  `istiod-default-validator` webhook of `templates/defaultrevision-validatingwebhookconfiguration.yaml`
  points at: Service `istiod` for "default", else `istiod-<defaultRevision>`.

Only revisioned istiods are installed (no Service `istiod`), so `defaultRevision` is the
revision namespaces are labelled with, and moves with it, as Istio's Helm upgrade guide does
last (https://istio.io/latest/docs/setup/upgrade/helm: `helm upgrade istio-base istio/base
--set defaultRevision=canary`). The `base` chart is pinned at the newest version among the
revisions: the same guide upgrades base first, "to ensure all cluster-wide resources are
up-to-date", and Istio keeps its CRDs backward compatible, so an older istiod runs on a newer
base while the other way round it could meet a CRD field it does not know.

With `mesh.istiod.distribution: asm` the charts are the same, at the Istio version of the ASM
release, and istiod's values carry ASM's images and profile (`components.render.asm`).
"""

from __future__ import annotations

from typing import Any

from components.spec.models import IstiodRevisionSpec, IstiodSpec

from .asm import asm_profile_values, istio_version
from .labels import MANAGED_BY_LABELS
from .mtls import ROOT_NAMESPACE

CHART_REPOSITORY = "https://istio-release.storage.googleapis.com/charts"
"""Istio's official Helm repository (istio.io, "Install with Helm")."""
BASE_CHART = "base"
ISTIOD_CHART = "istiod"
BASE_RELEASE = "istio-base"
"""The release name Istio's guides give the base chart."""
NETWORK_LABEL = "topology.istio.io/network"
"""The label istiod reads the cluster's network from, on its own namespace (Istio's
multi-network guides: `kubectl label namespace istio-system topology.istio.io/network=network1`)."""


def default_revision(istiod: IstiodSpec) -> str:
    """The revision namespaces are labelled with: `istiod.revision`, else the first installed."""
    return istiod.revision or istiod.revisions[0].name


def istiod_release_name(revision: str) -> str:
    """The Helm release of one revision; the chart names its objects `istiod-<revision>` too."""
    return f"istiod-{revision}"


def chart_version(revision: IstiodRevisionSpec) -> str:
    """The Istio chart version a revision installs: its `version`, or an ASM release's Istio
    version (`components.render.asm`)."""
    return istio_version(revision.version)


def _version_key(revision: IstiodRevisionSpec) -> tuple[int, ...]:
    return tuple(int(part) for part in chart_version(revision).split("."))


def base_version(istiod: IstiodSpec) -> str:
    """The `base` chart's pinned version: the newest among the revisions (see module doc)."""
    return chart_version(max(istiod.revisions, key=_version_key))


def _merged(into: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    # Nested maps merge, as Helm merges values onto a chart's defaults; the spec's own values
    # (`values`) win over a distribution's.
    merged = dict(into)
    for key, value in values.items():
        below = merged.get(key)
        merged[key] = _merged(below, value) if isinstance(below, dict) and isinstance(value, dict) else value
    return merged


def base_values(istiod: IstiodSpec) -> dict[str, Any]:
    """Values of the `base` release: the validating webhook goes to the default revision."""
    return {"defaultRevision": default_revision(istiod)}


def istiod_values(
    istiod: IstiodSpec,
    revision: str,
    *,
    cluster: str,
    network: str,
    outbound_traffic_policy: str = "ALLOW_ANY",
) -> dict[str, Any]:
    """Values of the `istiod` release of `revision` on `cluster`, in Istio network `network`.

    The mesh ID and trust domain are the mesh's, the same on every cluster; the cluster name
    and network are this cluster's, which is what lets istiod tell a local endpoint from one
    behind another network's east-west gateway. `outbound_traffic_policy` is the mesh's
    (`PlatformSpec.outbound_traffic_policy`): REGISTRY_ONLY makes the egress gateway the one
    way out (Istio's "Egress Gateways" task); ALLOW_ANY, Istio's default, is left unset.
    With `distribution: asm`, ASM's images and profile values come first
    (`components.render.asm.asm_profile_values`), under these.
    """
    mesh_config: dict[str, Any] = {"trustDomain": istiod.trust_domain}
    if outbound_traffic_policy != "ALLOW_ANY":
        mesh_config["outboundTrafficPolicy"] = {"mode": outbound_traffic_policy}
    values: dict[str, Any] = {
        "revision": revision,
        "global": {
            "meshID": istiod.mesh_id,
            "network": network,
            "multiCluster": {"clusterName": cluster},
        },
        "meshConfig": mesh_config,
    }
    if istiod.distribution == "asm":
        release = next(r.version for r in istiod.revisions if r.name == revision)
        return _merged(asm_profile_values(release), values)
    return values


def istio_system_namespace(network: str) -> dict[str, Any]:
    """The control plane's namespace, labelled with the cluster's Istio network."""
    return {
        "apiVersion": "v1",
        "kind": "Namespace",
        "metadata": {
            "name": ROOT_NAMESPACE,
            "labels": {**MANAGED_BY_LABELS, NETWORK_LABEL: network},
        },
    }
