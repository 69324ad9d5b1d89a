"""Istio remote secrets: the Secret istioctl writes, pointed at a cluster's private endpoint."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pulumi
import pulumi_kubernetes as kubernetes
import yaml

from components.engine import run_program, write_manifests
from components.render.remote_secret import remote_secret
from tests.schemas import validate_manifest

CA = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg=="
TOKEN = "eyJhbGciOiJSUzI1NiJ9.clear-token-value"
SECRET_TYPE = "kubernetes:core/v1:Secret"


def rendered() -> dict[str, Any]:
    return remote_secret("tokyo-2", "192.168.8.2", CA, TOKEN)


def test_remote_secret_is_named_after_the_cluster_in_istio_system() -> None:
    metadata = rendered()["metadata"]

    assert (metadata["namespace"], metadata["name"]) == ("istio-system", "istio-remote-secret-tokyo-2")


def test_remote_secret_carries_istios_multicluster_label_and_cluster_annotation() -> None:
    metadata = rendered()["metadata"]

    assert metadata["labels"] == {"istio/multiCluster": "true"}
    assert metadata["annotations"] == {"networking.istio.io/cluster": "tokyo-2"}


def test_remote_secret_kubeconfig_points_at_the_private_endpoint_with_ca_and_token() -> None:
    kubeconfig = yaml.safe_load(rendered()["stringData"]["tokyo-2"])

    assert kubeconfig == {
        "apiVersion": "v1",
        "clusters": [
            {
                "cluster": {"certificate-authority-data": CA, "server": "https://192.168.8.2"},
                "name": "tokyo-2",
            }
        ],
        "contexts": [{"context": {"cluster": "tokyo-2", "user": "tokyo-2"}, "name": "tokyo-2"}],
        "current-context": "tokyo-2",
        "kind": "Config",
        "preferences": {},
        "users": [{"name": "tokyo-2", "user": {"token": TOKEN}}],
    }


def test_remote_secret_passes_the_core_secret_schema() -> None:
    validate_manifest(rendered())


def _secret_program() -> None:
    provider = kubernetes.Provider("remote", kubeconfig="{}")
    token = pulumi.Output.secret(TOKEN)
    ca = pulumi.Output.secret(CA)
    body = pulumi.Output.all(token, ca).apply(
        lambda parts: remote_secret("tokyo-2", "192.168.8.2", parts[1], parts[0])
    )
    kubernetes.core.v1.Secret(
        "tokyo-2-remote-secret",
        metadata=rendered()["metadata"],
        string_data=body.apply(lambda b: b["stringData"]),
        opts=pulumi.ResourceOptions(provider=provider),
    )


def test_remote_secret_from_pulumi_secrets_shows_secret_in_the_plan_and_never_the_clear_values(
    tmp_path: Path,
) -> None:
    plan = run_program(_secret_program, project="demo", stack="dev")
    secret = plan.find(SECRET_TYPE, "tokyo-2-remote-secret")
    written = write_manifests(plan, tmp_path)
    texts = [plan.to_json(), *(p.read_text() for p in written)]

    assert secret.inputs["stringData"] == "<secret>"
    assert len(written) == 1
    assert "<secret>" in written[0].read_text()
    for text in texts:
        assert TOKEN not in text
        assert CA not in text
        assert "clear-token-value" not in text
