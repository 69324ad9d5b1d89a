"""Every secret config key the stack program reads previews offline, whatever it holds.

An offline preview cannot decrypt a `secure:` value; the program sees it as an unknown secret
(components.engine.recorder.secret_config). The one kind of secret the program reads is an
attached cluster's kubeconfig, and what reads it at plan time (the remote-secret renderer's
`kubeconfig_server`) only runs in an apply over it: a mesh of three attached clusters, each pair
exchanging remote secrets, previews with every kubeconfig still a secret.
"""

from __future__ import annotations

import copy
import functools
from pathlib import Path
from typing import Any

import pulumi
import pytest
import yaml

from components.engine import SECRET, Plan, load_stack_config, run_program
from components.spec import parse_platform
from components.spec.cluster import KubeconfigSecret
from tests.checkout import meshfleet
from tests.harness import K8S_PROVIDER, REPO

STACKS = REPO / "stacks"
ONPREM = STACKS / "Pulumi.onprem.yaml"
K8S_SECRET = "kubernetes:core/v1:Secret"
PLACEHOLDER = {"secure": "v1:PLACEHOLDER-NOT-A-REAL-CIPHERTEXT"}


def three_attached() -> dict[str, Any]:
    """The onprem stack with two more attached clusters, one network each, in its one mesh."""
    config = copy.deepcopy(load_stack_config(ONPREM))
    platform = config["meshfleet:platform"]
    first = platform["clusters"][0]
    first["network"] = "dc-1"
    for n in (2, 3):
        platform["clusters"].append({**copy.deepcopy(first), "name": f"onprem-{n}", "network": f"dc-{n}"})
        config[f"meshfleet:onprem-{n}-kubeconfig"] = PLACEHOLDER
    return config


@functools.cache
def three_plan() -> Plan:
    return run_program(STACKS, project="meshfleet", stack="onprem", config=three_attached())


def test_three_attached_clusters_in_one_mesh_exchange_remote_secrets_offline() -> None:
    secrets = {r.name for r in three_plan().by_type(K8S_SECRET) if "/remote-secret/" in r.name}

    assert secrets == {
        f"mesh-onprem-{a}/remote-secret/onprem-{b}" for a in (1, 2, 3) for b in (1, 2, 3) if a != b
    }


def test_their_kubeconfigs_stay_unknown_secrets() -> None:
    plan = three_plan()

    assert {r.inputs["kubeconfig"] for r in plan.by_type(K8S_PROVIDER)} == {SECRET}
    assert "PLACEHOLDER" not in plan.to_json()


def test_the_cli_previews_three_attached_clusters(tmp_path: Path) -> None:
    config_file = tmp_path / "three.yaml"
    config_file.write_text(yaml.safe_dump({"config": three_attached()}))

    done = meshfleet(
        "preview", "--stack", "onprem", "--config-file", str(config_file), "--build-dir", str(tmp_path / "b")
    )

    assert done.returncode == 0, done.stderr


def _secure_config_files() -> list[Path]:
    files = [*STACKS.glob("Pulumi.*.yaml"), *sorted((STACKS / "examples").glob("*/step-*.yaml"))]
    return [f for f in files if "secure:" in f.read_text()]


def _secret_keys_read(config: dict[str, Any]) -> set[str]:
    read: set[str] = set()
    full_key = pulumi.Config.full_key

    def spy(self: pulumi.Config, key: str) -> str:
        read.add(full_key(self, key))
        return full_key(self, key)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pulumi.Config, "full_key", spy)
        run_program(STACKS, project="meshfleet", stack="any", config=config)
    secure = {k for k, v in config.items() if isinstance(v, dict) and set(v) == {"secure"}}
    return read & secure


@pytest.mark.parametrize(
    "config_file", _secure_config_files(), ids=lambda p: str(p.relative_to(STACKS)).replace("/", ":")
)
def test_every_secret_key_a_shipped_stack_reads_previews_unknown(config_file: Path) -> None:
    config = load_stack_config(config_file)
    spec = parse_platform(config["meshfleet:platform"])
    reached = [c.reach() for c in spec.clusters]
    kubeconfig_keys = {r.full_key for r in reached if isinstance(r, KubeconfigSecret)}

    read = _secret_keys_read(config)

    # The run above completed with every secret it read unknown; the kubeconfigs among them are
    # covered by the three-cluster preview, the trust root's by tests/stacks/test_onprem.py.
    assert read and kubeconfig_keys <= read
