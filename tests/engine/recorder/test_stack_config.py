"""Stack config: read from a stack file, and handed to the program as the Pulumi CLI does."""

from __future__ import annotations

from pathlib import Path

import pulumi
import pulumi_gcp as gcp

from components.engine.plan import SECRET
from components.engine.recorder import load_stack_config

from .programs import run


def test_config_object_reaches_require_object() -> None:
    def program() -> None:
        platform = pulumi.Config("meshfleet").require_object("platform")
        gcp.compute.Network(platform["network"]["name"], mtu=platform["network"]["mtu"])

    plan = run(program, **{"meshfleet:platform": {"network": {"name": "mesh-vpc", "mtu": 1500}}})

    assert plan.find("gcp:compute/network:Network", "mesh-vpc").inputs["mtu"] == 1500


def test_config_key_without_namespace_belongs_to_the_project() -> None:
    def program() -> None:
        gcp.compute.Network("net", description=pulumi.Config().require("description"))

    plan = run(program, description="from config")

    assert plan.find("gcp:compute/network:Network", "net").inputs["description"] == "from config"


def test_secure_config_value_is_an_unknown_secret() -> None:
    def program() -> None:
        gcp.compute.Network("net", description=pulumi.Config("demo").require_secret("password"))

    plan = run(program, **{"demo:password": {"secure": "v1:ciphertext"}})

    net = plan.find("gcp:compute/network:Network", "net")
    assert net.inputs["description"] == SECRET
    assert "ciphertext" not in plan.to_json()


def test_load_stack_config_keeps_keys_structure_and_secure_markers(tmp_path: Path) -> None:
    stack_file = tmp_path / "Pulumi.dev.yaml"
    stack_file.write_text(
        "config:\n"
        "  gcp:project: acme\n"
        "  meshfleet:platform:\n"
        "    clusters: [{name: tokyo-1}]\n"
        "  meshfleet:token:\n"
        "    secure: v1:abc\n"
    )

    assert load_stack_config(stack_file) == {
        "gcp:project": "acme",
        "meshfleet:platform": {"clusters": [{"name": "tokyo-1"}]},
        "meshfleet:token": {"secure": "v1:abc"},
    }
