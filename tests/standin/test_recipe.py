"""The recipe's proof: a cloud meshfleet has never heard of, added as the README says, previews
through the real CLI and engine, and is refused in one line when its kubeconfig is not secret.

The stand-in (`tests/standin/cloud.py`) touches nothing under `components/`: one
`register(...)` line (`__main__.py`) adds its spec model to the cluster union and its builder
to the registry.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.checkout import ROOT, checkout_env

KUBECONFIG_KEY = "meshfleet:edge-1-kubeconfig"
SECRET = {"secure": "v1:PLACEHOLDER-NOT-A-REAL-CIPHERTEXT:set-with-pulumi-config-set--secret"}
PLATFORM = {
    "environment": "edge",
    "clusters": [{"name": "edge-1", "cloud": "standin"}],
    "mesh": {"istiod": {"revisions": [{"name": "1-24-2", "version": "1.24.2"}]}},
    "gateways": [{"name": "istio-ingressgateway", "namespace": "istio-gateway"}],
}


def standin(tmp_path: Path, kubeconfig: object | None) -> subprocess.CompletedProcess[str]:
    """`meshfleet preview` of a scratch project running the real stack program, with the
    stand-in cloud registered, for a stack whose kubeconfig entry is `kubeconfig` (or none)."""
    (tmp_path / "Pulumi.yaml").write_text(f"name: meshfleet\nruntime: python\nmain: {ROOT / 'stacks'}\n")
    config: dict[str, object] = {"meshfleet:platform": PLATFORM}
    if kubeconfig is not None:
        config[KUBECONFIG_KEY] = kubeconfig
    (tmp_path / "Pulumi.edge.yaml").write_text(yaml.safe_dump({"config": config}))
    return subprocess.run(
        [
            *(sys.executable, "-m", "tests.standin", "preview", "--stack", "edge", "--build-dir", "build"),
            *("--policy-pack", str(ROOT / "policy")),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env=checkout_env(),
    )


def refused(result: subprocess.CompletedProcess[str]) -> str:
    """The one error line of a refused command (exit 2, one line, no traceback)."""
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1, result.stderr[:500]
    assert result.stderr.startswith("error: ")
    return result.stderr.removeprefix("error: ").rstrip("\n")


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("standin")
    result = standin(root, SECRET)
    assert result.returncode == 0, result.stderr
    return json.loads((root / "build" / "edge" / "plan.json").read_text())


def _resources(plan: dict, type_: str) -> list[dict]:
    return [r for r in plan["resources"] if r["type"] == type_]


def test_the_gateway_runs_on_the_standin_cluster_through_its_own_provider(plan: dict) -> None:
    (provider,) = _resources(plan, "pulumi:providers:kubernetes")
    (deployment,) = [
        r for r in _resources(plan, "kubernetes:apps/v1:Deployment") if "istio-ingressgateway" in r["urn"]
    ]

    assert provider["urn"].endswith("::mesh-edge-1-k8s")
    assert deployment["provider"].startswith(provider["urn"])


def test_the_standin_cluster_runs_the_in_cluster_istiod_its_model_declares(plan: dict) -> None:
    releases = _resources(plan, "kubernetes:helm.sh/v3:Release")

    assert {r["inputs"]["chart"] for r in releases} >= {"base", "istiod"}
    (istiod,) = [r for r in releases if r["inputs"]["chart"] == "istiod"]
    # The network is the cluster's own: the default of a cluster reached by kubeconfig.
    assert istiod["inputs"]["values"]["global"]["network"] == "edge-1"


def test_the_kubeconfig_reaches_the_provider_only_as_a_secret(plan: dict) -> None:
    (provider,) = _resources(plan, "pulumi:providers:kubernetes")

    assert "PLACEHOLDER" not in json.dumps(plan)
    assert provider["inputs"]["kubeconfig"] == "<secret>"


def test_a_missing_kubeconfig_of_a_standin_cluster_is_refused_in_one_line(tmp_path: Path) -> None:
    result = standin(tmp_path, None)

    assert refused(result).endswith(
        f"{KUBECONFIG_KEY} is missing: the kubeconfig of standin cluster edge-1; "
        f"pulumi config set --secret {KUBECONFIG_KEY} < kubeconfig.yaml"
    )
    assert not (tmp_path / "build").exists()


def test_a_kubeconfig_of_a_standin_cluster_in_clear_is_refused_in_one_line(tmp_path: Path) -> None:
    result = standin(tmp_path, "apiVersion: v1")

    assert "holds the kubeconfig of standin cluster edge-1 in clear; store it as a secret" in refused(result)
    assert not (tmp_path / "build").exists()
