"""Remote secrets from a reader token Secret's data, as istioctl builds them."""

from __future__ import annotations

import base64

import pytest
import yaml

from components.mesh.remote_secrets import kubeconfig_from_token_secret

TOKEN = "eyJhbGciOiJSUzI1NiJ9.reader"
CA = base64.b64encode(b"-----BEGIN CERTIFICATE-----\n").decode()


def test_kubeconfig_carries_the_decoded_token_and_the_base64_ca() -> None:
    data = {"token": base64.b64encode(TOKEN.encode()).decode(), "ca.crt": CA, "namespace": "aXN0aW8tc3lzdGVt"}

    config = yaml.safe_load(kubeconfig_from_token_secret("onprem-2", "https://10.201.0.10:443", data))

    assert config["clusters"] == [
        {
            "cluster": {"certificate-authority-data": CA, "server": "https://10.201.0.10:443"},
            "name": "onprem-2",
        }
    ]
    assert config["users"] == [{"name": "onprem-2", "user": {"token": TOKEN}}]


def test_token_secret_not_filled_in_yet_is_an_error_without_values() -> None:
    with pytest.raises(ValueError) as failure:
        kubeconfig_from_token_secret("onprem-2", "https://x", {"ca.crt": CA})

    assert str(failure.value) == "the reader token Secret of onprem-2 has no token or ca.crt yet"
