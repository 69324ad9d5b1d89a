"""diff_plans on hand-made plan pairs: what a reviewer must see, and nothing else."""

from __future__ import annotations

import copy
import json

from components.engine.diff import diff_plans, render_diff, resource_key
from components.engine.plan import SECRET, UNKNOWN, PlannedResource

from .builders import (
    DEPLOYMENT,
    K8S,
    NAMESPACE,
    NETWORK,
    PROJECT,
    plan,
    platform,
    res,
    set_input,
    stack_urn,
    urn,
)

# --- add, remove, change --------------------------------------------------------------------


def test_identical_plans_have_no_changes() -> None:
    diff = diff_plans(platform(), platform())

    assert not diff.has_changes
    assert diff.summary() == "no changes"
    assert render_diff(diff).splitlines()[-1] == "no changes"


def test_an_added_resource_is_created_with_its_inputs() -> None:
    new = platform()
    new.resources.append(res("extra", NAMESPACE, inputs={"metadata": {"name": "extra"}}))

    diff = diff_plans(platform(), new)

    (added,) = diff.added
    assert (added.name, added.action, added.inputs) == ("extra", "create", {"metadata": {"name": "extra"}})
    assert diff.summary() == "1 to add, 0 to change, 0 to delete"
    assert f"+  {NAMESPACE} extra" in render_diff(diff)


def test_a_removed_resource_is_deleted() -> None:
    diff = diff_plans(platform(), platform(app=None))

    (removed,) = diff.removed
    assert (removed.name, removed.action, removed.protected) == ("app", "delete", False)
    assert diff.changed == [] and diff.added == []
    assert f"-  {DEPLOYMENT} app" in render_diff(diff)


def test_a_change_lists_each_differing_path_with_old_and_new_values() -> None:
    new = platform(
        app=set_input("spec.replicas", 3),
        cluster=set_input("masterAuthorizedNetworksConfig.cidrBlocks", [{"cidrBlock": "198.51.100.0/24"}]),
    )

    diff = diff_plans(platform(), new)

    assert [(c.name, c.action) for c in diff.changed] == [("cluster", "update"), ("app", "update")]
    (replicas,) = diff.get("app").properties
    assert (replicas.path, replicas.kind, replicas.old, replicas.new) == ("spec.replicas", "changed", 1, 3)
    (block,) = diff.get("cluster").properties
    assert block.path == "masterAuthorizedNetworksConfig.cidrBlocks[0].cidrBlock"
    assert "spec.replicas: 1 -> 3" in render_diff(diff)


def test_lists_of_plain_values_compare_as_a_whole() -> None:
    old = plan(res("fw", "gcp:compute/firewall:Firewall", inputs={"sourceRanges": ["10.0.0.0/28"]}))
    new = plan(
        res("fw", "gcp:compute/firewall:Firewall", inputs={"sourceRanges": ["10.0.0.16/28", "10.0.0.0/28"]})
    )

    (change,) = diff_plans(old, new).get("fw").properties

    assert (change.path, change.old, change.new) == (
        "sourceRanges",
        ["10.0.0.0/28"],
        ["10.0.0.16/28", "10.0.0.0/28"],
    )


def test_added_and_removed_properties() -> None:
    old = plan(res("vpc", inputs={"name": "mesh-vpc", "mtu": 1460}))
    new = plan(res("vpc", inputs={"name": "mesh-vpc", "routingMode": "GLOBAL"}))

    changes = diff_plans(old, new).get("vpc").properties

    assert [(c.path, c.kind, c.old, c.new) for c in changes] == [
        ("mtu", "removed", 1460, None),
        ("routingMode", "added", None, "GLOBAL"),
    ]


# --- protection -----------------------------------------------------------------------------


def protect(resource: PlannedResource) -> None:
    resource.protect = True


def test_deleting_a_protected_resource_is_flagged() -> None:
    diff = diff_plans(platform(vpc=protect), platform(vpc=None, subnet=None))

    vpc = diff.get("vpc")
    assert (vpc.action, vpc.protected) == ("delete", True)
    assert diff.get("subnet").protected is False
    assert "PROTECTED: pulumi up refuses to delete it" in render_diff(diff)
    assert diff.summary() == "0 to add, 0 to change, 2 to delete, 1 PROTECTED"


def test_replacing_a_protected_resource_is_flagged() -> None:
    old = platform(cluster=protect)
    new = platform(cluster=lambda r: (protect(r), set_input("name", "tokyo-2")(r)))

    cluster = diff_plans(old, new).get("cluster")

    assert (cluster.action, cluster.protected) == ("replace", True)
    assert "PROTECTED: pulumi up refuses to replace it" in render_diff(diff_plans(old, new))


def test_a_cascaded_replacement_of_a_protected_resource_is_flagged() -> None:
    diff = diff_plans(platform(subnet=protect), platform(subnet=protect, vpc=set_input("name", "x")))

    assert diff.get("subnet").protected


def test_protect_changes_are_listed_as_options() -> None:
    (change,) = diff_plans(platform(), platform(vpc=protect)).get("vpc").options

    assert (change.path, change.old, change.new, change.effect) == ("protect", False, True, None)


# --- secrets and unknowns -------------------------------------------------------------------


def test_two_secrets_compare_equal_since_the_plan_never_holds_their_values() -> None:
    old = plan(res("k8s", K8S, inputs={"kubeconfig": SECRET, "namespace": "a"}))
    new = plan(res("k8s", K8S, inputs={"kubeconfig": SECRET, "namespace": "b"}))

    (change,) = diff_plans(old, new).get("k8s").properties

    assert change.path == "namespace"


