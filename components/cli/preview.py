"""meshfleet preview: run a program offline, show what `pulumi preview` would create, check policies.

By default it runs the meshfleet stack program with a stack's config; with `--program DIR` it
runs any Python Pulumi program. Either way the policy pack (`--policy-pack`, default the
project's `policy/`) is evaluated on the plan, as `pulumi preview --policy-pack` would, and a
mandatory violation exits with EXIT_POLICY_VIOLATION once the plan and manifests are written.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from components.spec import parse_platform

from .app import EXIT_POLICY_VIOLATION, UserError, app, err, out, reported
from .diff import baseline_summary
from .layers import build_plan, check_references, plan_references
from .paths import inside
from .policies import (
    default_policy_pack,
    policy_errors,
    print_policy_report,
    read_policy_config,
    with_spec_config,
)
from .project import PLATFORM_KEY, program_target, stack_target

if TYPE_CHECKING:
    from rich.table import Table
    from rich.tree import Tree

    from components.engine import Plan, PolicyPackDefinition

# The engine (and Pulumi with it) and rich's tables are imported inside the command once its
# input is checked: bad input is refused without loading them (see app.py).


def render_tree(plan: Plan) -> Tree:
    """The parent/child tree, components in bold, like `pulumi preview`."""
    from rich.tree import Tree

    root = Tree(f"[bold]{plan.project}/{plan.stack}[/]")
    nodes: dict[str, Tree] = {}
    for _, resource in plan.tree():
        parent = nodes.get(resource.parent or "", root)
        label = (
            f"{resource.type} {resource.name}"
            if resource.custom
            else f"[bold]{resource.type}[/] {resource.name}"
        )
        nodes[resource.urn] = parent.add(label)
    return root


def render_counts(plan: Plan) -> Table:
    from rich.table import Table

    table = Table(title="to create", title_justify="left", show_edge=False)
    table.add_column("type")
    table.add_column("count", justify="right")
    counts = plan.counts()
    for type_, count in counts.items():
        table.add_row(type_, str(count))
    table.add_row("[bold]total[/]", f"[bold]{sum(counts.values())}[/]")
    return table


def write_build(plan: Plan, output: Path, build_dir: Path) -> tuple[Path, Path, int]:
    """plan.json and manifests/ in `output`; returns their paths and the object count.

    Nothing outside `build_dir` is written or deleted: `output` and its manifests folder are
    checked to lie inside it, symlinks resolved (UserError otherwise).
    """
    from components.engine import write_manifests

    manifests = output / "manifests"
    inside(build_dir, output)
    # Start clean: a manifest left from an earlier run would describe an object that no
    # longer exists. What is deleted is the resolved folder, so a symlink cannot lead outside.
    shutil.rmtree(inside(build_dir, manifests), ignore_errors=True)
    output.mkdir(parents=True, exist_ok=True)
    plan_file = output / "plan.json"
    plan_file.write_text(plan.to_json(), encoding="utf-8")
    written = write_manifests(plan, manifests)
    return plan_file, manifests, len(written)


@app.command()
def preview(
    stack: Annotated[
        str | None,
        typer.Option(
            "--stack",
            "-s",
            help="Stack to preview: reads stacks/Pulumi.<stack>.yaml. "
            "With --program: the stack name (default dev).",
        ),
    ] = None,
    config_file: Annotated[
        Path | None,
        typer.Option("--config-file", help="Use this stack config file instead of the stack's own."),
    ] = None,
    build_dir: Annotated[
        Path, typer.Option("--build-dir", help="Where plan and manifests are written.")
    ] = Path("build"),
    program: Annotated[
        Path | None,
        typer.Option(
            "--program",
            help="Preview this Python Pulumi program (a directory with __main__.py) instead of the "
            "meshfleet stack program; its config is not checked as a platform spec.",
        ),
    ] = None,
    policy_pack: Annotated[
        Path | None,
        typer.Option(
            "--policy-pack", help="Policy pack directory to enforce (default: the project's policy/)."
        ),
    ] = None,
    policy_config: Annotated[
        Path | None,
        typer.Option(
            "--policy-config",
            help="JSON policy config, as for `pulumi preview --policy-pack-config`: levels per policy or "
            '"all", and policy properties.',
        ),
    ] = None,
    no_policy: Annotated[bool, typer.Option("--no-policy", help="Do not run the policy pack.")] = False,
    all_env: Annotated[
        str | None,
        typer.Option(
            "--all",
            metavar="ENV",
            help="Preview every layered stack of ENV (stacks/Pulumi.ENV-<layer>.yaml) in dependency "
            "order, independent ones in parallel, then check their joined plan.",
        ),
    ] = None,
) -> None:
    """Run a program offline, show what `pulumi preview` would create, and enforce the policy pack.

    Exits 3 when a mandatory policy is violated (the plan and manifests are still written).
    """
    pack: PolicyPackDefinition | None = None
    with reported():
        if no_policy and (policy_pack is not None or policy_config is not None):
            raise UserError("--no-policy cannot be combined with --policy-pack or --policy-config")
        if all_env is not None and (stack is not None or program is not None or config_file is not None):
            raise UserError(
                "--all previews every layered stack of an environment: drop --stack, --program "
                "and --config-file"
            )
    if all_env is not None:
        from .preview_all import preview_all

        raise typer.Exit(preview_all(all_env, build_dir, policy_pack, policy_config, no_policy))
    with reported():
        if program is not None:
            target = program_target(program, stack, config_file, build_dir)
        else:
            target = stack_target(stack, config_file, build_dir)
        inside(target.build_dir, target.output / "manifests")  # checked again when written
        # A layer reads the layers below from their last offline previews: they must exist.
        previewed = build_plan(target.build_dir)
        check_references(
            target.stack, target.layer, target.project, previewed, "meshfleet preview --stack {stack}"
        )
        policy_settings = read_policy_config(policy_config)
        if target.meshfleet is not None and not no_policy:
            # meshguard checks what the spec runs, as stacks/policy/<stack>.json tells the real
            # `pulumi preview`; a --policy-config that sets the implementation wins.
            spec = parse_platform(target.config.get(PLATFORM_KEY))
            policy_settings = with_spec_config(policy_settings, spec, target.layer)
        from components.engine import evaluate_policies, load_policy_pack, reconcile_config, run_program

        if not no_policy:
            with policy_errors():
                pack = load_policy_pack(policy_pack or default_policy_pack())
                reconcile_config(pack, policy_settings)  # a bad config fails before the program runs
        references = plan_references(target.project, previewed) if target.layer is not None else None
        plan = run_program(
            target.main,
            project=target.project,
            stack=target.stack,
            config=target.config,
            stack_references=references,
        )

    out.print(render_tree(plan))
    out.print(render_counts(plan))
    with reported():
        plan_file, manifests, count = write_build(plan, target.output, target.build_dir)
    out.print(f"plan: {plan_file}")
    out.print(f"manifests: {manifests}/ ({count} objects)")
    out.print("values computed by the cloud are shown as <unknown>; secrets as <secret>")

    report = None
    if pack is None:
        out.print("policies: not run (--no-policy)")
    else:
        with reported(), policy_errors():
            report = evaluate_policies(pack, plan, policy_settings)
        print_policy_report(report, pack)
    if target.meshfleet is not None and (summary := baseline_summary(target.meshfleet, plan)):
        out.print(summary, markup=False, soft_wrap=True)
    if pack is not None and report is not None and report.mandatory_failed:
        failed = sorted({v.policy_name for v in report.mandatory})
        err.print(
            f"error: {len(report.mandatory)} mandatory policy violation(s) of {pack.name} "
            f"({', '.join(failed)}); plan and manifests were written for review",
            markup=False,
            soft_wrap=True,
        )
        raise typer.Exit(EXIT_POLICY_VIOLATION)
