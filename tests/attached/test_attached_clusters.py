"""Attached clusters: reached by a secret kubeconfig from stack config, no cloud resource, the
in-cluster control plane on each, and remote secrets between them in one mesh."""

from __future__ import annotations

import functools
import json
from typing import Any

import pytest
from pulumi.runtime import config as runtime_config

from components.engine import SECRET, Plan, ProgramError, kubernetes_manifests
from components.platform import MeshPlatform
from components.spec import parse_platform
from tests.harness import DEPLOYMENT, K8S_PROVIDER, NAMESPACE, TRUST_CONFIG, plan_of
from tests.schemas import validate_manifest
from tests.spec.fixtures import dev_platform

RELEASE = "kubernetes:helm.sh/v3:Release"
K8S_SECRET = "kubernetes:core/v1:Secret"
CLEAR_TOKEN = "clear-bearer-token-of-the-admin"


def kubeconfig(cluster: str, server: str) -> str:
    return json.dumps(
        {
            "apiVersion": "v1",
            "kind": "Config",
            "current-context": cluster,
            "contexts": [{"name": cluster, "context": {"cluster": cluster, "user": "admin"}}],
            "clusters": [{"name": cluster, "cluster": {"server": server}}],
            "users": [{"name": "admin", "user": {"token": CLEAR_TOKEN}}],
        }
    )


KUBECONFIGS = {
    "meshfleet:onprem-1-kubeconfig": kubeconfig("onprem-1", "https://10.200.0.10:443"),
    "meshfleet:dc2-admin": kubeconfig("onprem-2", "https://10.201.0.10:443"),
    **TRUST_CONFIG,
}


def attached(name: str, **fields: Any) -> dict[str, Any]:
    return {"name": name, "cloud": "attached", "nodes": {"count": 4, "vcpus": 4, "memoryGb": 16}, **fields}


def platform(clusters: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "environment": "onprem",
        "clusters": clusters,
        "mesh": {"istiod": {"revisions": [{"name": "1-30-3", "version": "1.30.3"}]}},
        "gateways": [{"name": "istio-ingressgateway", "namespace": "istio-gateway"}],
    }


EAST_WEST = {
    "name": "istio-eastwestgateway",
    "kind": "east-west",
    "namespace": "istio-eastwest",
    "loadBalancerSourceRanges": ["10.0.0.0/8"],
}
# Two networks: one root of trust, and an east-west gateway on each (the spec refuses less).
TWO = platform([attached("onprem-1"), attached("onprem-2", kubeconfig="dc2-admin", network="dc-2")])
TWO["mesh"]["trustRoot"] = {}
TWO["gateways"].append(EAST_WEST)
ONE = platform([attached("onprem-1")])


def run(raw: dict[str, Any], config: dict[str, str], secret_keys: list[str]) -> Plan:
    spec = parse_platform(raw)

    def build() -> None:
        # Config as `pulumi config set --secret` leaves it, values known (as in a real run).
        runtime_config.set_all_config(config, secret_keys)
        MeshPlatform("mesh", spec)

    return plan_of(build)


@functools.cache
def two_plan() -> Plan:
    return run(TWO, KUBECONFIGS, list(KUBECONFIGS))


def test_no_cloud_resource_is_created() -> None:
    # tls signs the plug-in CA's intermediates locally: a provider without a cloud.
    assert {r.type.split(":")[0] for r in two_plan()} == {"pulumi", "meshfleet", "kubernetes", "tls"}


def test_each_cluster_gets_a_provider_from_its_kubeconfig_secret() -> None:
    providers = two_plan().by_type(K8S_PROVIDER)

    assert [(p.name, p.inputs["kubeconfig"], p.secret_paths) for p in providers] == [
        ("mesh-onprem-1-k8s", SECRET, ["kubeconfig"]),
        ("mesh-onprem-2-k8s", SECRET, ["kubeconfig"]),
    ]


def test_kubeconfig_never_appears_in_clear_in_the_plan_or_manifests() -> None:
    plan = two_plan()

    assert CLEAR_TOKEN not in plan.to_json()
    assert "10.200.0.10" not in plan.to_json()
    assert CLEAR_TOKEN not in repr(kubernetes_manifests(plan))


def test_each_cluster_runs_istiod_in_its_own_network() -> None:
    releases = {
        r.name: r.inputs["values"]["global"] for r in two_plan().by_type(RELEASE) if "revision" in r.name
    }

    assert releases == {
        "mesh-onprem-1-istiod-revision-1-30-3": {
            "meshID": "mesh1",
            "network": "onprem-1",
            "multiCluster": {"clusterName": "onprem-1"},
        },
        "mesh-onprem-2-istiod-revision-1-30-3": {
            "meshID": "mesh1",
            "network": "dc-2",
            "multiCluster": {"clusterName": "onprem-2"},
        },
    }


