"""Join the Plans of stacks that read each other into one, as if a single stack built them all.

Stacks split by layer (one reads another's outputs through a ``StackReference``) each record
their own Plan. Checks that span them (a policy that pairs a route's Gateway with a gateway
Deployment of another stack, a report of the whole mesh) need them as one: ``join_plans``
renames every URN to one stack, keeps each resource once (a component or a provider that
several stacks declare under the same URN, as a layered program does to keep its URNs, is the
same resource), and drops the ``StackReference`` reads that joined them, with every dependency
on them. Outputs are merged, the later plan's value winning.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from .plan import STACK_TYPE, Plan, PlannedResource
from .recorder.stack_references import STACK_REFERENCE_TYPE


@dataclasses.dataclass(frozen=True)
class _Rename:
    prefix: str
    to: str
    stacks: tuple[str, str]
    """The stack resource's URN in the plan, and in the joined plan (its name holds the stack)."""
    dropped: frozenset[str]

    def __call__(self, value: Any) -> Any:
        if isinstance(value, str):
            if value == self.stacks[0]:
                return self.stacks[1]
            return self.to + value[len(self.prefix) :] if value.startswith(self.prefix) else value
        if isinstance(value, dict):
            return {k: self(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self(v) for v in value if not (isinstance(v, str) and v in self.dropped)]
        return value


def join_plans(plans: Sequence[Plan], stack: str) -> Plan:
    """One Plan of `stack` holding every resource of `plans` (same project), in their order.

    Raises ValueError when the plans belong to different projects.
    """
    projects = {p.project for p in plans}
    if len(projects) != 1:
        raise ValueError(f"plans of one project can be joined; these are of {', '.join(sorted(projects))}")
    project = projects.pop()
    to = f"urn:pulumi:{stack}::"
    joined: dict[str, PlannedResource] = {}
    outputs: dict[str, Any] = {}
    secrets: set[str] = set()
    for plan in plans:
        prefix = f"urn:pulumi:{plan.stack}::"
        rename = _Rename(
            prefix,
            to,
            (
                f"{prefix}{project}::{STACK_TYPE}::{project}-{plan.stack}",
                f"{to}{project}::{STACK_TYPE}::{project}-{stack}",
            ),
            frozenset(r.urn for r in plan.resources if r.type == STACK_REFERENCE_TYPE),
        )
        for resource in plan.resources:
            if resource.type == STACK_REFERENCE_TYPE:
                continue
            data = rename(resource.to_dict())
            data["property_dependencies"] = {k: v for k, v in data["property_dependencies"].items() if v}
            if resource.type == STACK_TYPE:
                data["name"] = f"{project}-{stack}"
            renamed = PlannedResource.from_dict(data)
            joined.setdefault(renamed.urn, renamed)
        outputs.update(plan.outputs)
        secrets.update(plan.output_secret_paths)
    return Plan(
        project=project,
        stack=stack,
        resources=list(joined.values()),
        outputs=outputs,
        output_secret_paths=sorted(secrets),
    )
