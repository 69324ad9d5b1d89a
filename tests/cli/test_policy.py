"""meshfleet preview with the policy pack, end to end: real processes, real exit codes."""

from __future__ import annotations

import json
import subprocess
import textwrap
from pathlib import Path

import pytest

from tests.checkout import meshfleet

ROOT = Path(__file__).resolve().parents[2]
EXIT_POLICY_VIOLATION = 3

ISTIO_SYSTEM_PROGRAM = """\
import pulumi
import pulumi_kubernetes as k8s

provider = k8s.Provider("cluster", kubeconfig="apiVersion: v1\\nkind: Config\\n")
opts = pulumi.ResourceOptions(provider=provider)
labels = {"app": "istio-ingressgateway", "istio": "ingressgateway"}
k8s.core.v1.Namespace(
    "istio-system", metadata={"name": "istio-system", "labels": {"istio-injection": "enabled"}}, opts=opts
)
k8s.apps.v1.Deployment(
    "gateway",
    metadata={"name": "istio-ingressgateway", "namespace": "istio-system"},
    spec={
        "selector": {"matchLabels": labels},
        "template": {
            "metadata": {"labels": labels, "annotations": {"inject.istio.io/templates": "gateway"}},
            "spec": {"containers": [{"name": "istio-proxy", "image": "auto"}]},
        },
    },
    opts=opts,
)
"""

UNPROTECTED_NETWORK_PROGRAM = """\
import pulumi_gcp as gcp

gcp.compute.Network("vpc", auto_create_subnetworks=False)
"""


def program(tmp_path: Path, source: str, name: str = "team-app") -> Path:
    directory = tmp_path / name
    directory.mkdir()
    (directory / "__main__.py").write_text(textwrap.dedent(source))
    return directory


@pytest.fixture(scope="module")
def dev(tmp_path_factory: pytest.TempPathFactory) -> subprocess.CompletedProcess[str]:
    return meshfleet("preview", "--stack", "dev", "--build-dir", str(tmp_path_factory.mktemp("build")))


def test_dev_passes_the_pack(dev: subprocess.CompletedProcess[str]) -> None:
    assert dev.returncode == 0, dev.stderr
    assert "policies: meshguard (22 policies): 0 mandatory, 3 advisory violation(s)" in dev.stdout


def test_dev_advisories_are_printed_with_resource_and_message(dev: subprocess.CompletedProcess[str]) -> None:
    lines = dev.stdout.splitlines()
    start = lines.index(next(line for line in lines if "advisory protect-stateful" in line))

    assert lines[start].startswith("  advisory protect-stateful: Networks and clusters have the protect")
    assert lines[start + 1].startswith(
        "    - mesh-network-vpc (gcp:compute/network:Network): network dev-mesh-vpc is not protected;"
    )


def test_program_with_a_gateway_in_istio_system_exits_3(tmp_path: Path) -> None:
    directory = program(tmp_path, ISTIO_SYSTEM_PROGRAM)

    result = meshfleet("preview", "--program", str(directory), "--build-dir", str(tmp_path / "build"))

    assert result.returncode == EXIT_POLICY_VIOLATION, result.stderr
    assert "mandatory gateway-namespace-separation" in result.stdout
    assert (
        "    - gateway (kubernetes:apps/v1:Deployment): gateway Deployment istio-system/istio-ingressgateway "
        "is in istio-system, a control-plane or system namespace." in result.stdout
    )
    assert result.stderr.startswith(
        "error: 1 mandatory policy violation(s) of meshguard (gateway-namespace-separation)"
    )
    # Reviewers still get the plan and the manifests.
    plan = json.loads((tmp_path / "build" / "team-app" / "dev" / "plan.json").read_text())
    assert plan["project"] == "team-app" and plan["stack"] == "dev"
    assert (tmp_path / "build" / "team-app" / "dev" / "manifests" / "cluster").is_dir()


