"""The package schema, as `pulumi package get-schema` reads it: from the plugin's GetSchema.

The Pulumi CLI launches the plugin (`python .` in components/package, PulumiPlugin.yaml's
runtime), reads the port it prints and calls GetSchema over gRPC; SDKs in every language are
generated from that answer. The committed `components/package/schema.json` must be that answer.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any, get_type_hints

import grpc
import pytest
import yaml
from google.protobuf import empty_pb2
from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc

from components.package import args as package_args
from components.package.convert import camel
from components.package.provider import NAME, VERSION, package_schema
from components.spec import PlatformSpec
from components.spec.json_schema import schema_text

ROOT = Path(__file__).resolve().parents[2]
PLUGIN = ROOT / "components" / "package"
COMMITTED = PLUGIN / "schema.json"
REGENERATE = "regenerate with: .venv/bin/meshfleet schema package > components/package/schema.json"

EXPOSED = {
    "MeshPlatform": package_args.MeshPlatformArgs,
    "PrivateGkeCluster": package_args.PrivateGkeClusterArgs,
    "AksCluster": package_args.AksClusterArgs,
    "IstioGateway": package_args.IstioGatewayArgs,
    "Route": package_args.RouteArgs,
}


@pytest.fixture(scope="module")
def served() -> dict[str, Any]:
    """The schema the plugin serves, launched as the CLI launches it."""
    plugin = subprocess.Popen(
        [sys.executable, ".", "127.0.0.1:0"],
        cwd=PLUGIN,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert plugin.stdout is not None
        port = plugin.stdout.readline().strip()
        assert port.isdigit(), f"the plugin printed no port: {port!r}"
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            stub = provider_pb2_grpc.ResourceProviderStub(channel)
            answer = stub.GetSchema(provider_pb2.GetSchemaRequest(version=0), timeout=60)
            info = stub.GetPluginInfo(empty_pb2.Empty(), timeout=60)
        assert info.version == VERSION
        return json.loads(answer.schema)
    finally:
        plugin.terminate()
        plugin.wait(timeout=30)


def test_the_manifest_runs_the_plugin_with_python() -> None:
    manifest = yaml.safe_load((PLUGIN / "PulumiPlugin.yaml").read_text(encoding="utf-8"))
    assert manifest["runtime"]["name"] == "python"
    # The repository's virtualenv, relative to the plugin folder, as the language host resolves it.
    assert (PLUGIN / manifest["runtime"]["options"]["virtualenv"]).resolve() == ROOT / ".venv"
    assert (PLUGIN / "__main__.py").is_file()


def test_the_served_schema_is_the_committed_one(served: dict[str, Any]) -> None:
    assert schema_text(served) == COMMITTED.read_text(encoding="utf-8"), REGENERATE


def test_the_package_is_named_meshfleet_with_index_tokens(served: dict[str, Any]) -> None:
    assert served["name"] == NAME == "meshfleet"
    assert set(served["resources"]) == {f"meshfleet:index:{name}" for name in EXPOSED}


def test_every_exposed_resource_is_a_component(served: dict[str, Any]) -> None:
    assert all(resource["isComponent"] is True for resource in served["resources"].values())


def test_every_input_is_documented(served: dict[str, Any]) -> None:
    undocumented = [
        f"{token}.{prop}"
        for token, resource in served["resources"].items()
        for prop, definition in resource["inputProperties"].items()
        if not definition.get("description", "").strip()
    ]
    assert undocumented == []


@pytest.mark.parametrize("component", sorted(EXPOSED))
def test_required_inputs_are_marked_required(served: dict[str, Any], component: str) -> None:
    resource = served["resources"][f"meshfleet:index:{component}"]
    required = {camel(key) for key in EXPOSED[component].__required_keys__}
    assert set(resource.get("requiredInputs", [])) == required
    assert required < set(resource["inputProperties"])


def test_mesh_platform_requires_what_the_spec_requires(served: dict[str, Any]) -> None:
    resource = served["resources"]["meshfleet:index:MeshPlatform"]
    assert sorted(resource["requiredInputs"]) == ["clusters", "environment"]


def test_mesh_platform_takes_every_top_level_field_of_the_spec() -> None:
    spec_keys = {field.alias for field in PlatformSpec.model_fields.values()}
    args_keys = {camel(key) for key in get_type_hints(package_args.MeshPlatformArgs)}
    assert args_keys == spec_keys, "add the spec's new top-level field to components/package/args.py"


def test_the_spec_is_plain_so_the_plan_is_known_at_preview(served: dict[str, Any]) -> None:
    # What decides which resources exist cannot wait for another resource's output.
    inputs = served["resources"]["meshfleet:index:MeshPlatform"]["inputProperties"]
    assert all(definition.get("plain") is True for definition in inputs.values())


def test_ids_of_resources_made_elsewhere_are_inputs(served: dict[str, Any]) -> None:
    inputs = served["resources"]["meshfleet:index:PrivateGkeCluster"]["inputProperties"]
    assert "plain" not in inputs["network"]
    assert "plain" not in inputs["subnetwork"]


def test_descriptions_are_dedented(served: dict[str, Any]) -> None:
    text = json.dumps(served)
    assert "\\n    " not in text


def test_the_schema_is_what_the_provider_builds_in_process(served: dict[str, Any]) -> None:
    assert package_schema() == served
