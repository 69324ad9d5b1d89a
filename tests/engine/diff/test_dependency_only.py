"""A change of recorded dependencies alone: Pulumi's engine runs no update (a "same" step), so
the diff shows it apart and counts it as `pulumi preview` would, not as "to change"."""

from __future__ import annotations

from collections.abc import Callable

from components.engine.diff import diff_plans, render_diff
from components.engine.plan import Plan, PlannedResource

from .builders import DEPLOYMENT, NAMESPACE, platform, set_input, urn


def _depends_on_namespace(resource: PlannedResource) -> None:
    resource.dependencies.append(urn("ns", NAMESPACE))


def _app(*changes: Callable[[PlannedResource], None]) -> Plan:
    def apply(resource: PlannedResource) -> None:
        for change in changes:
            change(resource)

    return platform(app=apply)


def test_a_dependency_only_change_is_not_counted_to_change() -> None:
    diff = diff_plans(platform(), _app(_depends_on_namespace))

    (change,) = diff.resources
    assert change.dependency_only
    assert diff.changed == []
    assert diff.summary() == "0 to add, 0 to change, 0 to delete, 1 with new dependencies only (no update)"


def test_a_dependency_only_change_is_rendered_apart_from_updates() -> None:
    text = render_diff(diff_plans(platform(), _app(_depends_on_namespace)))

    assert f"= {DEPLOYMENT} app  (dependencies only: no update)" in text
    assert f"~  {DEPLOYMENT} app" not in text


def test_an_input_change_with_new_dependencies_is_an_update() -> None:
    diff = diff_plans(platform(), _app(_depends_on_namespace, set_input("spec.replicas", 2)))

    (change,) = diff.changed
    assert not change.dependency_only
    assert diff.summary() == "0 to add, 1 to change, 0 to delete"
