"""meshfleet diff / baseline: review a stack's plan against its accepted baseline, another stack or a file.

``meshfleet diff`` exits like ``git diff --exit-code``: 0 no changes, 1 changes, 2 error. An
error is bad input (as for every command) and also a failure of the stack program, which
``preview`` reports as 1 but which would read as "changes" here.

``meshfleet baseline --stack X`` accepts X's current plan: it writes
``stacks/baselines/X.plan.json`` (the Plan JSON, byte-for-byte reproducible), to be committed
with the change that caused it. Its exit codes are the usual ones (0, 1 program failed, 2).
"""

from __future__ import annotations

import shlex
from contextlib import suppress
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.text import Text

from .against import as_environment_of
from .app import EXIT_BAD_INPUT, FLAG, UserError, app, out, reported
from .layers import check_references, plan_references, stack_layer
from .paths import check_stack_name, inside
from .project import Project, load_platform_config

if TYPE_CHECKING:
    from components.engine import Plan, PlanDiff

# The engine (and Pulumi with it) is imported inside the functions that need it, once the
# input is checked: bad input is refused without loading it (see app.py).

EXIT_NO_CHANGES = 0
EXIT_CHANGES = 1
EXIT_ERROR = EXIT_BAD_INPUT
"""Bad input or a failing program: 2, as ``git diff`` reports trouble."""

BASELINE_DIR = "baselines"
"""Baselines live in ``<stackConfigDir>/baselines/<stack>.plan.json``, next to the stack configs."""

_STYLES = {
    "create": "green",
    "delete": "red",
    "update": "yellow",
    "replace": "bold red",
    "protected": "bold white on red",
    "note": "bold",
}


def baseline_path(project: Project, stack: str) -> Path:
    """Where the accepted plan of ``stack`` is committed."""
    return project.config_dir / BASELINE_DIR / f"{stack}.plan.json"


def _shown(project: Project, path: Path) -> str:
    try:
        return str(path.relative_to(project.root))
    except ValueError:
        return str(path)


def load_plan_file(path: Path) -> Plan:
    """A saved plan.json (a baseline, or build/<stack>/plan.json); UserError if it is not one."""
    from components.engine import Plan

    if not path.is_file():
        raise UserError(f"plan file {path} does not exist")
    try:
        return Plan.from_json(path.read_text(encoding="utf-8"))
    except KeyError as exc:
        raise UserError(f"{path} is not a plan file: it has no {exc} field") from None
    except (ValueError, TypeError, AttributeError) as exc:
        raise UserError(f"{path} is not a plan file: {' '.join(str(exc).split())}") from None


def current_plan(project: Project, stack: str, config_file: Path | None = None) -> Plan:
    """The offline plan of ``stack`` now (its own config, or ``config_file``)."""
    path = config_file or project.existing_stack_config(stack)
    return _run(project, stack, load_platform_config(path, stack))


def _run(project: Project, stack: str, config: dict[str, Any]) -> Plan:
    from components.engine import run_program

    # A layer reads the stacks below it from their accepted baselines: a baseline depends on
    # accepted plans only, never on what was last previewed.
    layer = stack_layer(config, stack)
    accepted = partial(baseline_path, project)
    check_references(stack, layer, project.name, accepted, "meshfleet baseline --stack {stack}")
    references = plan_references(project.name, accepted) if layer is not None else None
    return run_program(
        project.main, project=project.name, stack=stack, config=config, stack_references=references
    )


def write_baseline(project: Project, plan: Plan) -> Path:
    """Accept ``plan`` as its stack's baseline; the bytes depend on the plan only."""
    path = inside(project.config_dir, baseline_path(project, plan.stack))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(plan.to_json().encode("utf-8"))
    # What the accepted plan's mesh will do, pinned beside it (tests compare every stack's).
    from components.engine.meshes import analyse, to_json

    mesh_baseline_path(project, plan.stack).write_bytes(to_json(analyse(plan)).encode("utf-8"))
    return path


def mesh_baseline_path(project: Project, stack: str) -> Path:
    """Where the accepted plan's `mesh.json` (`components.engine.meshes`) is committed."""
    return inside(project.config_dir, project.config_dir / BASELINE_DIR / f"{stack}.mesh.json")


def diff_command(stack: str, config_file: Path | None = None) -> str:
    """The `meshfleet diff` that reviews what a preview showed: the same stack and config file."""
    command = f"meshfleet diff --stack {stack}"
    return f"{command} --config-file {shlex.quote(str(config_file))}" if config_file else command


def baseline_summary(project: Project, plan: Plan, config_file: Path | None = None) -> str | None:
    """One line comparing ``plan`` with its stack's accepted baseline; None without a baseline.

    ``baseline: no changes``, or for example
    ``baseline: 0 to add, 1 to change (1 replacement), 0 to delete (run meshfleet diff --stack dev)``;
    the suggested command repeats ``config_file``, the one the plan was made with.
    """
    path = baseline_path(project, plan.stack)
    if not path.is_file():
        return None
    from components.engine import diff_plans

    hint = diff_command(plan.stack, config_file)
    try:
        accepted = load_plan_file(path)
    except UserError as exc:
        return f"baseline: unreadable ({exc}); accept a new one with meshfleet baseline --stack {plan.stack}"
    found = diff_plans(accepted, plan)
    if not found.has_changes:
        return "baseline: no changes"
    return f"baseline: {found.summary()} (run {hint})"


