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

from .app import EXIT_POLICY_VIOLATION, FLAG, UserError, app, err, out, reported
from .diff import baseline_summary
from .filters import counts, narrowed, selected
from .paths import inside
from .policies import (
    default_policy_pack,
    policy_errors,
    print_policy_report,
    read_policy_config,
    with_spec_config,
)
from .program_config import missing_config
from .project import PLATFORM_KEY, program_target, stack_target
from .summary import baseline_json, policies_json, preview_json

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


def render_counts(counts: dict[str, int]) -> Table:
    """Resources per type and their total, the stack included: `pulumi preview` counts it too
    (`+ 43 to create`), and so do the baseline and `meshfleet baseline`."""
    from rich.table import Table

    table = Table(title="to create", title_justify="left", show_edge=False)
    table.add_column("type")
    table.add_column("count", justify="right")
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


def render_mesh(plan: Plan, output: Path) -> Table:
    """What the mesh will do (`components.engine.meshes`): written to `mesh.json` in `output`,
    returned as the preview's short table, one row per mesh."""
    from rich.table import Table

    from components.engine.meshes import analyse, mesh_rows, to_json

    facts = analyse(plan)
    (output / "mesh.json").write_text(to_json(facts), encoding="utf-8")
    table = Table(title=f"meshes (details: {output / 'mesh.json'})", title_justify="left", show_edge=False)
    for column in ("clusters", "discovery", "trust", "networks"):
        table.add_column(column)
    for row in mesh_rows(facts):
        table.add_row(*row)
    return table


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
    no_policy: Annotated[
        bool, typer.Option("--no-policy", metavar=FLAG, help="Do not run the policy pack.")
    ] = False,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            metavar=FLAG,
            help="Print only a JSON summary on stdout: counts, where plan and manifests went, policy "
            "results, baseline status.",
        ),
    ] = False,
    summary: Annotated[
        bool,
        typer.Option(
            "--summary", metavar=FLAG, help="Counts, policies and the baseline line, without the tree."
        ),
    ] = False,
    clusters: Annotated[
        list[str] | None,
        typer.Option(
            "--cluster",
            help="Show only this cluster's resources (repeatable); plan, manifests, policies and "
            "baseline stay the whole stack's.",
        ),
    ] = None,
    types: Annotated[
        list[str] | None,
        typer.Option(
            "--type",
            help="Show only resources whose type token contains this, case-insensitively (repeatable): "
            "Deployment, gcp:container.",
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
        if as_json and summary:
            raise UserError("--json and --summary each choose the output: give one")
        if program is not None:
            target = program_target(program, stack, config_file, build_dir)
        else:
            target = stack_target(stack, config_file, build_dir)
        inside(target.build_dir, target.output / "manifests")  # checked again when written
        policy_settings = read_policy_config(policy_config)
        if target.meshfleet is not None and not no_policy:
            # meshguard checks what the spec runs, as stacks/policy/<stack>.json tells the real
            # `pulumi preview`; a --policy-config that sets the implementation wins.
            spec = parse_platform(target.config.get(PLATFORM_KEY))
            policy_settings = with_spec_config(policy_settings, spec)
        from components.engine import evaluate_policies, load_policy_pack, reconcile_config, run_program

        if not no_policy:
            with policy_errors():
                pack = load_policy_pack(policy_pack or default_policy_pack())
                reconcile_config(pack, policy_settings)  # a bad config fails before the program runs
        with missing_config(target):
            plan = run_program(target.main, project=target.project, stack=target.stack, config=target.config)

    shown = selected(plan, clusters or [], types or [])
    if not as_json:
        if not summary:
            out.print(render_tree(narrowed(plan, shown) if clusters or types else plan))
        out.print(render_counts(counts(shown)))
    with reported():
        written = write_build(plan, target.output, target.build_dir)
    if not as_json:
        plan_file, manifests, count = written
        out.print(f"plan: {plan_file}")
        out.print(f"manifests: {manifests}/ ({count} objects)")
        out.print(render_mesh(plan, target.output))
        if clusters or types:
            out.print(
                "shown: the filtered resources; plan, manifests, policies and baseline cover the whole stack"
            )
        out.print("values computed by the cloud are shown as <unknown>; secrets as <secret>")

    report = None
    if pack is None:
        if not as_json:
            out.print("policies: not run (--no-policy)")
    else:
        with reported(), policy_errors():
            report = evaluate_policies(pack, plan, policy_settings)
        if not as_json:
            print_policy_report(report, pack)
    if as_json:
        baseline = baseline_json(target.meshfleet, plan, target.config_file)
        typer.echo(
            preview_json(plan, counts(plan.resources), written, policies_json(report, pack), baseline),
            nl=False,
        )
    elif target.meshfleet is not None and (
        line := baseline_summary(target.meshfleet, plan, target.config_file)
    ):
        out.print(line, markup=False, soft_wrap=True)
    if pack is not None and report is not None and report.mandatory_failed:
        failed = sorted({v.policy_name for v in report.mandatory})
        err.print(
            f"error: {len(report.mandatory)} mandatory policy violation(s) of {pack.name} "
            f"({', '.join(failed)}); plan and manifests were written for review",
            markup=False,
            soft_wrap=True,
        )
        raise typer.Exit(EXIT_POLICY_VIOLATION)
