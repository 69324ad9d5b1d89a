"""The planned state: a resource's inputs, and the outputs its SDK class declares unknown."""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path

import pulumi_gcp as gcp
import pulumi_kubernetes as k8s

from components.engine import UNKNOWN, planned_state
from components.engine.analyzer.planned import declared_outputs

from .recorder.programs import Outer, run

REPO = Path(__file__).resolve().parents[2]
CLUSTER = "gcp:container/cluster:Cluster"


def cluster_program() -> None:
    gcp.container.Cluster(
        "cluster",
        name="tokyo-1",
        location="asia-northeast1",
        remove_default_node_pool=True,
        initial_node_count=1,
    )


def namespace_program() -> None:
    k8s.core.v1.Namespace("ns", metadata={"name": "istio-gateway", "labels": {"istio-injection": "enabled"}})


def test_an_output_the_program_does_not_set_is_unknown() -> None:
    state = planned_state(run(cluster_program).find(CLUSTER, "cluster"))

    assert state["endpoint"] == UNKNOWN
    assert state["nodePools"] == UNKNOWN


def test_what_the_program_sets_is_kept() -> None:
    cluster = run(cluster_program).find(CLUSTER, "cluster")

    state = planned_state(cluster)

    assert {key: state[key] for key in cluster.inputs} == cluster.inputs
    assert state["removeDefaultNodePool"] is True


def test_a_kubernetes_objects_status_is_unknown_and_its_metadata_kept() -> None:
    namespace = run(namespace_program).find("kubernetes:core/v1:Namespace", "ns")

    state = planned_state(namespace)

    assert state["status"] == UNKNOWN
    assert state["metadata"] == namespace.inputs["metadata"]


def test_outputs_come_from_the_sdk_classes_getters() -> None:
    deployment = {"apiVersion", "kind", "metadata", "spec", "status"}

    assert declared_outputs("kubernetes:apps/v1:Deployment") == deployment
    assert {"endpoint", "nodePools", "masterVersion", "selfLink"} <= declared_outputs(CLUSTER)


def test_components_and_the_stack_keep_their_inputs() -> None:
    plan = run(lambda: Outer("outer"))

    for resource in plan.resources:
        if not resource.custom:
            assert planned_state(resource) == resource.inputs, resource.type


def test_providers_keep_their_inputs() -> None:
    def program() -> None:
        k8s.Provider("k8s", kubeconfig="apiVersion: v1\nkind: Config\n", namespace="apps")

    provider = run(program).find("pulumi:providers:kubernetes", "k8s")

    assert planned_state(provider) == provider.inputs


def test_types_no_installed_sdk_declares_keep_their_inputs() -> None:
    def program() -> None:
        k8s.apiextensions.CustomResource(
            "gw", api_version="networking.istio.io/v1", kind="Gateway", spec={"selector": {"istio": "x"}}
        )

    plan = run(program)
    gateway = plan.find("kubernetes:networking.istio.io/v1:Gateway", "gw")

    assert planned_state(gateway) == gateway.inputs
    assert declared_outputs("nosuchpackage:index:Thing") == frozenset()
    assert declared_outputs("azure-native:containerservice/v20240801:AgentPool") == frozenset()


def test_a_plan_read_from_a_file_finds_sdks_its_process_never_imported() -> None:
    # A fresh interpreter in which nothing has imported pulumi_azure_native yet.
    script = (
        "import sys\n"
        "from components.engine.analyzer.planned import declared_outputs\n"
        "assert 'pulumi_azure_native' not in sys.modules\n"
        "print('provisioningState' in declared_outputs('azure-native:containerservice:ManagedCluster'))\n"
    )
    found = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, check=True, timeout=120
    )

    assert found.stdout.strip() == "True"


def test_the_plan_is_left_as_recorded() -> None:
    cluster = run(cluster_program).find(CLUSTER, "cluster")
    recorded = copy.deepcopy(cluster.inputs)

    planned_state(cluster)

    assert cluster.inputs == recorded
