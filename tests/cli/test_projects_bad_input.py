"""The enterprise stack's bad inputs, as a user types them: exit 2, one line, nothing written."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.checkout import meshfleet

from .test_bad_input import refused

ENTERPRISE = Path(__file__).resolve().parents[2] / "stacks" / "Pulumi.enterprise.yaml"


def preview_with(tmp_path: Path, old: str, new: str) -> subprocess.CompletedProcess[str]:
    text = ENTERPRISE.read_text()
    assert text.count(old) == 1
    config = tmp_path / "Pulumi.change.yaml"
    config.write_text(text.replace(old, new))
    return meshfleet(
        "preview",
        "--stack",
        "enterprise",
        "--config-file",
        str(config),
        "--build-dir",
        str(tmp_path / "build"),
    )


@pytest.mark.parametrize(
    ("old", "new", "error"),
    [
        (
            "        autopilot: true\n",
            "        autopilot: true\n        nodePool: {machineType: e2-standard-8}\n",
            "platform.clusters[1].nodePool: an Autopilot cluster has no node pools",
        ),
        (
            "      fleetProject: acme-fleet-host\n",
            "",
            "platform.clusters[0].project: acme-team-a is not gcp.project (acme-net-host):",
        ),
        (
            "        subnet: team-b-tokyo\n",
            "        subnet: team-b-own\n",
            "platform.clusters[1].subnet: 'team-b-own' is not a subnet of the Shared VPC in host project"
            " acme-net-host",
        ),
    ],
    ids=["node-pool-on-autopilot", "no-fleet-host", "subnet-outside-the-host"],
)
def test_refused_in_one_line_and_nothing_written(tmp_path: Path, old: str, new: str, error: str) -> None:
    result = preview_with(tmp_path, old, new)

    # From a file, the line is led by where the field is: `<file>:<line>: <field>: <rule>`.
    place, message = refused(result).split(": ", 1)
    assert place.startswith(str(tmp_path)) and message.startswith(error)
    assert not (tmp_path / "build").exists()
