"""meshguard, started the way `pulumi preview --policy-pack policy` starts it, and driven over gRPC.

How the CLI starts a Python policy pack, read from github.com/pulumi/pulumi at commit
1b5949891b3cefcb9974752b24a5ecef0acc86c8:

- `pkg/resource/plugin/plugin.go` (`newPlugin`): an analyzer plugin is a folder with
  PulumiPolicy.yaml; its runtime options go to the language host's `RunPlugin` with the pack's
  folder as both root and program directory;
- `sdk/python/cmd/pulumi-language-python/main.go` (`RunPlugin`): the toolchain's virtualenv is
  resolved against that folder (`sdk/python/toolchain/pip.go`, `resolveVirtualEnvironmentPath`),
  the command is `python -u -m pulumi.policy <engine address> <pack folder>`, run *in the pack's
  folder* (unlike a dynamic provider, which runs in the program's main folder), with
  `PULUMI_PROJECT`, `PULUMI_STACK`, `PULUMI_DRY_RUN` and `PULUMI_CONFIG` from the engine.

So `virtualenv: venv` means `policy/venv`, wherever the program's own `main` is. The pack here
is a copy with the virtualenv `make policy-venv` builds (shared with test_policy_venv.py).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from google.protobuf import empty_pb2, struct_pb2
from pulumi.runtime import proto
from pulumi.runtime.proto import analyzer_pb2_grpc

from tests.plugins import plugin_channel

from .helpers import pack


def _virtualenv(pack_dir: Path) -> Path:
    options = yaml.safe_load((pack_dir / "PulumiPolicy.yaml").read_text())["runtime"]["options"]
    venv = Path(options["virtualenv"])
    return venv if venv.is_absolute() else pack_dir / venv


@pytest.fixture(scope="module")
def analyzer(pack_with_venv: Path) -> Iterator[analyzer_pb2_grpc.AnalyzerStub]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(PULUMI_PROJECT="meshfleet", PULUMI_STACK="dev", PULUMI_DRY_RUN="true", PULUMI_CONFIG="{}")
    python = _virtualenv(pack_with_venv) / "bin" / "python"
    argv = [str(python), "-u", "-m", "pulumi.policy", "127.0.0.1:1", str(pack_with_venv)]
    with plugin_channel(argv, pack_with_venv, env) as channel:
        yield analyzer_pb2_grpc.AnalyzerStub(channel)


def test_the_virtualenv_is_the_one_beside_pulumi_policy_yaml(pack_with_venv: Path) -> None:
    assert _virtualenv(pack_with_venv) == pack_with_venv / "venv"


def test_the_launched_pack_reports_every_policy(analyzer: analyzer_pb2_grpc.AnalyzerStub) -> None:
    info = analyzer.GetAnalyzerInfo(empty_pb2.Empty())

    assert info.name == "meshguard"
    assert {p.name for p in info.policies} == {p.name for p in pack().policies}


def test_the_launched_pack_flags_a_gateway_in_kube_system(analyzer: analyzer_pb2_grpc.AnalyzerStub) -> None:
    properties = struct_pb2.Struct()
    properties.update(
        {
            "metadata": {"name": "istio-ingressgateway", "namespace": "kube-system"},
            "spec": {
                "selector": {"matchLabels": {"istio": "ingressgateway"}},
                "template": {
                    "metadata": {"labels": {"istio": "ingressgateway"}},
                    "spec": {"containers": [{"name": "istio-proxy", "image": "auto"}]},
                },
            },
        }
    )
    urn = "urn:pulumi:dev::meshfleet::kubernetes:apps/v1:Deployment::gw"

    found = analyzer.Analyze(
        proto.AnalyzeRequest(type="kubernetes:apps/v1:Deployment", properties=properties, urn=urn, name="gw")
    )

    names = {d.policyName for d in found.diagnostics}
    assert "gateway-namespace-separation" in names
    assert all(d.urn in ("", urn) for d in found.diagnostics)
