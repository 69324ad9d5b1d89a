"""A StackReference is answered from the referenced stack's Plan: known values known, unknowns
unknown, secrets secret; a reference nobody can answer fails the run naming the stack."""

from __future__ import annotations

import pulumi
import pulumi_kubernetes as k8s
import pytest

from components.engine.plan import SECRET, UNKNOWN, Plan
from components.engine.recorder import (
    STACK_REFERENCE_TYPE,
    ProgramError,
    UnresolvedStackReference,
    run_program,
)

LOWER = "acme/demo/dev-network"


def _lower(outputs: dict[str, object], secret_paths: list[str] | None = None) -> Plan:
    return Plan(project="demo", stack="dev-network", outputs=outputs, output_secret_paths=secret_paths or [])


def _run(program: object, lower: Plan) -> Plan:
    def references(stack: str) -> Plan:
        if stack != LOWER:
            raise UnresolvedStackReference(stack)
        return lower

    return run_program(program, project="demo", stack="dev-app", stack_references=references)  # type: ignore[arg-type]


def _export(name: str) -> None:
    pulumi.export("read", pulumi.StackReference(LOWER).get_output(name))


def test_a_known_output_is_read_as_recorded() -> None:
    plan = _run(lambda: _export("networkName"), _lower({"networkName": "mesh-vpc"}))

    assert plan.outputs == {"read": "mesh-vpc"}


def test_a_nested_output_is_read_as_recorded() -> None:
    lower = _lower({"clusterNames": {"tokyo-1": "staging-tokyo-1"}})

    plan = _run(lambda: _export("clusterNames"), lower)

    assert plan.outputs == {"read": {"tokyo-1": "staging-tokyo-1"}}


def test_an_output_the_cloud_computes_stays_unknown() -> None:
    plan = _run(lambda: _export("networkId"), _lower({"networkId": UNKNOWN}))

    assert plan.outputs == {"read": UNKNOWN}


def test_a_secret_output_stays_secret_in_what_it_feeds() -> None:
    lower = _lower({"kubeconfigs": {"tokyo-1": SECRET}}, ['kubeconfigs["tokyo-1"]'])

    def program() -> None:
        kubeconfig = pulumi.StackReference(LOWER).get_output("kubeconfigs").apply(lambda k: k["tokyo-1"])
        k8s.Provider("tokyo-1-k8s", kubeconfig=kubeconfig)

    provider = _run(program, lower).find("pulumi:providers:kubernetes", "tokyo-1-k8s")

    assert (provider.inputs, provider.secret_paths) == ({"kubeconfig": SECRET}, ["kubeconfig"])


def test_a_reference_is_recorded_as_a_read_of_the_stack() -> None:
    plan = _run(lambda: _export("networkName"), _lower({"networkName": "mesh-vpc"}))

    reference = plan.find(STACK_REFERENCE_TYPE, LOWER)
    assert (reference.read_id, reference.inputs) == (LOWER, {"name": LOWER})


def test_what_a_reference_feeds_depends_on_it() -> None:
    def program() -> None:
        name = pulumi.StackReference(LOWER).get_output("networkName")
        k8s.core.v1.Namespace("ns", metadata={"name": name})

    plan = _run(program, _lower({"networkName": "mesh-vpc"}))

    namespace = plan.find("kubernetes:core/v1:Namespace", "ns")
    assert namespace.dependencies == [plan.find(STACK_REFERENCE_TYPE, LOWER).urn]


def test_a_reference_without_a_plan_fails_the_run_naming_the_stack() -> None:
    with pytest.raises(ProgramError, match="stack reference acme/demo/other"):
        _run(lambda: pulumi.export("x", pulumi.StackReference("acme/demo/other").outputs), _lower({}))


def test_a_run_without_references_refuses_a_reference() -> None:
    with pytest.raises(ProgramError, match="resolves no stack references"):
        run_program(lambda: pulumi.StackReference(LOWER), project="demo", stack="dev")
