"""Control-plane rules: istiod's revisions, gateways pinned to them, attached clusters' nodes,
and the managed plane's settings only where it runs."""

from __future__ import annotations

from typing import Any

from components.spec import parse_platform

from .fixtures import dev_platform, spec_message

REVISIONS = [{"name": "1-29-6", "version": "1.29.6"}, {"name": "1-30-3", "version": "1.30.3"}]

ONPREM = '(Google\'s "Installing Anthos Service Mesh on GKE on VMware")'
"""The public guide the attached clusters' node requirements come from."""


def onprem(**mesh: Any) -> dict[str, Any]:
    """One attached cluster (GKE on VMware) with in-cluster istiod, as the onprem stack."""
    return {
        "environment": "onprem",
        "clusters": [
            {
                "name": "onprem-1",
                "cloud": "attached",
                "distribution": "gke-on-vmware",
                "nodes": {"count": 4, "vcpus": 4, "memoryGb": 16},
            }
        ],
        "mesh": {"mtls": "STRICT", "istiod": {"revisions": [dict(r) for r in REVISIONS]}, **mesh},
        "gateways": [{"name": "istio-ingressgateway", "namespace": "istio-gateway"}],
    }


def in_cluster_gke() -> dict[str, Any]:
    raw = dev_platform()
    raw["mesh"] = {
        "controlPlane": "in-cluster",
        "mtls": "STRICT",
        "istiod": {"revisions": list(REVISIONS)},
        "trustRoot": {},
    }
    return raw


def test_onprem_spec_is_valid() -> None:
    assert parse_platform(onprem()).control_plane(parse_platform(onprem()).clusters[0]) == "in-cluster"


def test_default_revision_must_be_installed() -> None:
    raw = onprem()
    raw["mesh"]["istiod"]["revision"] = "1-31-0"

    assert spec_message(raw) == (
        "platform.mesh.istiod.revision: '1-31-0' is not an installed revision in"
        " mesh.istiod.revisions (1-29-6, 1-30-3)"
    )


def test_revisions_are_unique() -> None:
    raw = onprem()
    raw["mesh"]["istiod"]["revisions"].append({"name": "1-29-6", "version": "1.29.7"})

    assert spec_message(raw) == (
        "platform.mesh.istiod.revisions[2].name: revision '1-29-6' is already used by"
        " platform.mesh.istiod.revisions[0].name"
    )


def test_revision_named_default_is_refused() -> None:
    raw = onprem()
    raw["mesh"]["istiod"]["revisions"] = [{"name": "default", "version": "1.30.3"}]

    assert spec_message(raw).startswith(
        "platform.mesh.istiod.revisions[0].name: 'default' is Istio's name for the unrevisioned istiod"
    )


def test_gateway_on_installed_revisions_is_accepted() -> None:
    raw = onprem()
    raw["gateways"][0].update(revision="1-29-6", canary={"revision": "1-30-3"})

    assert parse_platform(raw).gateways[0].canary is not None


def test_attached_nodes_need_four_vcpus() -> None:
    raw = onprem()
    raw["clusters"][0]["nodes"]["vcpus"] = 2

    assert spec_message(raw) == (
        "platform.clusters[0].nodes.vcpus: 2 vCPU per node; mesh nodes need at least 4 " + ONPREM
    )


def test_attached_nodes_need_fifteen_gb() -> None:
    raw = onprem()
    raw["clusters"][0]["nodes"]["memoryGb"] = 8

    assert spec_message(raw) == (
        "platform.clusters[0].nodes.memoryGb: 8 GB per node; mesh nodes need at least 15 GB " + ONPREM
    )


def test_attached_cluster_needs_four_nodes() -> None:
    raw = onprem()
    raw["clusters"][0]["nodes"]["count"] = 3

    assert spec_message(raw) == (
        "platform.clusters[0].nodes.count: 3 node(s); a mesh cluster needs at least 4 " + ONPREM
    )


def test_gateway_never_goes_to_gke_system_on_gke_on_vmware() -> None:
    raw = onprem()
    raw["gateways"][0]["namespace"] = "gke-system"

    assert spec_message(raw).startswith(
        "platform.gateways[0].namespace: gke-system is a control-plane or system namespace"
    )


def test_istiod_without_an_in_cluster_cluster_is_refused() -> None:
    raw = dev_platform()
    raw["mesh"]["istiod"] = {"revisions": list(REVISIONS)}

    assert spec_message(raw).startswith(
        "platform.mesh.istiod: is set, but no cluster runs the in-cluster control plane"
    )


def test_gke_in_cluster_requires_istiod() -> None:
    raw = in_cluster_gke()
    del raw["mesh"]["istiod"]

    assert spec_message(raw) == (
        "platform.mesh.istiod: is required: clusters[0] (tokyo-1) runs the in-cluster control plane"
    )


def test_release_channel_need_not_match_the_mesh_channel_without_the_managed_plane() -> None:
    raw = in_cluster_gke()
    raw["clusters"][0]["releaseChannel"] = "REGULAR"

    assert parse_platform(raw).mesh.control_plane == "in-cluster"


