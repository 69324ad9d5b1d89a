"""meshfleet with layered stacks, as a reviewer runs it: a layer reads the layers below from
their offline previews, a missing one is named in one line, and --all runs them in order."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.checkout import meshfleet

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def all_staging(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path]:
    build = tmp_path_factory.mktemp("build")
    return meshfleet("preview", "--all", "staging", "--build-dir", str(build)), build


def test_a_layer_whose_lower_layer_was_not_previewed_exits_2_naming_it(tmp_path: Path) -> None:
    result = meshfleet("preview", "--stack", "staging-routes", "--build-dir", str(tmp_path))

    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "run `meshfleet preview --stack staging-clusters` first" in result.stderr
    assert not (tmp_path / "staging-routes").exists()


def test_a_layer_reads_the_lower_layer_from_a_relative_build_folder(tmp_path: Path) -> None:
    # The program runs in the project's main folder (stacks/), the CLI in the user's: a relative
    # --build-dir must name the same plan for both.
    build = os.path.relpath(tmp_path / "build", ROOT)
    network = meshfleet("preview", "--stack", "staging-network", "--build-dir", build, "--summary")
    assert network.returncode == 0, network.stderr

    clusters = meshfleet("preview", "--stack", "staging-clusters", "--build-dir", build, "--summary")

    assert clusters.returncode == 0, clusters.stderr
    assert (tmp_path / "build" / "staging-clusters" / "plan.json").is_file()


def test_a_reference_to_another_projects_stack_exits_2(tmp_path: Path) -> None:
    config = yaml.safe_load((ROOT / "stacks" / "Pulumi.staging-routes.yaml").read_text())
    config["config"]["meshfleet:references"] = {"clusters": "acme/other/staging-clusters"}
    path = tmp_path / "Pulumi.staging-routes.yaml"
    path.write_text(yaml.safe_dump(config))

    result = meshfleet(
        "preview", "--stack", "staging-routes", "--config-file", str(path), "--build-dir", str(tmp_path)
    )

    assert result.returncode == 2
    assert "a stack of project other: offline, only stacks of project meshfleet can be read" in result.stderr


@pytest.mark.parametrize("command", ["preview", "diff"])
def test_a_bad_layer_exits_2_naming_the_key(command: str, tmp_path: Path) -> None:
    config = yaml.safe_load((ROOT / "stacks" / "Pulumi.staging-mesh.yaml").read_text())
    config["config"]["meshfleet:layer"] = "gateway"
    path = tmp_path / "Pulumi.staging-mesh.yaml"
    path.write_text(yaml.safe_dump(config))

    result = meshfleet(command, "--stack", "staging-mesh", "--config-file", str(path))

    assert result.returncode == 2
    # Led by the file:line of the key, as a spec error read from a file is.
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if "meshfleet:layer:" in text)
    assert result.stderr.startswith(
        f"error: {path}:{line}: meshfleet:layer: 'gateway' is not a layer; layers are network,"
    )


def test_all_exits_0(all_staging: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    assert all_staging[0].returncode == 0, all_staging[0].stdout + all_staging[0].stderr


def test_all_runs_the_layers_in_waves_of_what_they_read(
    all_staging: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    assert (
        "4 layered stacks in 3 waves: {staging-network} -> {staging-clusters} -> "
        "{staging-mesh, staging-routes}" in all_staging[0].stdout
    )


def test_all_writes_each_layers_plan(all_staging: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    build = all_staging[1]
    for layer in ("network", "clusters", "mesh", "routes"):
        plan = json.loads((build / f"staging-{layer}" / "plan.json").read_text())
        assert plan["stack"] == f"staging-{layer}"


def test_all_checks_the_joined_plan_of_the_layers(
    all_staging: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    joined = json.loads((all_staging[1] / "staging+layers" / "plan.json").read_text())
    staging = json.loads((ROOT / "stacks" / "baselines" / "staging.plan.json").read_text())

    assert len(joined["resources"]) == len(staging["resources"])
    assert "joined policies: meshguard" in all_staging[0].stdout


def test_all_refuses_a_stack_too() -> None:
    result = meshfleet("preview", "--all", "staging", "--stack", "staging-mesh")

    assert result.returncode == 2
    assert result.stderr.startswith("error: --all previews every layered stack of an environment")


def test_all_of_an_environment_without_layers_exits_2() -> None:
    result = meshfleet("preview", "--all", "prod")

    assert result.returncode == 2
    assert "--all prod: no layered stacks" in result.stderr


def test_a_bad_reference_is_led_by_the_line_of_its_entry(tmp_path: Path) -> None:
    config = yaml.safe_load((ROOT / "stacks" / "Pulumi.staging-routes.yaml").read_text())
    config["config"]["meshfleet:references"] = {"network": "staging-network"}
    path = tmp_path / "Pulumi.staging-routes.yaml"
    path.write_text(yaml.safe_dump(config))

    result = meshfleet("preview", "--stack", "staging-routes", "--config-file", str(path))

    lines = path.read_text().splitlines()
    line = next(i for i, text in enumerate(lines, 1) if "network: staging-network" in text)
    assert result.returncode == 2
    assert result.stderr == (
        f"error: {path}:{line}: meshfleet:references.network: the routes layer reads clusters\n"
    )


def test_all_writes_the_mesh_report_of_the_joined_plan_equal_to_the_whole_stacks(
    all_staging: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    joined = (all_staging[1] / "staging+layers" / "mesh.json").read_text()

    assert joined == (ROOT / "stacks" / "baselines" / "staging.mesh.json").read_text()


def test_all_prints_the_joined_plans_meshes_and_routes(
    all_staging: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    stdout = all_staging[0].stdout
    joined = stdout[stdout.index("joined plan of the 4 stacks") :]

    titles = [line.strip() for line in joined.splitlines()]
    assert any(t.startswith("meshes (details: ") for t in titles)
    assert "routes" in titles


def test_a_layers_own_mesh_report_says_it_sees_that_layer_only(
    all_staging: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    stdout = all_staging[0].stdout
    routes = stdout[stdout.index("== staging-routes") :]

    assert "mesh: the routes layer's objects only" in routes
    assert "`meshfleet preview --all staging` reports the joined layers" in " ".join(routes.split())
