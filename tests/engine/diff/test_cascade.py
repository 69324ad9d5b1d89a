"""Replacement cascades: what else a replaced resource takes with it."""

from __future__ import annotations

from components.engine.diff import diff_plans, render_diff, resource_key
from components.engine.plan import SECRET, UNKNOWN

from .builders import CLUSTER, K8S, platform, set_input, urn


def test_a_replaced_cluster_takes_its_pool_provider_and_kubernetes_objects_with_it() -> None:
    new = platform(cluster=set_input("privateClusterConfig.masterIpv4CidrBlock", "192.168.0.16/28"))

    diff = diff_plans(platform(), new)

    assert [(c.name, c.action) for c in diff.resources] == [
        ("cluster", "replace"),
        ("pool", "replace"),
        ("k8s", "replace"),
        ("ns", "replace"),
        ("app", "replace"),
    ]
    cluster_key = resource_key(urn("cluster", CLUSTER))
    assert diff.get("pool").causes == [cluster_key]
    assert diff.get("app").causes == [resource_key(urn("k8s", K8S))]
    # The recomputed kubeconfig is a secret: it stays masked.
    (kubeconfig,) = diff.get("k8s").properties
    assert (kubeconfig.kind, kubeconfig.old, kubeconfig.new) == ("recomputed", SECRET, SECRET)
    assert "kubeconfig: <secret> (recomputed: cluster is replaced)" in render_diff(diff)


def test_a_replaced_network_replaces_what_is_computed_from_it() -> None:
    diff = diff_plans(platform(), platform(vpc=set_input("name", "other-vpc")))

    assert [(c.name, c.action) for c in diff.resources] == [
        ("vpc", "replace"),
        ("subnet", "replace"),
        ("cluster", "replace"),
        ("pool", "replace"),
        ("k8s", "replace"),
        ("ns", "replace"),
        ("app", "replace"),
    ]
    subnet = diff.get("subnet").properties
    assert [(c.path, c.kind, c.old, c.new) for c in subnet] == [("network", "recomputed", UNKNOWN, UNKNOWN)]


def test_an_update_does_not_cascade() -> None:
    diff = diff_plans(
        platform(), platform(cluster=set_input("masterAuthorizedNetworksConfig.cidrBlocks", []))
    )

    assert [(c.name, c.action) for c in diff.resources] == [("cluster", "update")]
