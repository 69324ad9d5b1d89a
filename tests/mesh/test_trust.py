"""One root of trust: every in-cluster control plane gets a plug-in CA chained to the mesh's root,
before its istiod starts, and the root's key never shows in clear."""

from __future__ import annotations

import functools
from typing import Any

import pytest

from components.engine import SECRET, Plan, ProgramError, kubernetes_manifests
from components.render.trust import CACERTS_FILES, GENERATION_ANNOTATION, TRUST_ROOT_ANNOTATION
from tests.attached.test_attached_clusters import KUBECONFIGS, TWO, run
from tests.harness import TRUST_CONFIG
from tests.schemas import validate_manifest

SECRET_TYPE = "kubernetes:core/v1:Secret"
RELEASE = "kubernetes:helm.sh/v3:Release"
LOCALLY_SIGNED = "tls:index/locallySignedCert:LocallySignedCert"
CERT_REQUEST = "tls:index/certRequest:CertRequest"
PRIVATE_KEY = "tls:index/privateKey:PrivateKey"


def with_trust(**fields: Any) -> dict[str, Any]:
    return {**TWO, "mesh": {**TWO["mesh"], "trustRoot": fields}}


@functools.cache
def two_plan() -> Plan:
    return run(TWO, KUBECONFIGS, list(KUBECONFIGS))


def cacerts(plan: Plan) -> dict[str, Any]:
    """The cacerts Secret of each cluster, by the name of its provider."""
    return {
        plan.get(s.provider or "").name: s
        for s in plan.by_type(SECRET_TYPE)
        if s.inputs["metadata"]["name"] == "cacerts"
    }


def test_every_in_cluster_control_plane_gets_a_cacerts_secret_in_istio_system() -> None:
    found = cacerts(two_plan())

    assert sorted(found) == ["mesh-onprem-1-k8s", "mesh-onprem-2-k8s"]
    assert {s.inputs["metadata"]["namespace"] for s in found.values()} == {"istio-system"}


def test_the_cacerts_secrets_name_one_root() -> None:
    annotations = [s.inputs["metadata"]["annotations"] for s in cacerts(two_plan()).values()]

    assert annotations == [{TRUST_ROOT_ANNOTATION: "mesh-root", GENERATION_ANNOTATION: "1"}] * 2


def test_the_plug_in_files_are_secret() -> None:
    for secret in cacerts(two_plan()).values():
        assert secret.inputs["stringData"] == SECRET
        assert "stringData" in secret.secret_paths


def test_istiod_waits_for_its_clusters_cacerts() -> None:
    plan = two_plan()
    for cluster in ("onprem-1", "onprem-2"):
        release = plan.find(RELEASE, f"mesh-{cluster}-istiod-revision-1-30-3")
        secret = plan.find(SECRET_TYPE, f"mesh-{cluster}-istiod-cacerts")

        assert secret.urn in release.dependencies


def test_each_cluster_has_its_own_intermediate_signed_by_the_root_key() -> None:
    plan = two_plan()
    certs = plan.by_type(LOCALLY_SIGNED)

    assert [c.name for c in certs] == ["mesh-onprem-1-istiod-ca-cert", "mesh-onprem-2-istiod-ca-cert"]
    for cert in certs:
        assert cert.inputs["caPrivateKeyPem"] == SECRET
        assert cert.inputs["isCaCertificate"] is True
        assert cert.inputs["maxPathLength"] == 0


def test_the_intermediate_names_its_cluster_as_istio_tools_do() -> None:
    subjects = [r.inputs["subject"] for r in two_plan().by_type(CERT_REQUEST)]

    assert [(s["commonName"], s["organization"], s["locality"]) for s in subjects] == [
        ("Intermediate CA", "Istio", "onprem-1"),
        ("Intermediate CA", "Istio", "onprem-2"),
    ]


def test_the_root_key_never_appears_in_clear() -> None:
    plan = two_plan()
    clear_key = TRUST_CONFIG["meshfleet:mesh-root-key"]

    assert "clear-root-key-of-the-tests" in clear_key
    assert "clear-root-key-of-the-tests" not in plan.to_json()
    manifests = kubernetes_manifests(plan)
    assert "clear-root-key-of-the-tests" not in repr(manifests)


def test_cacerts_passes_the_core_schema() -> None:
    manifests = [
        m
        for ms in kubernetes_manifests(two_plan()).values()
        for m in ms
        if m["kind"] == "Secret" and m["metadata"]["name"] == "cacerts"
    ]

    assert len(manifests) == 2
    for manifest in manifests:
        # The masked stringData is a marker; the schema checks the rest with the real shape.
        validate_manifest({**manifest, "stringData": dict.fromkeys(CACERTS_FILES, "PEM")})


def test_a_new_generation_is_a_new_intermediate_key() -> None:
    plan = run(with_trust(generation=2), KUBECONFIGS, list(KUBECONFIGS))

    assert [k.name for k in plan.by_type(PRIVATE_KEY)] == [
        "mesh-onprem-1-istiod-ca-key-g2",
        "mesh-onprem-2-istiod-ca-key-g2",
    ]
    assert {r.inputs["subject"]["serialNumber"] for r in plan.by_type(CERT_REQUEST)} == {"2"}


def test_given_intermediates_are_read_from_secret_config_and_nothing_is_signed() -> None:
    config = {
        **KUBECONFIGS,
        **{
            f"meshfleet:{cluster}-{part}": f"{part} of {cluster}"
            for cluster in ("onprem-1", "onprem-2")
            for part in ("ca-cert", "ca-key", "cert-chain")
        },
    }
    plan = run(with_trust(issuer="intermediates"), config, list(config))

    assert plan.by_type(LOCALLY_SIGNED) == []
    assert len(cacerts(plan)) == 2
    assert "ca-key of onprem-1" not in plan.to_json()


def test_a_single_cluster_without_trust_root_gets_no_plug_in_ca() -> None:
    raw = {**TWO, "clusters": TWO["clusters"][:1], "mesh": {"istiod": TWO["mesh"]["istiod"]}}
    raw["gateways"] = TWO["gateways"][:1]

    assert cacerts(run(raw, KUBECONFIGS, list(KUBECONFIGS))) == {}


def test_a_root_key_stored_in_clear_is_refused_without_showing_it() -> None:
    clear = [k for k in KUBECONFIGS if k != "meshfleet:mesh-root-key"]
    with pytest.raises(ProgramError) as failure:
        run(TWO, KUBECONFIGS, clear)

    message = str(failure.value)
    assert "meshfleet:mesh-root-key: the mesh's root key is stored in clear" in message
    assert "clear-root-key-of-the-tests" not in message
