"""Which changes replace a resource: the curated table, replaceOnChanges, ignoreChanges, providers."""

from __future__ import annotations

from components.engine.diff import diff_plans, render_diff, resource_key
from components.engine.diff.replacements import RULES, replacement_for
from components.engine.plan import SECRET, UNKNOWN, PlannedResource

from .builders import K8S, NAMESPACE, NETWORK, platform, res, set_input, urn


def test_a_replace_on_change_property_flags_a_replacement_with_its_reason() -> None:
    diff = diff_plans(platform(), platform(vpc=set_input("name", "other-vpc")))

    vpc = diff.get("vpc")
    assert vpc.action == "replace"
    (change,) = vpc.replaced_by
    assert change.path == "name" and change.reason == "a VPC's name is its identity"
    text = render_diff(diff)
    assert f"+- {NETWORK} vpc  REPLACE" in text
    assert "forces replacement: a VPC's name is its identity" in text


def test_a_nested_replace_path_matches_inside_and_around_it() -> None:
    inside = diff_plans(platform(), platform(app=set_input("spec.selector.matchLabels.app", "other")))
    assert inside.get("app").action == "replace"

    whole = platform()
    del whole.resources[-1].inputs["spec"]["selector"]
    assert diff_plans(platform(), whole).get("app").action == "replace"


def test_namespace_name_and_deployment_selector_replace_but_replicas_do_not() -> None:
    assert (
        diff_plans(platform(), platform(ns=set_input("metadata.name", "other"))).get("ns").action == "replace"
    )
    assert diff_plans(platform(), platform(app=set_input("spec.replicas", 2))).get("app").action == "update"


def test_a_subnet_range_expansion_updates_in_place_but_a_new_range_replaces() -> None:
    grown = diff_plans(platform(), platform(subnet=set_input("ipCidrRange", "172.16.0.0/15")))
    moved = diff_plans(platform(), platform(subnet=set_input("ipCidrRange", "172.18.0.0/16")))
    shrunk = diff_plans(platform(), platform(subnet=set_input("ipCidrRange", "172.16.0.0/17")))

    assert grown.get("subnet").action == "update"
    assert moved.get("subnet").action == "replace"
    assert shrunk.get("subnet").action == "replace"


def test_a_machine_type_change_updates_in_place_but_recreates_nodes() -> None:
    diff = diff_plans(platform(), platform(pool=set_input("nodeConfig.machineType", "e2-standard-8")))

    pool = diff.get("pool")
    assert pool.action == "update" and pool.disruptive
    assert "RECREATES NODES" in render_diff(diff)
    assert diff.summary() == "0 to add, 1 to change (1 recreating nodes), 0 to delete"


def test_the_resources_own_replace_on_changes_option_is_honoured() -> None:
    def option(resource: PlannedResource) -> None:
        resource.replace_on_changes = ["spec.replicas"]
        resource.inputs["spec"]["replicas"] = 5

    diff = diff_plans(platform(), platform(app=option))

    (change,) = diff.get("app").replaced_by
    assert change.path == "spec.replicas" and change.reason == "the resource's replaceOnChanges option"


def test_ignored_changes_are_marked_and_never_replace() -> None:
    def ignored(resource: PlannedResource) -> None:
        resource.ignore_changes = ["name"]
        resource.inputs["name"] = "other-vpc"

    diff = diff_plans(platform(), platform(vpc=ignored))

    vpc = diff.get("vpc")
    assert vpc.action == "update"
    assert [c.ignored for c in vpc.properties] == [True]
    assert "(ignored: ignoreChanges)" in render_diff(diff)


def test_a_resource_whose_changes_are_all_ignored_does_not_change() -> None:
    # Pulumi keeps the state's values there and plans no update (what a cloud filled in itself).
    def ignoring(resource: PlannedResource) -> None:
        resource.ignore_changes = ["name"]

    def renamed(resource: PlannedResource) -> None:
        ignoring(resource)
        resource.inputs["name"] = "other-vpc"

    diff = diff_plans(platform(vpc=ignoring), platform(vpc=renamed))

    assert diff.summary() == "no changes"


def test_a_provider_change_replaces_the_resource() -> None:
    def other_provider(resource: PlannedResource) -> None:
        resource.provider = urn("k8s-2", K8S)

    new = platform(app=other_provider)
    new.resources.append(res("k8s-2", K8S, inputs={"kubeconfig": SECRET}))

    app = diff_plans(platform(), new).get("app")

    assert app.action == "replace"
    assert [(c.path, c.old, c.new) for c in app.options] == [
        ("provider", resource_key(urn("k8s", K8S)), resource_key(urn("k8s-2", K8S)))
    ]


def test_every_rule_has_a_reason_and_a_known_effect() -> None:
    assert all(rule.reason and rule.effect in ("replace", "disruptive") for rule in RULES)
    assert replacement_for(NAMESPACE, "metadata.labels", {}, {"a": "b"}) is None
    assert replacement_for("kubernetes:core/v1:Service", "spec.type", "ClusterIP", "LoadBalancer") is None


def test_the_kubernetes_provider_is_kept_when_a_cluster_identifier_is_set() -> None:
    assert replacement_for(K8S, "kubeconfig", SECRET, UNKNOWN, {"kubeconfig": UNKNOWN}) is not None
    assert replacement_for(K8S, "kubeconfig", SECRET, UNKNOWN, {"clusterIdentifier": "c1"}) is None
