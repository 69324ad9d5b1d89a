"""The stack program (stacks/__main__.py): the spec from stack config, the platform, the outputs."""

from __future__ import annotations

import pytest

from components.engine import SECRET, ProgramError
from tests.harness import CLUSTER, DEPLOYMENT, dev_stack_config, dev_stack_plan, stack_plan


def test_stack_program_with_the_dev_config_builds_the_platform() -> None:
    plan = dev_stack_plan()

    assert plan.get("urn:pulumi:dev::meshfleet::meshfleet:index:MeshPlatform::mesh").parent == (
        "urn:pulumi:dev::meshfleet::pulumi:pulumi:Stack::meshfleet-dev"
    )
    assert [c.inputs["name"] for c in plan.by_type(CLUSTER)] == ["dev-tokyo-1"]
    assert plan.counts()[DEPLOYMENT] == 1


def test_stack_exports_kubeconfigs_as_secrets() -> None:
    plan = dev_stack_plan()

    assert plan.outputs["kubeconfigs"] == {"tokyo-1": SECRET}
    assert plan.output_secret_paths == ['kubeconfigs["tokyo-1"]']


def test_stack_exports_environment_cluster_names_and_membership_ids() -> None:
    outputs = dev_stack_plan().outputs

    assert (outputs["environment"], outputs["clusterNames"], outputs["membershipIds"]) == (
        "dev",
        {"tokyo-1": "dev-tokyo-1"},
        {"tokyo-1": "dev-tokyo-1"},
    )


def test_invalid_spec_fails_the_stack_with_the_one_line_spec_error_and_no_resources() -> None:
    config = dev_stack_config()
    config["meshfleet:platform"]["clusters"][0]["masterCidr"] = "192.168.0.0/24"

    with pytest.raises(ProgramError) as failure:
        stack_plan(config)

    message = str(failure.value)
    assert (
        "platform.clusters[0].masterCidr: 192.168.0.0/24 must be a /28 (GKE control plane range)" in message
    )
    assert "\n" not in message
    assert [r.type for r in failure.value.plan] == ["pulumi:pulumi:Stack"]
