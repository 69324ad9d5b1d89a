"""Every Plan a policy test builds also runs the whole pack in both views, and no policy crashes.

A policy test checks one policy on one Plan in one view. What a real preview needs of every
policy, whatever the Plan, is that it never raises: in the planned state stack policies get,
any property the program does not set can be unknown, and a policy's TypeError aborts the
whole preview. So after
each test, every Plan it ran the pack on (through ``helpers.run_pack``) runs the whole pack again
in the ``inputs`` and the ``planned`` view; a policy that raises, or that uses an unknown value
without checking for it, fails that test's teardown. Each Plan is checked once per session.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from components.engine import Plan

from . import helpers

_checked: dict[int, Plan] = {}
"""Plans already checked, by id; the Plans themselves are kept so that no id is reused."""


@pytest.fixture(autouse=True)
def no_policy_crashes_on_this_tests_plans_in_either_view() -> Iterator[None]:
    helpers.EVALUATED.clear()
    yield
    for key, plan in list(helpers.EVALUATED.items()):
        if key in _checked:
            continue
        _checked[key] = plan
        found = helpers.crashes(plan)
        if found:
            pytest.fail("\n".join(found))
