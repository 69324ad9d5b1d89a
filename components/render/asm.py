"""Anthos Service Mesh's in-cluster istiod as values of Istio's own charts (pure functions).

Google's "Installing Anthos Service Mesh on GKE on VMware" installs ASM with
`istioctl manifest apply --set profile=asm-onprem`; ASM 1.6 renamed that profile
`asm-multicloud` (Google Cloud release notes, ASM 1.6: "The profile to install ASM in GKE
on-premise clusters has been renamed from asm-onprem to asm-multicloud"), and asmcli installs
it on every cluster outside Google Cloud (GoogleCloudPlatform/anthos-service-mesh-packages,
`asm/istio/options/multicloud.yaml`: `profile: asm-multicloud`) over its base operator file
(`asm/istio/istio-operator.yaml`). ASM builds from Istio (docs/versioning.md there: "the ASM
release corresponding to Istio 1.7.3 would be 1.7.3-asm.3"), so Istio's charts at that version
take the profile's settings as values; each value below cites the file it comes from.

Every key is one of the istiod chart's values (istio/istio 1.28.5,
`manifests/charts/istio-control/istio-discovery/values.yaml`). Left out, on purpose:
`meshConfig.protocolDetectionTimeout: 0s` and `pilot.enableProtocolSniffingFor*: false` of the
older profile (today's operator file no longer sets them, and the chart has no
`enableProtocolSniffing*` value); the profile's ingress gateway and Grafana/Prometheus/Kiali
add-ons (not istiod's chart: meshfleet's gateways are injected Deployments of their own, as
Google's "Install and upgrade gateways" recommends); and the Mesh CA, Stackdriver and
`GCP_METADATA` settings of the operator file, which serve Google's Mesh CA, while meshfleet's
in-cluster istiod signs as Istio's CA (asmcli's `--ca citadel`), with the plug-in CA of
`mesh.trustRoot` when the mesh has one. The network settings are the ones meshfleet sets for
upstream Istio too: asmcli sets `global.network` and labels istio-system
`topology.istio.io/network` (asmcli/lib/installation_dependencies.sh), and
`global.multiCluster.clusterName` (`asm/istio/options/multicluster.yaml`).
"""

from __future__ import annotations

from typing import Any

from components.spec.rules.control_planes import ASM_RELEASE

ASM_HUB = "gke.gcr.io/asm"
"""The registry of ASM's images (see the module doc)."""


def istio_version(version: str) -> str:
    """The Istio version a revision's `version` installs charts of: itself, or an ASM
    release's MAJOR.MINOR.POINT."""
    match = ASM_RELEASE.fullmatch(version)
    return match["istio"] if match else version


def asm_profile_values(release: str) -> dict[str, Any]:
    """The istiod chart values of ASM's `asm-onprem` (`asm-multicloud`) install of `release`."""
    return {
        # istio/istio manifests/profiles/asm-multicloud.yaml and anthos-service-mesh-packages
        # asm/istio/istio-operator.yaml, components.pilot.k8s: replicaCount 2, hpaSpec.minReplicas
        # 2, requests.cpu 500m ("Increase cpu req to ensure we can handle larger scale clusters").
        "replicaCount": 2,
        "autoscaleMin": 2,
        "resources": {"requests": {"cpu": "500m"}},
        # anthos-service-mesh-packages asm/istio/istio-operator.yaml, components.pilot.k8s.env.
        "env": {"PILOT_ENABLE_CROSS_CLUSTER_WORKLOAD_ENTRY": "true"},
        # istio/istio manifests/profiles/asm-multicloud.yaml: "Enable telemetry v2 backend by
        # Prometheus"; Google's "Enable optional features on an in-cluster control plane":
        # "Installing Cloud Service Mesh with Istio CA outside of Google Cloud reports metrics to
        # Prometheus by default".
        "telemetry": {
            "enabled": True,
            "v2": {"enabled": True, "prometheus": {"enabled": True}, "stackdriver": {"enabled": False}},
        },
        # Both files above: sidecarInjectorWebhook.rewriteAppHTTPProbe: true.
        "sidecarInjectorWebhook": {"rewriteAppHTTPProbe": True},
        "global": {
            # anthos-service-mesh-packages asm/istio/istio-operator.yaml `hub:` (gke.gcr.io since
            # "Switch to gke.gcr.io alias (#1447)", gcr.io/gke-release/asm before); Google's page
            # above lists gke.gcr.io/asm/pilot and gke.gcr.io/asm/proxyv2.
            "hub": ASM_HUB,
            # anthos-service-mesh-packages asmcli/lib/config.sh: `kpt cfg set asm
            # anthos.servicemesh.tag "${RELEASE}"`, RELEASE as in asmcli/lib/util.sh.
            "tag": release,
            # anthos-service-mesh-packages asm/istio/options/attached-cluster.yaml: "absolutely
            # essential for ASM bringup in attached cluster(EKS/AKS) In-cluster".
            "pilotCertProvider": "istiod",
        },
        # Both files above: "Locality load balancing is not supported".
        "meshConfig": {"localityLbSetting": {"enabled": False}},
    }
