"""The meshfleet command end to end, as a reviewer runs it: a real process, real exit codes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.checkout import meshfleet

ROOT = Path(__file__).resolve().parents[2]
DEV_CONFIG = ROOT / "stacks" / "Pulumi.dev.yaml"


@pytest.fixture(scope="module")
def dev_preview(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path]:
    build = tmp_path_factory.mktemp("build")
    return meshfleet("preview", "--stack", "dev", "--build-dir", str(build)), build / "dev"


def broken_dev_config(tmp_path: Path, **cluster_changes: object) -> Path:
    config = yaml.safe_load(DEV_CONFIG.read_text())
    config["config"]["meshfleet:platform"]["clusters"][0].update(cluster_changes)
    path = tmp_path / "Pulumi.broken.yaml"
    path.write_text(yaml.safe_dump(config))
    return path


def test_preview_of_dev_exits_0(dev_preview: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    result, _ = dev_preview
    assert result.returncode == 0, result.stderr


def test_preview_prints_the_resource_tree(dev_preview: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    stdout = dev_preview[0].stdout
    for line in (
        "meshfleet:index:MeshPlatform mesh",
        "gcp:container/cluster:Cluster mesh-tokyo-1-cluster",
        "meshfleet:index:IstioGateway mesh-tokyo-1/istio-ingressgateway",
        "kubernetes:networking.istio.io/v1:VirtualService mesh-tokyo-1/sample/helloworld-virtualservice",
    ):
        assert line in stdout


def test_preview_prints_counts_per_type(dev_preview: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    counts = {
        parts[0]: parts[-1]
        for line in dev_preview[0].stdout.splitlines()
        if len(parts := line.replace("│", " ").split()) == 2 and ":" in parts[0]
    }
    assert counts["gcp:projects/iAMMember:IAMMember"] == "5"
    assert counts["kubernetes:core/v1:Namespace"] == "2"
    assert counts["gcp:container/cluster:Cluster"] == "1"


def test_preview_prints_each_route_and_where_it_enters(
    dev_preview: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    rows = [" ".join(line.replace("│", " ").split()) for line in dev_preview[0].stdout.splitlines()]
    assert (
        "mesh-tokyo-1-k8s: sample/helloworld istio-gateway/istio-ingressgateway (public load balancer)"
        " mesh-tokyo-1-k8s -"
    ) in rows
    assert [r["route"] for r in json.loads((dev_preview[1] / "mesh.json").read_text())["routes"]] == [
        "sample/helloworld"
    ]


def test_preview_writes_the_plan(dev_preview: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    plan = json.loads((dev_preview[1] / "plan.json").read_text())
    types = {r["type"] for r in plan["resources"]}
    assert {
        "gcp:compute/network:Network",
        "gcp:gkehub/feature:Feature",
        "pulumi:providers:kubernetes",
    } <= types


def test_plan_masks_the_kubeconfig(dev_preview: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    plan = json.loads((dev_preview[1] / "plan.json").read_text())
    (provider,) = [r for r in plan["resources"] if r["type"] == "pulumi:providers:kubernetes"]
    assert provider["inputs"]["kubeconfig"] == "<secret>"
    assert "gke-gcloud-auth-plugin" not in (dev_preview[1] / "plan.json").read_text()


def test_preview_writes_manifests_in_one_folder_per_cluster(
    dev_preview: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    folders = sorted(p.name for p in (dev_preview[1] / "manifests").iterdir())
    assert folders == ["mesh-tokyo-1-k8s"]
    files = {p.name for p in (dev_preview[1] / "manifests" / "mesh-tokyo-1-k8s").iterdir()}
    assert "istio-gateway_deployment_istio-ingressgateway.yaml" in files
    assert "sample_virtualservice_helloworld.yaml" in files


def test_invalid_spec_exits_2_with_one_line(tmp_path: Path) -> None:
    config = broken_dev_config(tmp_path, masterCidr="192.168.0.0/24")

    result = meshfleet(
        "preview", "--stack", "dev", "--config-file", str(config), "--build-dir", str(tmp_path / "b")
    )

    line = next(i for i, text in enumerate(config.read_text().splitlines(), 1) if "masterCidr" in text)
    assert result.returncode == 2
    assert result.stderr == (
        f"error: {config}:{line}: platform.clusters[0].masterCidr: 192.168.0.0/24 must be a /28 "
        "(GKE control plane range)\n"
    )


def test_invalid_spec_writes_nothing(tmp_path: Path) -> None:
    config = broken_dev_config(tmp_path, nodepool={"min": 1})

    result = meshfleet(
        "preview", "--stack", "dev", "--config-file", str(config), "--build-dir", str(tmp_path / "b")
    )

    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "b").exists()


def test_missing_stack_config_exits_2(tmp_path: Path) -> None:
    result = meshfleet("preview", "--stack", "nosuchstack", "--build-dir", str(tmp_path))

    assert result.returncode == 2
    assert result.stderr.startswith("error: --stack nosuchstack: no such stack (")
    stacks = sorted(
        p.name.removeprefix("Pulumi.").removesuffix(".yaml") for p in DEV_CONFIG.parent.glob("Pulumi.*.yaml")
    )
    assert result.stderr.endswith(f"; the stacks: {', '.join(stacks)}\n")
    assert "dev, " in result.stderr


def test_malformed_yaml_exits_2(tmp_path: Path) -> None:
    config = tmp_path / "Pulumi.bad.yaml"
    config.write_text("config:\n  meshfleet:platform: [unclosed\n")

    result = meshfleet(
        "preview", "--stack", "bad", "--config-file", str(config), "--build-dir", str(tmp_path)
    )

    assert result.returncode == 2
    assert (
        result.stderr == f"error: {config}:3: not valid YAML: expected ',' or ']', but got '<stream end>'\n"
    )


def test_outside_a_project_exits_2(tmp_path: Path) -> None:
    result = meshfleet("preview", "--stack", "dev", cwd=tmp_path)

    assert result.returncode == 2
    assert "no Pulumi.yaml" in result.stderr


def test_unknown_option_exits_2() -> None:
    result = meshfleet("preview", "--stack", "dev", "--no-such-option")

    assert result.returncode == 2
    assert "No such option" in result.stderr


def test_preview_replaces_stale_manifests(tmp_path: Path) -> None:
    stale = tmp_path / "dev" / "manifests" / "old-cluster" / "x.yaml"
    stale.parent.mkdir(parents=True)
    stale.write_text("kind: Gone\n")

    result = meshfleet("preview", "--stack", "dev", "--build-dir", str(tmp_path))

    assert result.returncode == 0, result.stderr
    assert not stale.exists()


def test_console_script_is_installed() -> None:
    assert shutil.which("meshfleet", path=str(Path(sys.executable).parent)) is not None


def test_preview_ends_with_no_changes_against_the_baseline(
    dev_preview: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    assert dev_preview[0].stdout.splitlines()[-1] == "baseline: no changes"


def test_preview_of_a_change_summarises_it_against_the_baseline(tmp_path: Path) -> None:
    config = yaml.safe_load(DEV_CONFIG.read_text())
    config["config"]["meshfleet:platform"]["routes"][0]["weights"] = {"v1": 50, "v2": 50}
    changed = tmp_path / "Pulumi.dev.yaml"
    changed.write_text(yaml.safe_dump(config))

    result = meshfleet(
        "preview", "--stack", "dev", "--config-file", str(changed), "--build-dir", str(tmp_path)
    )

    assert result.returncode == 0, result.stderr
    last = result.stdout.splitlines()[-1]
    assert last.startswith("baseline: 0 to add, 1 to change")
    # The suggested command reproduces the options given: without --config-file it would
    # compare the stack's own config and print "no changes".
    assert last.endswith(f"(run meshfleet diff --stack dev --config-file {changed})")


def test_stack_config_that_is_not_a_mapping_exits_2(tmp_path: Path) -> None:
    config = tmp_path / "Pulumi.list.yaml"
    config.write_text("- a\n- b\n")

    result = meshfleet(
        "preview", "--stack", "dev", "--config-file", str(config), "--build-dir", str(tmp_path)
    )

    assert result.returncode == 2
    assert result.stderr == f"error: {config}: a stack file must be a YAML mapping\n"