def test_gateways_wait_for_their_clusters_istiod() -> None:
    plan = two_plan()
    for cluster in ("onprem-1", "onprem-2"):
        istiod = plan.find(RELEASE, f"mesh-{cluster}-istiod-revision-1-30-3").urn
        deployment = plan.find(DEPLOYMENT, f"mesh-{cluster}/istio-ingressgateway-deployment")
        assert istiod in deployment.dependencies


def test_namespaces_are_labelled_with_the_istiod_revision() -> None:
    labels = {
        n.inputs["metadata"]["name"]: n.inputs["metadata"]["labels"].get("istio.io/rev")
        for n in two_plan().by_type(NAMESPACE)
    }

    assert labels == {"istio-system": None, "istio-gateway": "1-30-3", "istio-eastwest": "1-30-3"}


def test_each_cluster_gets_the_remote_secret_of_the_other() -> None:
    plan = two_plan()
    secrets = {
        (plan.get(s.provider or "").name, s.inputs["metadata"]["name"])
        for s in plan.by_type(K8S_SECRET)
        if s.inputs["metadata"]["name"].startswith("istio-remote-secret-")
    }

    assert secrets == {
        ("mesh-onprem-1-k8s", "istio-remote-secret-onprem-2"),
        ("mesh-onprem-2-k8s", "istio-remote-secret-onprem-1"),
    }


def test_remote_secret_kubeconfig_is_secret_and_waits_for_the_token_and_istiod() -> None:
    plan = two_plan()
    secret = plan.find(K8S_SECRET, "mesh-onprem-1/remote-secret/onprem-2")

    # pulumi-kubernetes makes a Secret's whole stringData secret, the key included.
    assert (secret.inputs["stringData"], secret.secret_paths) == (SECRET, ["stringData"])
    assert plan.find(K8S_SECRET, "mesh-onprem-2-istiod-reader-token").urn in secret.dependencies
    assert plan.find(RELEASE, "mesh-onprem-1-istiod-revision-1-30-3").urn in secret.dependencies


def test_remote_secrets_and_reader_tokens_pass_the_core_schema() -> None:
    secrets = [m for ms in kubernetes_manifests(two_plan()).values() for m in ms if m["kind"] == "Secret"]

    # Per cluster: the reader token, the other's remote secret and the plug-in CA.
    assert len(secrets) == 6
    for manifest in secrets:
        # The masked stringData is a string marker; the schema checks everything else, with
        # the shape the real value has (file name -> PEM, cluster name -> kubeconfig).
        if manifest.get("stringData") == SECRET:
            manifest = {**manifest, "stringData": {"cluster": "kubeconfig"}}
        validate_manifest(manifest)


def test_a_single_cluster_has_no_reader_token_or_remote_secret() -> None:
    plan = run(ONE, KUBECONFIGS, list(KUBECONFIGS))

    assert plan.by_type(K8S_SECRET) == []


def test_a_kubeconfig_stored_in_clear_is_refused_without_showing_it() -> None:
    with pytest.raises(ProgramError) as failure:
        run(ONE, KUBECONFIGS, [])

    message = str(failure.value)
    assert "meshfleet:onprem-1-kubeconfig: the kubeconfig of cluster onprem-1 is stored in clear" in message
    assert CLEAR_TOKEN not in message


def test_a_missing_kubeconfig_names_the_config_key() -> None:
    with pytest.raises(ProgramError) as failure:
        run(ONE, {}, [])

    assert "meshfleet:onprem-1-kubeconfig" in str(failure.value)


def test_clusters_outside_one_mesh_exchange_no_remote_secrets() -> None:
    raw = {**TWO, "mesh": {**TWO["mesh"], "multiCluster": False}}
    secrets = run(raw, KUBECONFIGS, list(KUBECONFIGS)).by_type(K8S_SECRET)

    assert [s.inputs["metadata"]["name"] for s in secrets] == ["cacerts", "cacerts"]


def test_a_managed_gke_cluster_beside_one_attached_cluster_exchanges_nothing() -> None:
    raw = dev_platform()
    raw["clusters"] = [raw["clusters"][0], attached("onprem-1")]
    raw["mesh"]["istiod"] = TWO["mesh"]["istiod"]

    assert run(raw, KUBECONFIGS, list(KUBECONFIGS)).by_type(K8S_SECRET) == []
