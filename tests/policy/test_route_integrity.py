"""route-integrity: VirtualService weights add up to 100 and name subsets that exist (seed 004's canary)."""

from __future__ import annotations

from typing import Any

import pulumi_kubernetes as kubernetes
import pytest

from components.engine import PlannedResource

from .helpers import (
    assert_no_violation,
    assert_violation,
    components_plan,
    helloworld_route,
    istio_object,
    k8s_provider,
    on_cluster,
    plan_from,
    plan_of,
    platform_plan,
    run_policy,
)

POLICY = "route-integrity"
SUBSETS = [{"name": "v1", "labels": {"version": "v1"}}, {"name": "v2", "labels": {"version": "v2"}}]


def destination(subset: str | None, weight: Any = None, host: str = "helloworld") -> dict[str, Any]:
    target: dict[str, Any] = {"host": host, "port": {"number": 5000}}
    if subset:
        target["subset"] = subset
    entry: dict[str, Any] = {"destination": target}
    if weight is not None:
        entry["weight"] = weight
    return entry


def virtual_service(*destinations: dict[str, Any], **kwargs: Any) -> PlannedResource:
    spec = {"hosts": ["*"], "gateways": ["helloworld-gateway"], "http": [{"route": list(destinations)}]}
    return istio_object("VirtualService", "helloworld", "sample", spec, **kwargs)


def destination_rule(host: str = "helloworld", subsets: Any = SUBSETS, **kwargs: Any) -> PlannedResource:
    return istio_object(
        "DestinationRule", "helloworld", "sample", {"host": host, "subsets": subsets}, **kwargs
    )


def test_our_canary_routes_pass() -> None:
    assert_no_violation(POLICY, platform_plan())
    assert_no_violation(POLICY, components_plan(routes=(helloworld_route(),)))


def test_our_route_without_subsets_passes() -> None:
    route = helloworld_route(subsets={}, weights={})

    assert_no_violation(POLICY, components_plan(routes=(route,)))


def test_our_route_with_weights_the_spec_would_refuse_fails() -> None:
    route = helloworld_route().model_copy(update={"weights": {"v1": 20, "v2": 70}})

    violation = assert_violation(
        POLICY, components_plan(routes=(route,)), "http[0] weights add up to 90, not 100", "helloworld/v2: 70"
    )
    assert violation.mandatory


def test_our_route_to_a_subset_without_destination_rule_entry_fails() -> None:
    route = helloworld_route().model_copy(update={"weights": {"v1": 20, "v3": 80}})

    assert_violation(
        POLICY,
        components_plan(routes=(route,)),
        "subset v3 of helloworld.sample.svc.cluster.local",
        "(defined there: v1, v2)",
    )


def test_plain_virtual_service_without_any_destination_rule_fails() -> None:
    def program() -> None:
        kubernetes.apiextensions.CustomResource(
            "reviews",
            api_version="networking.istio.io/v1beta1",
            kind="VirtualService",
            metadata={"name": "reviews", "namespace": "bookinfo"},
            spec={
                "hosts": ["reviews"],
                "http": [{"route": [{"destination": {"host": "reviews", "subset": "v3"}}]}],
            },
            opts=on_cluster(),
        )

    assert_violation(POLICY, plan_of(program), "subset v3 of reviews.bookinfo.svc.cluster.local", "503")


def test_subsets_on_another_cluster_do_not_count() -> None:
    cluster_a, cluster_b = k8s_provider("cluster-a"), k8s_provider("cluster-b")
    plan = plan_from(
        cluster_a,
        cluster_b,
        destination_rule(provider=cluster_a),
        virtual_service(destination("v1", 50), destination("v2", 50), provider=cluster_b),
    )

    assert len(run_policy(POLICY, plan).violations) == 2


def test_fully_qualified_and_short_hosts_meet() -> None:
    plan = plan_from(
        destination_rule(host="helloworld.sample.svc.cluster.local"),
        virtual_service(destination("v1", 20), destination("v2", 80)),
    )

    assert_no_violation(POLICY, plan)


def test_wildcard_destination_rule_hosts_match() -> None:
    plan = plan_from(destination_rule(host="*.sample.svc.cluster.local"), virtual_service(destination("v2")))

    assert_no_violation(POLICY, plan)


def test_a_single_destination_needs_no_weight_but_cannot_have_less_than_100() -> None:
    assert_no_violation(POLICY, plan_from(virtual_service(destination(None))))
    assert_violation(
        POLICY, plan_from(virtual_service(destination(None, 80))), "sends 80% to its only destination"
    )


def test_float_weights_from_the_wire_add_up() -> None:
    plan = plan_from(destination_rule(), virtual_service(destination("v1", 20.0), destination("v2", 80.0)))

    assert_no_violation(POLICY, plan)


def test_tcp_routes_are_checked_too() -> None:
    spec = {
        "hosts": ["db"],
        "tcp": [{"route": [destination(None, 60, "db"), destination(None, 30, "db-replica")]}],
    }
    plan = plan_from(istio_object("VirtualService", "db", "data", spec))

    assert_violation(POLICY, plan, "tcp[0] weights add up to 90")


@pytest.mark.parametrize(
    ("plan", "unknown"),
    [
        (
            plan_from(destination_rule(subsets="<unknown>"), virtual_service(destination("v3"))),
            ".spec.subsets of helloworld-destinationrule",
        ),
        (
            plan_from(
                destination_rule(), virtual_service(destination("v1", 20), destination("v2", "<unknown>"))
            ),
            ".spec.http.0.route.1.weight of helloworld-virtualservice",
        ),
    ],
    ids=["subsets", "weight"],
)
def test_unknown_destination_rules_and_weights_are_not_checked_rather_than_failed(
    plan: Any, unknown: str
) -> None:
    report = run_policy(POLICY, plan)

    assert report.violations == []
    assert [n.message for n in report.not_checked] == [f"unknown until the resources exist: {unknown}"]