def test_advisory_violations_only_warn(tmp_path: Path) -> None:
    directory = program(tmp_path, UNPROTECTED_NETWORK_PROGRAM)

    result = meshfleet(
        "preview", "--program", str(directory), "--stack", "qa", "--build-dir", str(tmp_path / "b")
    )

    assert result.returncode == 0, result.stderr
    assert "0 mandatory, 1 advisory violation(s)" in result.stdout
    assert "advisory protect-stateful" in result.stdout
    assert "- vpc (gcp:compute/network:Network): network vpc is not protected" in result.stdout
    assert (tmp_path / "b" / "team-app" / "qa" / "plan.json").is_file()


def test_no_policy_skips_the_pack(tmp_path: Path) -> None:
    directory = program(tmp_path, ISTIO_SYSTEM_PROGRAM)

    result = meshfleet(
        "preview", "--program", str(directory), "--no-policy", "--build-dir", str(tmp_path / "b")
    )

    assert result.returncode == 0, result.stderr
    assert "policies: not run (--no-policy)" in result.stdout
    assert "gateway-namespace-separation" not in result.stdout


def test_policy_config_sets_levels(tmp_path: Path) -> None:
    directory = program(tmp_path, ISTIO_SYSTEM_PROGRAM)
    config = tmp_path / "policy.json"
    config.write_text(json.dumps({"all": "advisory"}))

    result = meshfleet(
        "preview",
        "--program",
        str(directory),
        "--policy-config",
        str(config),
        "--build-dir",
        str(tmp_path / "b"),
    )

    assert result.returncode == 0, result.stderr
    assert "advisory gateway-namespace-separation" in result.stdout


def test_program_project_name_and_stack_config_come_from_its_pulumi_yaml(tmp_path: Path) -> None:
    directory = program(
        tmp_path,
        """\
        import pulumi
        import pulumi_gcp as gcp

        name = pulumi.Config().require("network")
        gcp.compute.Network(name, auto_create_subnetworks=False, opts=pulumi.ResourceOptions(protect=True))
        """,
    )
    (directory / "Pulumi.yaml").write_text("name: netops\nruntime: python\n")
    (directory / "Pulumi.prod.yaml").write_text("config:\n  netops:network: core-vpc\n")

    result = meshfleet(
        "preview", "--program", str(directory), "-s", "prod", "--build-dir", str(tmp_path / "b")
    )

    assert result.returncode == 0, result.stderr
    assert "gcp:compute/network:Network core-vpc" in result.stdout
    assert "0 mandatory, 0 advisory violation(s)" in result.stdout
    assert (tmp_path / "b" / "netops" / "prod" / "plan.json").is_file()


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["--policy-pack", "no-such-dir"], "PulumiPolicy.yaml not found"),
        (["--policy-config", "no-such.json"], "policy config no-such.json does not exist"),
        (["--no-policy", "--policy-pack", "policy"], "--no-policy cannot be combined"),
    ],
)
def test_bad_policy_options_exit_2(tmp_path: Path, args: list[str], error: str) -> None:
    result = meshfleet("preview", "--stack", "dev", "--build-dir", str(tmp_path), *args)

    assert result.returncode == 2
    assert error in result.stderr and result.stderr.count("\n") == 1
    assert not (tmp_path / "dev").exists()


def test_invalid_policy_config_exits_2_before_running(tmp_path: Path) -> None:
    config = tmp_path / "policy.json"
    config.write_text(json.dumps({"gateway-namespace-separation": {"extraReservedNamespaces": "ops"}}))

    result = meshfleet(
        "preview", "--stack", "dev", "--policy-config", str(config), "--build-dir", str(tmp_path / "b")
    )

    assert result.returncode == 2
    assert "is not of type array" in result.stderr
    assert not (tmp_path / "b").exists()


def test_stack_is_required_without_program(tmp_path: Path) -> None:
    result = meshfleet("preview", "--build-dir", str(tmp_path))

    assert result.returncode == 2
    assert "--stack is required" in result.stderr


def test_program_directory_without_a_program_exits_2(tmp_path: Path) -> None:
    result = meshfleet("preview", "--program", str(tmp_path), "--build-dir", str(tmp_path / "b"))

    assert result.returncode == 2
    assert "__main__.py not found" in result.stderr