def print_diff(found: PlanDiff, show_inputs: bool = False) -> None:
    from components.engine import render_lines

    for text, style in render_lines(found, show_inputs=show_inputs):
        out.print(Text(text, style=_STYLES.get(style, "")), soft_wrap=True)


@app.command()
def diff(
    stack: Annotated[
        str, typer.Option("--stack", "-s", help="Stack to review: its current offline plan is the new side.")
    ],
    against: Annotated[
        str | None,
        typer.Option(
            "--against",
            help="Compare with this stack's current plan instead of the baseline: an environment "
            "comparison, its environment, namePrefix and gcp.project set to --stack's.",
        ),
    ] = None,
    physical: Annotated[
        bool,
        typer.Option(
            "--physical",
            metavar=FLAG,
            help="With --against: compare the two plans as they are, names and projects included.",
        ),
    ] = False,
    base: Annotated[
        Path | None,
        typer.Option("--base", help="Compare with this saved plan.json instead of the baseline."),
    ] = None,
    config_file: Annotated[
        Path | None,
        typer.Option("--config-file", help="Plan --stack with this config file instead of its own."),
    ] = None,
    base_config_file: Annotated[
        Path | None,
        typer.Option(
            "--base-config-file",
            help="Compare with the plan of --stack under this config file instead of the baseline "
            "(e.g. the previous step of a worked example).",
        ),
    ] = None,
    as_json: Annotated[
        bool,
        typer.Option("--json", metavar=FLAG, help="Write the diff as JSON to stdout instead of the review."),
    ] = False,
    show_inputs: Annotated[
        bool,
        typer.Option(
            "--show-inputs", metavar=FLAG, help="Show every input of the added and deleted resources."
        ),
    ] = False,
) -> None:
    """Show what changes from the accepted baseline (or --against a stack, --base a plan file, or
    --base-config-file the plan of another config file).

    Exit code: 0 no changes, 1 changes, 2 error (bad input or a failing program).
    """
    # The shared error contract, except that a failing program is an error (2), not 'changes'.
    with reported(program_failed=EXIT_ERROR):
        given = [
            f
            for f, v in (("--against", against), ("--base", base), ("--base-config-file", base_config_file))
            if v
        ]
        if len(given) > 1:
            raise UserError(f"{' and '.join(given)} each name the plan to compare with: give one")
        if physical and against is None:
            raise UserError("--physical compares with another stack: give --against STACK")
        check_stack_name(stack)
        if against is not None:
            check_stack_name(against, "--against")
        project = Project.find(Path.cwd())
        if config_file is None:
            project.existing_stack_config(stack)  # an unknown stack, before "it has no baseline"
        baseline_file = baseline_path(project, stack)
        if not given and not baseline_file.is_file():
            raise UserError(
                f"stack {stack} has no baseline ({_shown(project, baseline_file)}): "
                f"accept one with meshfleet baseline --stack {stack}"
            )
        # Both specs are checked before either program runs or any plan file is read.
        new_config = load_platform_config(config_file or project.existing_stack_config(stack), stack)
        label = f"{stack} ({config_file})" if config_file else f"{stack} (current plan)"
        base_config = load_platform_config(base_config_file, stack) if base_config_file is not None else None
        if against is not None:
            old_config = load_platform_config(project.existing_stack_config(against, "--against"), against)
            old_label = f"{against} (current plan, physical: names and projects as they are)"
            if not physical:
                old_config, aligned = as_environment_of(old_config, new_config)
                old_label = f"{against} (current plan" + (
                    f", {', '.join(aligned)} set to {stack}'s)" if aligned else ")"
                )
            old = _run(project, against, old_config)
        elif base_config is not None:
            old, old_label = _run(project, stack, base_config), f"{stack} ({base_config_file})"
        elif base is not None:
            old, old_label = load_plan_file(base), str(base)
        else:
            old, old_label = load_plan_file(baseline_file), f"baseline {_shown(project, baseline_file)}"
        new = _run(project, stack, new_config)
        from components.engine import diff_plans

        found = diff_plans(old, new, old_label=old_label, new_label=label)

    if as_json:
        typer.echo(found.to_json(), nl=False)
    else:
        print_diff(found, show_inputs)
    raise typer.Exit(EXIT_CHANGES if found.has_changes else EXIT_NO_CHANGES)


@app.command()
def baseline(
    stack: Annotated[
        str, typer.Option("--stack", "-s", help="Stack whose current plan becomes its accepted baseline.")
    ],
) -> None:
    """Accept the stack's current offline plan as its baseline (stacks/baselines/<stack>.plan.json)."""
    with reported():
        check_stack_name(stack)
        project = Project.find(Path.cwd())
        plan = current_plan(project, stack)
        path = baseline_path(project, stack)
        previous: Plan | None = None
        if path.is_file():
            # An unreadable old baseline is simply replaced: that is what this command is for.
            with suppress(UserError):
                previous = load_plan_file(path)

    with reported():
        write_baseline(project, plan)
    out.print(f"accepted {stack}: {_shown(project, path)} ({len(plan)} resources)")
    if previous is not None:
        from components.engine import diff_plans

        out.print(f"compared with the previous baseline: {diff_plans(previous, plan).summary()}")
