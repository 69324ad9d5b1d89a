"""ASM's in-cluster istiod: what Istio's charts and injector do with the values meshfleet sets.

The image resolution below is istiod's, not ours: the istiod chart's Deployment
(`manifests/charts/istio-control/istio-discovery/templates/deployment.yaml`, istio/istio 1.28.5:
`{{ .Values.hub | default .Values.global.hub }}/{{ .Values.image | default "pilot" }}:{{ .Values.tag
| default .Values.global.tag }}`) and the sidecar injector's `ProxyImage`
(`pkg/kube/inject/inject.go`: `global.hub` / `global.proxy.image` (proxyv2) : `global.tag`), over
the chart's defaults merged with the release's values (`templates/zzz_profile.yaml`:
mergeOverwrite of the values onto `_internal_defaults_do_not_set`).
"""

from __future__ import annotations

from typing import Any

from components.render.asm import istio_version
from components.render.istiod import base_version, chart_version, istiod_values
from components.spec.models import IstiodSpec

CHART_DEFAULTS: dict[str, Any] = {
    # The published istiod chart's own: an empty hub/tag for istiod, so the global ones
    # apply, which Istio's release sets to its registry and the chart's version.
    "hub": "",
    "tag": "",
    "image": "pilot",
    "replicaCount": 1,
    "autoscaleMin": 1,
    "resources": {"requests": {"cpu": "500m", "memory": "2048Mi"}},
    "global": {"hub": "docker.io/istio", "tag": "1.28.5", "proxy": {"image": "proxyv2"}},
    "meshConfig": {"enablePrometheusMerge": True},
}


def _merge_overwrite(into: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    merged = dict(into)
    for key, value in values.items():
        below = merged.get(key)
        merged[key] = (
            _merge_overwrite(below, value) if isinstance(below, dict) and isinstance(value, dict) else value
        )
    return merged


def chart_sees(values: dict[str, Any]) -> dict[str, Any]:
    return _merge_overwrite(CHART_DEFAULTS, values)


def istiod_image(values: dict[str, Any]) -> str:
    v = chart_sees(values)
    return f"{v['hub'] or v['global']['hub']}/{v['image'] or 'pilot'}:{v['tag'] or v['global']['tag']}"


def proxy_image(values: dict[str, Any]) -> str:
    g = chart_sees(values)["global"]
    return f"{g['hub']}/{g['proxy']['image'] or 'proxyv2'}:{g['tag']}"


def asm(*versions: tuple[str, str], **fields: object) -> IstiodSpec:
    return IstiodSpec.model_validate(
        {"distribution": "asm", "revisions": [{"name": n, "version": v} for n, v in versions], **fields}
    )


ONPREM = asm(("asm-1285-9", "1.28.5-asm.9"))


def onprem_values() -> dict[str, Any]:
    return istiod_values(ONPREM, "asm-1285-9", cluster="onprem-1", network="dc-1")


def test_asm_istiod_runs_asms_pilot_image_of_the_release() -> None:
    # Google's "Enable optional features on an in-cluster control plane" lists this image.
    assert istiod_image(onprem_values()) == "gke.gcr.io/asm/pilot:1.28.5-asm.9"


def test_asm_injector_gives_pods_asms_proxy_of_the_release() -> None:
    assert proxy_image(onprem_values()) == "gke.gcr.io/asm/proxyv2:1.28.5-asm.9"


def test_upstream_istiod_keeps_the_charts_own_images() -> None:
    spec = IstiodSpec.model_validate({"revisions": [{"name": "1-28-5", "version": "1.28.5"}]})
    values = istiod_values(spec, "1-28-5", cluster="c", network="n")

    assert (istiod_image(values), proxy_image(values)) == (
        "docker.io/istio/pilot:1.28.5",
        "docker.io/istio/proxyv2:1.28.5",
    )


def test_asm_release_installs_the_charts_of_its_istio_version() -> None:
    assert (chart_version(ONPREM.revisions[0]), istio_version("1.28.5-asm.9")) == ("1.28.5", "1.28.5")


def test_base_chart_follows_the_newest_istio_version_among_asm_releases() -> None:
    spec = asm(("asm-1285-9", "1.28.5-asm.9"), ("asm-1268-5", "1.26.8-asm.5"))

    assert base_version(spec) == "1.28.5"


def test_asm_profile_runs_two_istiod_replicas_with_its_cpu_request() -> None:
    v = chart_sees(onprem_values())

    # The chart's memory request stays: values merge into its defaults.
    assert (v["replicaCount"], v["autoscaleMin"], v["resources"]) == (
        2,
        2,
        {"requests": {"cpu": "500m", "memory": "2048Mi"}},
    )


def test_asm_profile_turns_locality_load_balancing_off_beside_the_meshs_config() -> None:
    mesh_config = chart_sees(
        istiod_values(ONPREM, "asm-1285-9", cluster="c", network="n", outbound_traffic_policy="REGISTRY_ONLY")
    )["meshConfig"]

    assert mesh_config == {
        "enablePrometheusMerge": True,
        "localityLbSetting": {"enabled": False},
        "trustDomain": "cluster.local",
        "outboundTrafficPolicy": {"mode": "REGISTRY_ONLY"},
    }


def test_asm_profile_reports_metrics_to_prometheus_not_stackdriver() -> None:
    assert onprem_values()["telemetry"]["v2"] == {
        "enabled": True,
        "prometheus": {"enabled": True},
        "stackdriver": {"enabled": False},
    }


def test_asm_profile_settings_of_the_attached_cluster_option_and_operator_file() -> None:
    values = onprem_values()

    assert (
        values["global"]["pilotCertProvider"],
        values["sidecarInjectorWebhook"],
        values["env"],
    ) == ("istiod", {"rewriteAppHTTPProbe": True}, {"PILOT_ENABLE_CROSS_CLUSTER_WORKLOAD_ENTRY": "true"})


def test_the_meshs_own_identity_and_network_stay_under_asm() -> None:
    values = istiod_values(
        asm(("asm-1285-9", "1.28.5-asm.9"), meshId="corp", trustDomain="corp.example"),
        "asm-1285-9",
        cluster="onprem-1",
        network="dc-1",
    )

    assert (
        values["revision"],
        values["global"]["meshID"],
        values["global"]["network"],
        values["global"]["multiCluster"],
        values["meshConfig"]["trustDomain"],
    ) == (
        "asm-1285-9",
        "corp",
        "dc-1",
        {"clusterName": "onprem-1"},
        "corp.example",
    )


def test_each_asm_revision_is_tagged_with_its_own_release() -> None:
    spec = asm(("asm-1285-9", "1.28.5-asm.9"), ("asm-1268-5", "1.26.8-asm.5"))

    assert [
        istiod_values(spec, r, cluster="c", network="n")["global"]["tag"]
        for r in ("asm-1285-9", "asm-1268-5")
    ] == [
        "1.28.5-asm.9",
        "1.26.8-asm.5",
    ]
