"""Layered stacks offline: where a layer's references are read from, checked before anything runs.

A layered stack (`meshfleet:layer`, `components.spec.layers`) reads the stacks below it through
`pulumi.StackReference`. Offline, `meshfleet preview` answers each reference from the referenced
stack's last offline preview (`build/<stack>/plan.json`), and `meshfleet baseline`/`diff` from
its accepted baseline, so a layer's baseline depends on accepted plans only. A reference to a
stack with no such plan is refused in one line that names the stack to preview first.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from components.spec import parse_platform
from components.spec.layers import LayerConfig, check_layered, layer_config, stack_of

from .app import UserError

if TYPE_CHECKING:
    from components.engine import Plan, StackReferences

PLATFORM_KEY = "meshfleet:platform"


def stack_layer(config: dict[str, Any], stack: str) -> LayerConfig | None:
    """The layer a stack builds (None: the whole spec), its config checked (SpecError otherwise)."""
    layer = layer_config(config, stack)
    if layer is not None:
        check_layered(parse_platform(config.get(PLATFORM_KEY)), layer)
    return layer


def check_references(
    stack: str, layer: LayerConfig | None, project: str, plan_of: Callable[[str], Path], first: str
) -> None:
    """Every stack `layer` reads has a plan at `plan_of(stack)`; UserError naming the first missing.

    `first` says what makes that plan (`meshfleet preview --stack {stack}`).
    """
    if layer is None:
        return
    for needed, reference in layer.references.items():
        parts = reference.split("/")
        if len(parts) == 3 and parts[1] != project:
            raise UserError(
                f"stack {stack} reads {reference} ({needed} layer), a stack of project {parts[1]}: "
                f"offline, only stacks of project {project} can be read"
            )
        path = plan_of(stack_of(reference))
        if not path.is_file():
            raise UserError(
                f"stack {stack} reads the {needed} layer from stack {stack_of(reference)}, which has no "
                f"offline plan ({path}): run `{first.format(stack=stack_of(reference))}` first"
            )


def plan_references(project: str, plan_of: Callable[[str], Path]) -> StackReferences:
    """Answer a StackReference from the plan file of the stack it names (`check_references` first)."""
    from components.engine import Plan, UnresolvedStackReference

    def resolve(reference: str) -> Plan:
        parts = reference.split("/")
        if len(parts) == 3 and parts[1] != project:
            raise UnresolvedStackReference(
                reference, f"offline, only stacks of project {project} can be read"
            )
        path = plan_of(stack_of(reference))
        if not path.is_file():
            raise UnresolvedStackReference(reference, f"no offline plan at {path}")
        return Plan.from_json(path.read_text(encoding="utf-8"))

    return resolve


def build_plan(build_dir: Path) -> Callable[[str], Path]:
    """Where `meshfleet preview` writes a stack's plan, as an absolute path: the program runs in
    the project's `main` folder (as the CLI runs it), where a relative build folder would name
    another place than the one `check_references` looked at."""
    root = build_dir.resolve()
    return lambda stack: root / stack / "plan.json"
