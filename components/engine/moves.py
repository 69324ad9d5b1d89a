"""Splitting a deployed stack into several without replacing anything: `pulumi state move`, planned.

`pulumi state move --source S --dest D <urn>...` moves each named resource with all its
children into D's state, renaming only the stack (and project) part of their URNs; a moved
resource whose parent stays behind is re-parented to D's root stack, its URN unchanged; the
explicit providers of the moved resources are copied, not moved (pulumi/pulumi,
`pkg/cmd/pulumi/state/state_move.go`). Once D's program declares the same resources under the
same URNs, its next preview shows them unchanged.

``state_moves`` says which URNs to move from a whole stack's Plan into each of the Plans that
split it: each custom resource goes to the one part that declares it, and a component moves
whole where all of its resources go to one part (a component whose resources go to several,
such as a platform component every part declares, stays and is re-created by each part as a
component, which creates nothing in the cloud). ``moved_state`` is a part's state right after
the moves, as a Plan, so that ``diff_plans(moved_state(...), part)`` is that part's first preview.

Order matters for the real commands: a provider is copied only while it is still in the source,
so the parts that use another part's providers move first (the highest layer first).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .diff.keys import resource_key
from .plan import STACK_TYPE, Plan, PlannedResource

_PROVIDER_PREFIX = "pulumi:providers:"


def _is_provider(resource: PlannedResource) -> bool:
    return resource.type.startswith(_PROVIDER_PREFIX)


def _owners(whole: Plan, parts: Sequence[Plan]) -> dict[str, set[str]]:
    """For each resource of `whole` (by URN), the stacks of the parts whose custom resources under
    it (itself included; providers, which are copied, excluded) they declare."""
    declared: dict[str, str] = {}
    for part in parts:
        for resource in part.resources:
            if resource.custom and not _is_provider(resource):
                declared.setdefault(resource_key(resource.urn), part.stack)
    children: dict[str, list[PlannedResource]] = {}
    for resource in whole.resources:
        if resource.parent:
            children.setdefault(resource.parent, []).append(resource)
    owners: dict[str, set[str]] = {}

    def walk(resource: PlannedResource) -> set[str]:
        found: set[str] = set()
        if resource.custom and not _is_provider(resource):
            stack = declared.get(resource_key(resource.urn))
            if stack is None:
                raise ValueError(f"{resource.urn} is declared by no part: it would be deleted")
            found.add(stack)
        for child in children.get(resource.urn, []):
            found |= walk(child)
        owners[resource.urn] = found
        return found

    for resource in whole.resources:
        if resource.parent is None:
            walk(resource)
    return owners


def state_moves(whole: Plan, parts: Sequence[Plan]) -> dict[str, list[str]]:
    """Part stack -> the URNs of `whole` to name in its `pulumi state move`, in plan order.

    Raises ValueError when a custom resource of `whole` is declared by no part.
    """
    owners = _owners(whole, parts)
    by_urn = {r.urn: r for r in whole.resources}
    moves: dict[str, list[str]] = {part.stack: [] for part in parts}
    for resource in whole.resources:
        if resource.type == STACK_TYPE or _is_provider(resource) or len(owners[resource.urn]) != 1:
            continue
        parent = by_urn.get(resource.parent or "")
        if parent is not None and parent.type != STACK_TYPE and len(owners[parent.urn]) == 1:
            continue  # its parent moves, and takes it along
        moves[next(iter(owners[resource.urn]))].append(resource.urn)
    return moves


def moved_state(whole: Plan, urns: Sequence[str], dest: str) -> Plan:
    """The state of stack `dest` after `pulumi state move` of `urns` from `whole`'s stack, as a Plan."""
    children: dict[str, list[str]] = {}
    for resource in whole.resources:
        if resource.parent:
            children.setdefault(resource.parent, []).append(resource.urn)
    moving: set[str] = set()
    pending = list(urns)
    while pending:
        urn = pending.pop()
        if urn not in moving:
            moving.add(urn)
            pending.extend(children.get(urn, []))
    copied = {r.provider for r in whole.resources if r.urn in moving and r.provider}
    source, to = f"urn:pulumi:{whole.stack}::", f"urn:pulumi:{dest}::"
    root = f"{to}{whole.project}::{STACK_TYPE}::{whole.project}-{dest}"

    def renamed(urn: str | None) -> str | None:
        return to + urn[len(source) :] if urn and urn.startswith(source) else urn

    state = [PlannedResource(urn=root, type=STACK_TYPE, name=f"{whole.project}-{dest}", custom=False)]
    for resource in whole.resources:
        if resource.urn not in moving and resource.urn not in copied:
            continue
        parent = resource.parent if resource.parent in moving else None
        data = resource.to_dict()
        data.update(
            urn=renamed(resource.urn),
            parent=renamed(parent) or root,
            provider=renamed(resource.provider),
            # Dependencies on what stays behind are broken by the move, as the command warns.
            dependencies=[renamed(d) for d in resource.dependencies if d in moving or d in copied],
            property_dependencies={
                k: [renamed(d) for d in v if d in moving or d in copied]
                for k, v in resource.property_dependencies.items()
            },
        )
        data["property_dependencies"] = {k: v for k, v in data["property_dependencies"].items() if v}
        state.append(PlannedResource.from_dict(data))
    return Plan(project=whole.project, stack=dest, resources=state)


def split_procedure(whole: Plan, parts: Sequence[Plan]) -> Mapping[str, Plan]:
    """Each part's state right after its moves (`state_moves`, then `moved_state`), by stack."""
    moves = state_moves(whole, parts)
    return {part.stack: moved_state(whole, moves[part.stack], part.stack) for part in parts}
