"""MeshPlatform through the provider's Construct plans what the Python stack program plans, and bad
input through the package is refused with the spec's own one-line error."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pulumi
import pytest
import yaml
from pulumi.errors import InputPropertyError
from pulumi.runtime import rpc

from components.engine import ProgramError, diff_plans, render_diff, run_program
from components.package.convert import PLAIN
from components.spec import SpecError, parse_platform
from tests.harness import STACKS_DIR, dev_stack_config

from .construct import construct

ROOT = Path(__file__).resolve().parents[2]
CONSUMER = ROOT / "stacks" / "examples" / "yaml-consumer" / "Pulumi.yaml"


def consumer_properties() -> dict[str, Any]:
    """What the YAML example program declares for its MeshPlatform `mesh`."""
    program = yaml.safe_load(CONSUMER.read_text(encoding="utf-8"))
    return copy.deepcopy(program["resources"]["mesh"]["properties"])


def refusal(inputs: dict[str, Any], component: str = "MeshPlatform") -> InputPropertyError:
    """The error Construct raises for `inputs` (the engine reports it as the resource's problem)."""
    with pytest.raises(ProgramError) as caught:
        construct(component, "mesh", inputs)
    cause = caught.value.__cause__
    assert isinstance(cause, InputPropertyError), f"not an input error: {cause!r}"
    return cause


def cli_error(raw: dict[str, Any]) -> str:
    with pytest.raises(SpecError) as caught:
        parse_platform(raw)
    return str(caught.value)


def test_the_yaml_program_plans_what_the_python_stack_plans() -> None:
    through_package, _ = construct("MeshPlatform", "mesh", consumer_properties(), stack="dev")
    python = run_program(STACKS_DIR, project="meshfleet", stack="dev", config=dev_stack_config())
    # Stack outputs are the programs' own (the YAML one exports what it likes); every resource,
    # the component itself included (type, URN, parent), must be the same.
    assert through_package.to_dict()["resources"] == python.to_dict()["resources"], render_diff(
        diff_plans(python, through_package)
    )


def test_construct_answers_with_the_platform_exports() -> None:
    _, state = construct("MeshPlatform", "mesh", consumer_properties())
    assert set(state["exports"]) >= {"clusterNames", "kubeconfigs", "networkId", "membershipIds"}


def test_map_key_order_on_the_wire_does_not_change_the_plan() -> None:
    reordered = consumer_properties()
    route = reordered["routes"][0]
    route["subsets"] = dict(reversed(route["subsets"].items()))
    route["weights"] = dict(reversed(route["weights"].items()))
    plan, _ = construct("MeshPlatform", "mesh", reordered)
    same, _ = construct("MeshPlatform", "mesh", consumer_properties())
    assert plan.to_dict()["resources"] == same.to_dict()["resources"]


def test_a_rule_broken_through_the_package_gives_the_cli_error_line() -> None:
    inputs = consumer_properties()
    inputs["clusters"][0]["masterCidr"] = "192.168.0.0/24"
    error = refusal(inputs)
    assert (
        error.reason
        == cli_error(inputs)
        == ("platform.clusters[0].masterCidr: 192.168.0.0/24 must be a /28 (GKE control plane range)")
    )
    assert error.property_path == "clusters[0].masterCidr"


def test_an_unknown_key_through_the_package_gives_the_cli_error_line() -> None:
    inputs = consumer_properties()
    inputs["clusters"][0]["masterCIDR"] = inputs["clusters"][0].pop("masterCidr")
    error = refusal(inputs)
    assert error.reason == cli_error(inputs)
    assert "did you mean masterCidr" in error.reason
    assert "\n" not in error.reason


def test_a_wrong_type_through_the_package_gives_the_cli_error_line() -> None:
    inputs = consumer_properties()
    inputs["protect"] = "yes"
    assert (
        refusal(inputs).reason
        == cli_error(inputs)
        == ("platform.protect: must be true or false, got string 'yes'")
    )


def test_a_fractional_number_is_no_integer() -> None:
    inputs = consumer_properties()
    inputs["routes"][0]["service"]["port"] = 5000.5
    assert refusal(inputs).property_path == "routes[0].service.port"


def test_a_spec_value_known_only_after_another_resource_is_refused() -> None:
    inputs = consumer_properties()

    def program() -> None:
        from components.package.provider import MeshfleetProvider

        unknown = dict(inputs, environment=pulumi.Output.secret("dev"))
        MeshfleetProvider().construct(
            "mesh", "meshfleet:index:MeshPlatform", unknown, pulumi.ResourceOptions()
        )

    with pytest.raises(ProgramError) as caught:
        run_program(program, project="meshfleet", stack="test")
    cause = caught.value.__cause__
    assert isinstance(cause, InputPropertyError)
    assert cause.reason == f"platform.environment: {PLAIN}"


def test_nothing_is_created_for_bad_input() -> None:
    inputs = consumer_properties()
    inputs["clusters"][0]["masterCidr"] = "192.168.0.0/24"
    with pytest.raises(ProgramError) as caught:
        construct("MeshPlatform", "mesh", inputs)
    assert [r.type for r in caught.value.plan if r.type != "pulumi:pulumi:Stack"] == []


def test_a_spec_value_unknown_at_preview_is_refused_by_its_path() -> None:
    # A YAML program's `${vpc.name}` inside the spec: unknown during preview, sent as such.
    inputs = consumer_properties()
    inputs["gcp"]["network"]["name"] = rpc.UNKNOWN
    error = refusal(inputs)
    assert error.property_path == "gcp.network.name"
    assert error.reason == f"platform.gcp.network.name: {PLAIN}"
