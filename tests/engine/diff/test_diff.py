"""diff_plans on hand-made plan pairs: what a reviewer must see, and nothing else."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

from components.engine.diff import diff_plans, render_diff, resource_key
from components.engine.diff.replacements import RULES, replacement_for
from components.engine.plan import SECRET, UNKNOWN, Plan, PlannedResource
from components.engine.recorder import make_urn

PROJECT = "demo"
NETWORK = "gcp:compute/network:Network"
SUBNET = "gcp:compute/subnetwork:Subnetwork"
CLUSTER = "gcp:container/cluster:Cluster"
POOL = "gcp:container/nodePool:NodePool"
K8S = "pulumi:providers:kubernetes"
NAMESPACE = "kubernetes:core/v1:Namespace"
DEPLOYMENT = "kubernetes:apps/v1:Deployment"


def stack_urn(stack: str) -> str:
    return make_urn(stack, PROJECT, "", "pulumi:pulumi:Stack", f"{PROJECT}-{stack}")


def urn(name: str, type_: str, stack: str = "dev", parent: str | None = None) -> str:
    return make_urn(stack, PROJECT, parent or stack_urn(stack), type_, name)


def res(name: str, type_: str = NETWORK, stack: str = "dev", **fields: Any) -> PlannedResource:
    parent = fields.pop("parent", None) or stack_urn(stack)
    return PlannedResource(
        urn=make_urn(stack, PROJECT, parent, type_, name),
        type=type_,
        name=name,
        custom=True,
        parent=parent,
        **fields,
    )


def plan(*resources: PlannedResource, stack: str = "dev", outputs: dict[str, Any] | None = None) -> Plan:
    root = PlannedResource(
        urn=stack_urn(stack), type="pulumi:pulumi:Stack", name=f"{PROJECT}-{stack}", custom=False
    )
    return Plan(project=PROJECT, stack=stack, resources=[root, *resources], outputs=outputs or {})


def platform(stack: str = "dev", **overrides: Any) -> Plan:
    """A network, subnet, cluster, pool, Kubernetes provider, namespace and deployment."""
    net, sub, cluster = (
        urn("vpc", NETWORK, stack),
        urn("subnet", SUBNET, stack),
        urn("cluster", CLUSTER, stack),
    )
    provider = urn("k8s", K8S, stack)
    resources = {
        "vpc": res("vpc", NETWORK, stack, inputs={"name": "mesh-vpc", "autoCreateSubnetworks": False}),
        "subnet": res(
            "subnet",
            SUBNET,
            stack,
            inputs={
                "name": "tokyo",
                "network": UNKNOWN,
                "ipCidrRange": "172.16.0.0/16",
                "region": "asia-northeast1",
            },
            dependencies=[net],
            property_dependencies={"network": [net]},
        ),
        "cluster": res(
            "cluster",
            CLUSTER,
            stack,
            inputs={
                "name": "tokyo-1",
                "network": UNKNOWN,
                "subnetwork": UNKNOWN,
                "privateClusterConfig": {"enablePrivateNodes": True, "masterIpv4CidrBlock": "192.168.0.0/28"},
                "masterAuthorizedNetworksConfig": {"cidrBlocks": [{"cidrBlock": "203.0.113.10/32"}]},
            },
            dependencies=[net, sub],
            property_dependencies={"network": [net], "subnetwork": [sub]},
        ),
        "pool": res(
            "pool",
            POOL,
            stack,
            inputs={"cluster": "tokyo-1", "nodeConfig": {"machineType": "e2-standard-4"}},
            dependencies=[cluster],
            property_dependencies={"cluster": [cluster]},
        ),
        "k8s": res(
            "k8s",
            K8S,
            stack,
            inputs={"kubeconfig": SECRET},
            secret_paths=["kubeconfig"],
            dependencies=[cluster],
            property_dependencies={"kubeconfig": [cluster]},
        ),
        "ns": res("ns", NAMESPACE, stack, inputs={"metadata": {"name": "sample"}}, provider=provider),
        "app": res(
            "app",
            DEPLOYMENT,
            stack,
            inputs={
                "metadata": {"name": "app", "namespace": "sample"},
                "spec": {"selector": {"matchLabels": {"app": "app"}}, "replicas": 1},
            },
            provider=provider,
        ),
    }
    for name, change in overrides.items():
        if change is None:
            del resources[name]
        else:
            change(resources[name])
    return plan(*resources.values(), stack=stack)


def set_input(path: str, value: Any) -> Callable[[PlannedResource], None]:
    def apply(resource: PlannedResource) -> None:
        *parents, last = path.split(".")
        target = resource.inputs
        for key in parents:
            target = target[key]
        target[last] = value

    return apply


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


# --- replacements ---------------------------------------------------------------------------


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


# --- cascades -------------------------------------------------------------------------------


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
