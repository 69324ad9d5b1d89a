"""The readiness gate's provider, started the way `pulumi preview` and `pulumi up` start it.

The offline engine runs the gate's provider in-process; the Pulumi CLI does not. It launches
`pulumi-resource-pulumi-python` from the program's `main` folder with the runtime options raw
in its environment (`plugin_launch` cites the sources), so a virtualenv option that only
resolves from the project root fails every real preview (pulumi/pulumi#7061). Here the launch
is rebuilt from this checkout's own Pulumi.yaml and stacks/ folder, `python -m pulumi.dynamic`
is started exactly that way, and spoken to over gRPC with the provider a real offline plan of
the dev stack pickled: Check and Diff as a preview sends them, Create against a fake Kubernetes
API on 127.0.0.1, once reaching readiness and once timing out.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import grpc
import pytest
import yaml
from google.protobuf import json_format, struct_pb2
from pulumi.runtime import proto, rpc
from pulumi.runtime.proto import provider_pb2_grpc

from components.engine import load_stack_config, run_program
from components.engine.recorder import monitor
from components.engine.recorder.dynamic import PROVIDER_KEY
from tests.harness import DEV_STACK_FILE, MESH_READY, REPO
from tests.mesh.readiness.fake_server import FakeApiServer, running
from tests.plugins import plugin_channel

from .plugin_launch import (
    LaunchError,
    dynamic_provider_launch,
    language_host_virtualenv,
    plugin_pwd,
    script_virtualenv,
)

SIG = "4dabf18193072939515e22adb298388d"
SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270"
URN = f"urn:pulumi:dev::meshfleet::{MESH_READY}::mesh-tokyo-1-mesh-ready"


def _plain(value: Any) -> Any:
    """A wire value with its secret wrappers removed, as the engine sends a provider that
    accepts no secrets (the dynamic provider's Configure says so)."""
    if isinstance(value, dict):
        if value.get(SIG) == SECRET_SIG:
            return _plain(value["value"])
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


@pytest.fixture(scope="module")
def gate_inputs() -> dict[str, Any]:
    """The gate's inputs as the dev stack registers them offline, the pickled provider included."""
    seen: dict[str, dict[str, Any]] = {}
    register = monitor.RecordingMonitor.RegisterResource

    def keep(self: monitor.RecordingMonitor, request: Any) -> Any:
        if request.type == MESH_READY:
            seen[request.name] = _plain(json_format.MessageToDict(request.object))
        return register(self, request)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(monitor.RecordingMonitor, "RegisterResource", keep)
        config = load_stack_config(DEV_STACK_FILE)
        run_program(REPO / "stacks", project="meshfleet", stack="dev", config=config)
    inputs = seen["mesh-tokyo-1-mesh-ready"]
    assert base64.b64decode(inputs[PROVIDER_KEY])  # the pickle itself, not a plan's marker
    return inputs


@pytest.fixture(scope="module")
def provider() -> Iterator[provider_pb2_grpc.ResourceProviderStub]:
    """`python -m pulumi.dynamic`, launched as the CLI launches it, and a gRPC client to it."""
    launch = dynamic_provider_launch(REPO, engine_address="127.0.0.1:1")
    with plugin_channel(launch.argv, launch.cwd, launch.env) as channel:
        yield provider_pb2_grpc.ResourceProviderStub(channel)


def _struct(values: dict[str, Any]) -> struct_pb2.Struct:
    struct = struct_pb2.Struct()
    struct.update(values)
    return struct


def _props(struct: struct_pb2.Struct) -> dict[str, Any]:
    return rpc.deserialize_properties(struct, True)


# The launch itself


def test_the_provider_runs_from_the_main_folder_with_the_raw_option() -> None:
    launch = dynamic_provider_launch(REPO, engine_address="127.0.0.1:1")

    assert launch.cwd == REPO / "stacks"
    assert (
        launch.env["PULUMI_RUNTIME_VIRTUALENV"]
        == yaml.safe_load((REPO / "Pulumi.yaml").read_text())["runtime"]["options"]["virtualenv"]
    )
    assert launch.argv[1:] == ["-u", "-m", "pulumi.dynamic", "127.0.0.1:1"]


def test_the_provider_and_the_program_run_in_the_same_virtualenv() -> None:
    launch = dynamic_provider_launch(REPO, engine_address="127.0.0.1:1")
    program_venv = language_host_virtualenv(REPO)

    assert program_venv is not None
    assert Path(launch.argv[0]).resolve() == (program_venv / "bin" / "python").resolve()


def test_without_the_stacks_venv_link_the_script_exits_as_in_pulumi_7061(tmp_path: Path) -> None:
    # The same project with stacks/.venv missing: what every real preview hit before.
    (tmp_path / "stacks").mkdir()
    (tmp_path / "Pulumi.yaml").write_bytes((REPO / "Pulumi.yaml").read_bytes())
    (tmp_path / ".venv").symlink_to(REPO / ".venv")

    with pytest.raises(LaunchError, match=r"stacks/\.venv\" doesn't exist"):
        dynamic_provider_launch(tmp_path, engine_address="127.0.0.1:1")


def test_the_script_resolves_a_relative_virtualenv_against_its_working_folder() -> None:
    pwd = plugin_pwd(REPO, {"name": "p", "main": "stacks/"})

    assert script_virtualenv({"PULUMI_RUNTIME_VIRTUALENV": ".venv/"}, pwd) == REPO / "stacks" / ".venv"
    assert script_virtualenv({"PULUMI_RUNTIME_TOOLCHAIN": "uv"}, pwd) == REPO / "stacks" / ".venv"
    assert script_virtualenv({"PULUMI_RUNTIME_VIRTUALENV": "/opt/venv"}, pwd) == Path("/opt/venv")


# The provider, over gRPC


def test_check_of_a_preview_with_an_unknown_kubeconfig_keeps_the_inputs(
    provider: provider_pb2_grpc.ResourceProviderStub, gate_inputs: dict[str, Any]
) -> None:
    # A preview of a new cluster: its kubeconfig is unknown when the engine checks the gate.
    news = {**gate_inputs, "kubeconfig": rpc.UNKNOWN}

    checked = provider.Check(proto.CheckRequest(urn=URN, olds=_struct({}), news=_struct(news)))

    assert not checked.failures
    assert json_format.MessageToDict(checked.inputs) == news


def _serve_what_the_gate_checks(server: FakeApiServer, inputs: dict[str, Any]) -> None:
    for api in inputs["apis"]:
        server.served.setdefault(api["groupVersion"], []).append(api["plural"])
    condition = inputs.get("condition")
    if condition:
        path = (
            f"/apis/{condition['groupVersion']}/namespaces/{condition['namespace']}"
            f"/{condition['plural']}/{condition['name']}"
        )
        server.objects[path] = {
            "metadata": {"name": condition["name"]},
            "status": {"conditions": [{"type": condition["type"], "status": condition["status"]}]},
        }


def test_diff_against_the_state_of_a_create_waits_again_only_for_a_new_revision(
    provider: provider_pb2_grpc.ResourceProviderStub, gate_inputs: dict[str, Any]
) -> None:
    with running(FakeApiServer()) as server:
        _serve_what_the_gate_checks(server, gate_inputs)
        news = {**gate_inputs, "kubeconfig": server.kubeconfig(), "timeoutSeconds": 30}
        state = provider.Create(proto.CreateRequest(urn=URN, properties=_struct(news))).properties

    same = provider.Diff(proto.DiffRequest(id="x", urn=URN, olds=state, news=_struct(news)))
    rapid = _struct({**news, "revision": "asm-managed-rapid"})
    moved = provider.Diff(proto.DiffRequest(id="x", urn=URN, olds=state, news=rapid))

    assert same.changes == proto.DiffResponse.DIFF_NONE
    assert moved.changes == proto.DiffResponse.DIFF_SOME


def test_create_returns_once_the_fake_cluster_is_ready(
    provider: provider_pb2_grpc.ResourceProviderStub, gate_inputs: dict[str, Any]
) -> None:
    with running(FakeApiServer()) as server:
        _serve_what_the_gate_checks(server, gate_inputs)
        props = {**gate_inputs, "kubeconfig": server.kubeconfig(), "timeoutSeconds": 30}

        created = provider.Create(proto.CreateRequest(urn=URN, properties=_struct(props)))

    assert created.id == "tokyo-1/asm-managed-stable"
    assert "kubeconfig" not in _props(created.properties)
    assert {f"/apis/{api['groupVersion']}" for api in gate_inputs["apis"]} <= set(server.paths)


def test_create_times_out_with_the_gates_message(
    provider: provider_pb2_grpc.ResourceProviderStub, gate_inputs: dict[str, Any]
) -> None:
    with running(FakeApiServer()) as server:
        props = {**gate_inputs, "kubeconfig": server.kubeconfig(), "timeoutSeconds": 1}

        with pytest.raises(grpc.RpcError) as failed:
            provider.Create(proto.CreateRequest(urn=URN, properties=_struct(props)))

    details = failed.value.details() or ""
    assert "control plane asm-managed-stable of cluster tokyo-1 not ready after 1 s" in details
    assert "CRDs not served: peerauthentications.security.istio.io/v1" in details
