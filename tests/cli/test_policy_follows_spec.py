"""meshfleet preview tells meshguard the spec's control-plane implementation, unless the
--policy-config file does."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from components.cli.policies import with_spec_config
from components.spec import parse_platform
from tests.checkout import meshfleet
from tests.harness import DEV_STACK_FILE
from tests.spec.fixtures import dev_platform

EXIT_POLICY_VIOLATION = 3
POLICY = "traffic-director-unsupported"


def _istiod_with_east_west(tmp_path: Path) -> Path:
    config = yaml.safe_load(DEV_STACK_FILE.read_text())
    platform = config["config"]["meshfleet:platform"]
    platform["mesh"]["implementation"] = "ISTIOD"
    platform["gateways"].append(
        {"name": "istio-eastwestgateway", "kind": "east-west", "namespace": "istio-eastwest"}
    )
    path = tmp_path / "istiod.yaml"
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    return path


def _preview(tmp_path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    config = _istiod_with_east_west(tmp_path)
    build = tmp_path / "build"
    return meshfleet(
        "preview", "--stack", "dev", "--config-file", str(config), "--build-dir", str(build), *extra
    )


def test_east_west_gateway_on_managed_istiod_passes_the_pack(tmp_path: Path) -> None:
    result = _preview(tmp_path)

    assert (result.returncode, "0 mandatory" in result.stdout) == (0, True), result.stdout + result.stderr


def test_policy_config_file_setting_the_implementation_wins(tmp_path: Path) -> None:
    settings = tmp_path / "policy.json"
    settings.write_text(json.dumps({POLICY: {"controlPlaneImplementation": "TRAFFIC_DIRECTOR"}}))

    result = _preview(tmp_path, "--policy-config", str(settings))

    assert result.returncode == EXIT_POLICY_VIOLATION, result.stdout + result.stderr
    assert "AUTO_PASSTHROUGH" in result.stdout


def _spec(**mesh: Any) -> Any:
    raw = dev_platform()
    raw["mesh"].update(mesh)
    return parse_platform(raw)


@pytest.mark.parametrize(
    ("implementation", "expected"), [("TRAFFIC_DIRECTOR", "TRAFFIC_DIRECTOR"), ("ISTIOD", "ISTIOD")]
)
def test_no_file_gives_the_spec_implementation(implementation: str, expected: str) -> None:
    assert with_spec_config(None, _spec(implementation=implementation)) == {
        POLICY: {"controlPlaneImplementation": expected}
    }


def test_in_cluster_control_plane_is_istiod() -> None:
    # The spec refuses managed-only settings (channel, implementation) without a managed cluster.
    raw = dev_platform()
    raw["mesh"] = {
        "controlPlane": "in-cluster",
        "istiod": {"revisions": [{"name": "1-24-2", "version": "1.24.2"}]},
        "trustRoot": {},
    }
    spec = parse_platform(raw)

    assert with_spec_config(None, spec) == {POLICY: {"controlPlaneImplementation": "ISTIOD"}}


def test_a_level_only_entry_keeps_its_level_and_gets_the_implementation() -> None:
    assert with_spec_config({POLICY: "advisory", "all": "mandatory"}, _spec(implementation="ISTIOD")) == {
        POLICY: {"enforcementLevel": "advisory", "controlPlaneImplementation": "ISTIOD"},
        "all": "mandatory",
    }
