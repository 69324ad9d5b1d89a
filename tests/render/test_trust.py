"""The plug-in CA's files as istiod reads them (Istio's "Plug in CA Certificates", tools/certs)."""

from __future__ import annotations

from components.render.trust import CACERTS_FILES, cacerts_secret, cert_chain, intermediate_subject


def test_the_chain_is_the_intermediate_then_the_root() -> None:
    # tools/certs: cat ca-cert.pem root-cert.pem > cert-chain.pem
    assert cert_chain("INTERMEDIATE\n", "ROOT\n\n") == "INTERMEDIATE\nROOT\n"


def test_the_secret_holds_the_four_files_istiod_requires_together() -> None:
    secret = cacerts_secret(root="r", generation=1, ca_cert="c", ca_key="k", root_cert="rc", chain="ch")

    # istiod refuses to start on some of them without the others (createIstioCA).
    assert sorted(secret["stringData"]) == sorted(CACERTS_FILES)
    assert secret["stringData"]["ca-key.pem"] == "k"
    assert (secret["metadata"]["name"], secret["metadata"]["namespace"]) == ("cacerts", "istio-system")


def test_the_intermediate_subject_carries_the_cluster_as_locality() -> None:
    assert intermediate_subject("onprem-1") == {
        "organization": "Istio",
        "common_name": "Intermediate CA",
        "locality": "onprem-1",
    }