def test_release_channel_must_match_the_mesh_channel_on_the_managed_plane() -> None:
    raw = dev_platform()
    raw["clusters"][0]["releaseChannel"] = "REGULAR"

    assert spec_message(raw).startswith("platform.clusters[0].releaseChannel: REGULAR gives managed mesh")


def test_managed_only_setting_without_a_managed_cluster_is_refused() -> None:
    raw = in_cluster_gke()
    raw["mesh"]["channel"] = "stable"

    assert spec_message(raw) == (
        "platform.mesh.channel: applies to the managed control plane only, and no cluster runs it;"
        " in-cluster control planes take their revision from mesh.istiod"
    )


def test_injection_setting_on_onprem_is_refused() -> None:
    assert spec_message(onprem(injection="default")).startswith(
        "platform.mesh.injection: applies to the managed control plane only"
    )


def test_east_west_load_balancer_on_attached_cluster_needs_source_ranges() -> None:
    raw = onprem()
    raw["gateways"] = [{"name": "istio-eastwestgateway", "kind": "east-west", "namespace": "istio-eastwest"}]

    assert spec_message(raw) == (
        "platform.gateways[0].loadBalancerSourceRanges: is required for an east-west LoadBalancer on "
        "attached cluster onprem-1, which has no internal load balancer meshfleet knows: list the other "
        "networks' ranges (or use serviceType NodePort behind a private VIP)"
    )


def test_east_west_node_port_on_attached_cluster_needs_no_source_ranges() -> None:
    raw = onprem()
    raw["gateways"] = [
        {
            "name": "istio-eastwestgateway",
            "kind": "east-west",
            "namespace": "istio-eastwest",
            "serviceType": "NodePort",
        }
    ]

    assert parse_platform(raw).gateways[0].service == "NodePort"


def test_chart_version_must_be_exact() -> None:
    raw = onprem()
    raw["mesh"]["istiod"]["revisions"][0]["version"] = "1.29"

    assert spec_message(raw) == (
        "platform.mesh.istiod.revisions[0].version: '1.29' must be an exact version: an Istio chart"
        " version, MAJOR.MINOR.PATCH (e.g. 1.24.2), or an ASM release, MAJOR.MINOR.POINT-asm.REV"
        " (e.g. 1.28.5-asm.9)"
    )


def test_asm_distribution_with_asm_releases_is_accepted() -> None:
    raw = onprem()
    raw["mesh"]["istiod"] = {
        "distribution": "asm",
        "revisions": [{"name": "asm-1285-9", "version": "1.28.5-asm.9"}],
    }

    assert parse_platform(raw).mesh.istiod is not None


def test_asm_distribution_refuses_a_version_without_the_asm_release_format() -> None:
    raw = onprem()
    raw["mesh"]["istiod"]["distribution"] = "asm"

    assert spec_message(raw) == (
        "platform.mesh.istiod.revisions[0].version: '1.29.6' has no ASM release format; with"
        " mesh.istiod.distribution: asm name an ASM release, MAJOR.MINOR.POINT-asm.REV (e.g. 1.28.5-asm.9)"
    )


def test_istio_distribution_refuses_an_asm_release() -> None:
    raw = onprem()
    raw["mesh"]["istiod"]["revisions"][1]["version"] = "1.28.5-asm.9"

    assert spec_message(raw) == (
        "platform.mesh.istiod.revisions[1].version: '1.28.5-asm.9' is an ASM release, not an Istio"
        " chart version; set mesh.istiod.distribution: asm, or name Istio's version (MAJOR.MINOR.PATCH)"
    )


def test_kubeconfig_key_must_be_a_config_key() -> None:
    raw = onprem()
    raw["clusters"][0]["kubeconfig"] = "bad key!"

    assert spec_message(raw) == (
        "platform.clusters[0].kubeconfig: 'bad key!' must be a config key: a letter, then up to 99"
        " letters, digits, '-', '_' or '.'"
    )


def test_node_selector_on_a_load_balancer_east_west_gateway_is_refused() -> None:
    raw = onprem()
    raw["gateways"] = [
        {
            "name": "istio-eastwestgateway",
            "kind": "east-west",
            "namespace": "istio-eastwest",
            "loadBalancerSourceRanges": ["10.0.0.0/8"],
            "nodeSelector": {"edge": "true"},
        }
    ]

    assert spec_message(raw) == (
        "platform.gateways[0].nodeSelector: picks the nodes istiod announces for a NodePort east-west"
        " gateway and applies to no other; istio-eastwestgateway is of kind east-west with a"
        " LoadBalancer Service"
    )


def test_node_selector_on_a_node_port_ingress_gateway_is_refused() -> None:
    raw = onprem()
    raw["gateways"][0] |= {"serviceType": "NodePort", "nodeSelector": {"edge": "true"}}

    assert spec_message(raw).startswith("platform.gateways[0].nodeSelector: picks the nodes istiod announces")


def test_node_selector_on_a_node_port_east_west_gateway_is_accepted() -> None:
    raw = onprem()
    raw["gateways"] = [
        {
            "name": "istio-eastwestgateway",
            "kind": "east-west",
            "namespace": "istio-eastwest",
            "serviceType": "NodePort",
            "nodeSelector": {"edge": "true"},
        }
    ]

    assert parse_platform(raw).gateways[0].node_selector == {"edge": "true"}
