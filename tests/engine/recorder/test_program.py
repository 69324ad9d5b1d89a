"""The recorder: runs plain Pulumi programs under mocks and records a Plan."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pulumi
import pulumi_gcp as gcp
import pulumi_kubernetes as k8s
import pytest

from components.engine.plan import SECRET, UNKNOWN
from components.engine.recorder import ProgramError, run_program

from .programs import STACK_URN, Outer, network_program, run, secret_provider_program


def test_custom_resource_is_recorded_with_its_inputs() -> None:
    net = run(network_program).find("gcp:compute/network:Network", "net")

    assert net.urn == "urn:pulumi:dev::demo::gcp:compute/network:Network::net"
    assert net.custom is True
    assert net.parent == STACK_URN
    assert net.inputs == {"autoCreateSubnetworks": False, "mtu": 1460}


def test_integral_numbers_come_back_as_ints() -> None:
    mtu = run(network_program).find("gcp:compute/network:Network", "net").inputs["mtu"]

    assert type(mtu) is int


def test_stack_resource_comes_first() -> None:
    stack = run(network_program).resources[0]

    assert (stack.type, stack.urn, stack.custom, stack.parent) == (
        "pulumi:pulumi:Stack",
        STACK_URN,
        False,
        None,
    )


def test_components_are_recorded_with_the_engine_urn_chain() -> None:
    plan = run(lambda: Outer("mesh"))

    inner = plan.find("demo:index:Inner", "mesh-inner")
    net = plan.find("gcp:compute/network:Network", "mesh-inner-net")
    assert inner.custom is False
    assert net.parent == inner.urn
    chain = "demo:index:Outer$demo:index:Inner$gcp:compute/network:Network"
    assert net.urn == f"urn:pulumi:dev::demo::{chain}::mesh-inner-net"


def test_input_from_an_unknown_output_is_unknown_and_a_dependency() -> None:
    plan = run(network_program)
    net = plan.find("gcp:compute/network:Network", "net")
    sub = plan.find("gcp:compute/subnetwork:Subnetwork", "sub")

    assert sub.inputs["network"] == UNKNOWN
    assert sub.dependencies == [net.urn]
    assert sub.property_dependencies == {"network": [net.urn]}


def test_known_inputs_flow_on_as_planned_outputs() -> None:
    def program() -> None:
        ns = k8s.core.v1.Namespace("ns", metadata={"name": "sample"})
        k8s.core.v1.ConfigMap("cm", metadata={"namespace": ns.metadata.name}, data={"a": "b"})

    cm = run(program).find("kubernetes:core/v1:ConfigMap", "cm")

    assert cm.inputs["metadata"] == {"namespace": "sample"}


def test_secret_input_is_marked_and_its_path_listed() -> None:
    provider = run(secret_provider_program).find("pulumi:providers:kubernetes", "tokyo-1")

    assert provider.inputs == {"kubeconfig": SECRET}
    assert provider.secret_paths == ["kubeconfig"]


def test_nested_secret_keeps_its_exact_path() -> None:
    ns = run(secret_provider_program).find("kubernetes:core/v1:Namespace", "sample")

    assert ns.inputs["metadata"]["labels"] == {"app.kubernetes.io/name": SECRET}
    assert ns.secret_paths == ['metadata.labels["app.kubernetes.io/name"]']


def test_secret_value_never_reaches_the_json() -> None:
    text = run(secret_provider_program).to_json()

    assert "hunter2" not in text
    assert SECRET in text


def test_provider_declared_secret_outputs_are_redacted() -> None:
    def program() -> None:
        k8s.core.v1.Secret("token", metadata={"name": "token"}, string_data={"token": "hunter2"})

    secret = run(program).find("kubernetes:core/v1:Secret", "token")

    assert secret.inputs["stringData"] == SECRET
    assert "hunter2" not in run(program).to_json()


def test_explicit_provider_is_recorded_by_urn() -> None:
    plan = run(secret_provider_program)

    ns = plan.find("kubernetes:core/v1:Namespace", "sample")
    assert ns.provider == plan.find("pulumi:providers:kubernetes", "tokyo-1").urn


def test_default_provider_is_none() -> None:
    assert run(network_program).find("gcp:compute/network:Network", "net").provider is None


def test_resource_options_are_recorded() -> None:
    def program() -> None:
        gcp.compute.Network(
            "net",
            opts=pulumi.ResourceOptions(
                protect=True,
                delete_before_replace=True,
                ignore_changes=["description"],
                aliases=[pulumi.Alias(name="old-net")],
            ),
        )

    net = run(program).find("gcp:compute/network:Network", "net")

    assert (net.protect, net.delete_before_replace, net.ignore_changes) == (True, True, ["description"])
    assert [alias["spec"]["name"] for alias in net.aliases] == ["old-net"]


def test_plan_follows_construction_order() -> None:
    def program() -> None:
        net = gcp.compute.Network("a-net")
        gcp.compute.Subnetwork("b-sub", network=net.id, ip_cidr_range="10.0.0.0/24")
        k8s.Provider("c-provider")
        gcp.compute.Router("d-router", network=net.id)

    names = [r.name for r in run(program).resources[1:]]

    assert names == ["a-net", "b-sub", "c-provider", "d-router"]


def test_stack_outputs_keep_markers() -> None:
    def program() -> None:
        net = gcp.compute.Network("net", name="mesh-vpc")
        pulumi.export("name", net.name)
        pulumi.export("id", net.id)
        pulumi.export("token", pulumi.Output.secret("hunter2"))

    plan = run(program)

    assert plan.outputs == {"name": "mesh-vpc", "id": UNKNOWN, "token": SECRET}
    assert plan.output_secret_paths == ["token"]


def test_runs_do_not_leak_resources_or_config() -> None:
    def program() -> None:
        gcp.compute.Network("net", description=pulumi.Config("demo").get("description"))

    run(program, **{"demo:description": "first"})
    second = run(program)

    assert second.find("gcp:compute/network:Network", "net").inputs == {}
    assert len(second.resources) == 2


def test_to_json_is_byte_identical_across_runs() -> None:
    assert run(secret_provider_program).to_json() == run(secret_provider_program).to_json()


def test_program_error_wraps_the_original_exception() -> None:
    def program() -> None:
        gcp.compute.Network("net")
        raise ValueError("bad platform\nmore detail")

    with pytest.raises(ProgramError) as caught:
        run(program)

    assert str(caught.value) == "demo/dev: ValueError: bad platform"
    assert isinstance(caught.value.__cause__, ValueError)
    assert [r.name for r in caught.value.plan.resources] == ["demo-dev", "net"]


def test_error_inside_an_apply_is_a_program_error() -> None:
    def program() -> None:
        net = gcp.compute.Network("net", name="known")
        net.name.apply(lambda _: 1 / 0)

    with pytest.raises(ProgramError, match="ZeroDivisionError"):
        run(program)


def test_duplicate_urn_is_a_program_error() -> None:
    def program() -> None:
        gcp.compute.Network("net")
        gcp.compute.Network("net")

    with pytest.raises(ProgramError, match="Duplicate resource URN"):
        run(program)


def test_invokes_return_an_empty_result() -> None:
    seen: list[str | None] = []

    def program() -> None:
        seen.append(gcp.organizations.get_client_config().project)

    run(program)

    assert seen == [None]


def test_read_resources_are_recorded_with_their_id() -> None:
    def program() -> None:
        gcp.compute.Network.get("existing", "projects/p/global/networks/shared")

    existing = run(program).find("gcp:compute/network:Network", "existing")

    assert existing.read_id == "projects/p/global/networks/shared"


def test_program_directory_runs_its_main_with_siblings_importable(tmp_path: Path) -> None:
    (tmp_path / "naming.py").write_text("NAME = 'from-sibling'\n")
    (tmp_path / "settings.txt").write_text("relative-file\n")
    (tmp_path / "__main__.py").write_text(
        "import pulumi_gcp as gcp\n"
        "import naming\n"
        "description = open('settings.txt').read().strip()\n"
        "gcp.compute.Network(naming.NAME, description=description)\n"
    )
    cwd, path = os.getcwd(), list(sys.path)

    plan = run_program(tmp_path, project="demo", stack="dev")

    net = plan.find("gcp:compute/network:Network", "from-sibling")
    assert net.inputs == {"description": "relative-file"}
    assert (os.getcwd(), sys.path, "naming" in sys.modules) == (cwd, path, False)


def test_program_directory_may_be_relative(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    program = tmp_path / "prog"
    program.mkdir()
    (program / "__main__.py").write_text("import pulumi\npulumi.export('where', 'here')\n")
    monkeypatch.chdir(tmp_path)

    plan = run_program("prog", project="p", stack="s")

    assert plan.outputs == {"where": "here"}