def test_a_value_becoming_secret_shows_as_changed_but_masked() -> None:
    old = plan(res("db", "x:index:Db", inputs={"auth": {"user": "app", "password": "visible"}}))
    new = plan(res("db", "x:index:Db", inputs={"auth": {"user": "app", "password": SECRET}}))

    diff = diff_plans(old, new)

    (change,) = diff.get("db").properties
    assert (change.path, change.new) == ("auth.password", SECRET)
    assert 'auth.password: "visible" -> <secret>' in render_diff(diff)


def test_unknown_values_show_as_unknown() -> None:
    old = plan(res("vpc", inputs={"description": "known"}))
    new = plan(res("vpc", inputs={"description": UNKNOWN}))

    diff = diff_plans(old, new)

    assert 'description: "known" -> <unknown>' in render_diff(diff)
    assert diff_plans(new, copy.deepcopy(new)).has_changes is False


# --- matching -------------------------------------------------------------------------------


def test_resources_match_across_stacks() -> None:
    diff = diff_plans(platform("prod"), platform("dev"))

    assert not diff.has_changes, render_diff(diff)


def test_across_stacks_only_real_differences_show() -> None:
    diff = diff_plans(platform("prod", vpc=protect), platform("dev"))

    assert [(c.name, [o.path for o in c.options]) for c in diff.resources] == [("vpc", ["protect"])]
    assert render_diff(diff).splitlines()[:2] == ["--- demo/prod", "+++ demo/dev"]


def test_resource_key_drops_the_stack() -> None:
    assert resource_key(urn("vpc", NETWORK, "prod")) == f"{PROJECT}::{NETWORK}::vpc"
    assert (
        resource_key(stack_urn("prod")) == resource_key(stack_urn("dev")) == f"{PROJECT}::pulumi:pulumi:Stack"
    )


def test_a_rename_with_an_alias_is_an_update_not_a_replacement() -> None:
    renamed = res(
        "vpc-renamed", inputs={"name": "mesh-vpc"}, aliases=[{"spec": {"name": "vpc", "parentUrn": ""}}]
    )

    diff = diff_plans(plan(res("vpc", inputs={"name": "mesh-vpc"})), plan(renamed))

    (change,) = diff.resources
    assert (change.name, change.action, change.renamed_from) == (
        "vpc-renamed",
        "update",
        f"{PROJECT}::{NETWORK}::vpc",
    )


def test_a_rename_without_an_alias_is_flagged_as_the_same_object_recreated() -> None:
    old = plan(res("ns-old", NAMESPACE, inputs={"metadata": {"name": "istio-gateway"}}))
    new = plan(res("ns-new", NAMESPACE, inputs={"metadata": {"name": "istio-gateway"}}))

    diff = diff_plans(old, new)

    assert [(c.name, c.action, c.same_object_as) for c in diff.resources] == [
        ("ns-new", "create", f"{PROJECT}::{NAMESPACE}::ns-old"),
        ("ns-old", "delete", f"{PROJECT}::{NAMESPACE}::ns-new"),
    ]
    assert "same object as ns-old: renamed without an alias" in render_diff(diff)
    assert diff.summary() == "1 to add, 0 to change, 1 to delete, 1 recreated under a new name (no alias)"


def test_stack_outputs_are_compared() -> None:
    diff = diff_plans(plan(outputs={"env": "dev", "kc": SECRET}), plan(outputs={"env": "prod", "kc": SECRET}))

    assert [(o.path, o.old, o.new) for o in diff.outputs] == [("env", "dev", "prod")]
    assert diff.summary() == "0 to add, 0 to change, 0 to delete, 1 output changed"


# --- output ---------------------------------------------------------------------------------


def test_ordering_is_new_plan_order_then_removed_in_old_plan_order() -> None:
    old = platform()
    new = platform(vpc=None, subnet=None, app=set_input("spec.replicas", 2))
    new.resources.insert(1, res("first", NAMESPACE, inputs={"metadata": {"name": "first"}}))

    diff = diff_plans(old, new)

    assert [(c.name, c.action) for c in diff.resources] == [
        ("first", "create"),
        ("app", "update"),
        ("vpc", "delete"),
        ("subnet", "delete"),
    ]


def test_the_diff_is_deterministic_and_json_serialisable() -> None:
    new = platform(vpc=set_input("name", "x"), ns=None)
    new.resources.append(res("extra", NAMESPACE, inputs={"metadata": {"name": "extra"}}))

    first, second = diff_plans(platform(), new), diff_plans(platform(), copy.deepcopy(new))

    assert first.to_json() == second.to_json()
    assert render_diff(first) == render_diff(second)
    data = json.loads(first.to_json())
    assert data["summary"] == {
        "add": 1,
        "change": 6,
        "replace": 6,
        "delete": 1,
        "protected": 0,
        "disruptive": 0,
        "outputs": 0,
        "recreated": 0,
        "dependencies_only": 0,
    }
    vpc = next(r for r in data["resources"] if r["name"] == "vpc")
    assert vpc["action"] == "replace"
    assert vpc["properties"][0] == {
        "path": "name",
        "kind": "changed",
        "old": "mesh-vpc",
        "new": "x",
        "effect": "replace",
        "reason": "a VPC's name is its identity",
        "ignored": False,
        "cause": None,
    }


def test_show_inputs_lists_every_input_of_an_added_resource() -> None:
    new = platform()
    new.resources.append(
        res("extra", NAMESPACE, inputs={"metadata": {"name": "extra", "labels": {"a": "b"}}})
    )

    text = render_diff(diff_plans(platform(), new), show_inputs=True)

    assert '     metadata.labels.a: + "b"' in text
    assert '     metadata.name: + "extra"' in text
    assert "metadata.name" not in render_diff(diff_plans(platform(), new))
