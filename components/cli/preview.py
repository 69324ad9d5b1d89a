"""meshfleet preview: run a program offline, show what `pulumi preview` would create, check policies.

By default it runs the meshfleet stack program with a stack's config; with `--program DIR` it
runs any Python Pulumi program. Either way the policy pack (`--policy-pack`, default the
project's `policy/`) is evaluated on the plan, as `pulumi preview --policy-pack` would, and a
mandatory violation exits with EXIT_POLICY_VIOLATION once the plan and manifests are written.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from components.spec import parse_platform

from .app import EXIT_POLICY_VIOLATION, FLAG, UserError, app, err, out, reported
from .build_output import replace_folder, replace_text
from .diff import baseline_summary
from .filters import counts, narrowed, selected
from .layers import build_plan, check_references, plan_references
from .mesh_report import layer_mesh_note, render_mesh
from .options import PreviewOptions, check_options
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
from .summary import View, baseline_json, policies_json, preview_json
from .warm import collected_between_previews

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
    checked to lie inside it, symlinks resolved (UserError otherwise). Neither is ever seen
    half-written (`build_output`): the manifests are built aside and swapped in whole, so a
    manifest left from an earlier run never describes an object that no longer exists.
    """
    from components.engine import write_manifests

    manifests = output / "manifests"
    inside(build_dir, output)
    # What is swapped is the resolved folder, so a symlink cannot lead outside.
    resolved = inside(build_dir, manifests)
    written: list[Path] = []
    replace_folder(resolved, lambda staging: written.extend(write_manifests(plan, staging)))
    plan_file = output / "plan.json"
    replace_text(plan_file, plan.to_json())
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
    all_env: Annotated[
        str | None,
        typer.Option(
            "--all",
            metavar="ENV",
            help="Preview every layered stack of ENV (stacks/Pulumi.ENV-<layer>.yaml) in dependency "
            "order, independent ones in parallel, then check their joined plan.",
        ),
    ] = None,
    watch: Annotated[
        bool,
        typer.Option(
            "--watch",
            metavar=FLAG,
            help="Preview again, in this warm process, each time the stack config, the baseline, the "
            "program or the policy pack changes (meshfleet's own source: restart); Ctrl-C stops.",
        ),
    ] = False,
) -> None:
    """Run a program offline, show what `pulumi preview` would create, and enforce the policy pack.

    Exits 3 when a mandatory policy is violated (the plan and manifests are still written).
    With --watch, a failed preview prints its error and waiting goes on; Ctrl-C exits 0.
    """
    options = PreviewOptions(
        stack, config_file, build_dir, program, policy_pack, policy_config, no_policy, all_env
    )
    view = View(as_json, summary, tuple(clusters or ()), tuple(types or ()))
    if options.all_env is not None:
        with reported():
            check_options(options)
            if watch:
                raise UserError("--all cannot be combined with --watch: watch one layered stack with --stack")
            if view != View():
                raise UserError(
                    "--all prints each layer's preview: --json, --summary, --cluster and --type "
                    "take one stack (--stack)"
                )
        from .preview_all import preview_all

        raise typer.Exit(preview_all(options.all_env, build_dir, policy_pack, policy_config, no_policy))
    if not watch:
        preview_once(options, view)
        return
    from .watch import watch_previews, watched_paths

    with reported():
        check_options(options)
        watched = watched_paths(options)
    watch_previews(lambda: preview_once(options, view), watched)


@collected_between_previews
def preview_once(options: PreviewOptions, view: View | None = None) -> None:
    """One preview: check the input, run the program, write the build, print the report.

    The one-shot command and every re-preview of --watch run this same function, so they print
    the same report and the same last line. A failure prints its one line on stderr and raises
    typer.Exit with the command's exit code.
    """
    view = view or View()
    pack: PolicyPackDefinition | None = None
    with reported():
        check_options(options)
        if view.as_json and view.summary:
            raise UserError("--json and --summary each choose the output: give one")
        if options.program is not None:
            target = program_target(options.program, options.stack, options.config_file, options.build_dir)
        else:
            target = stack_target(options.stack, options.config_file, options.build_dir)
        inside(target.build_dir, target.output / "manifests")  # checked again when written
        # A layer reads the layers below from their last offline previews: they must exist.
        previewed = build_plan(target.build_dir)
        check_references(
            target.stack, target.layer, target.project, previewed, "meshfleet preview --stack {stack}"
        )
        policy_settings = read_policy_config(options.policy_config)
        if target.meshfleet is not None and not options.no_policy:
            # meshguard checks what the spec runs, as stacks/policy/<stack>.json tells the real
            # `pulumi preview`; a --policy-config that sets the implementation wins.
            spec = parse_platform(target.config.get(PLATFORM_KEY))
            policy_settings = with_spec_config(policy_settings, spec, target.layer)
        from components.engine import evaluate_policies, load_policy_pack, reconcile_config, run_program

        if not options.no_policy:
            with policy_errors():
                pack = load_policy_pack(options.policy_pack or default_policy_pack())
                reconcile_config(pack, policy_settings)  # a bad config fails before the program runs
        references = plan_references(target.project, previewed) if target.layer is not None else None
        with missing_config(target):
            plan = run_program(
                target.main,
                project=target.project,
                stack=target.stack,
                config=target.config,
                stack_references=references,
            )

    filtered = bool(view.clusters or view.types)
    shown = selected(plan, list(view.clusters), list(view.types))
    if not view.as_json:
        if not view.summary:
            out.print(render_tree(narrowed(plan, shown) if filtered else plan))
        out.print(render_counts(counts(shown)))
    with reported():
        written = write_build(plan, target.output, target.build_dir)
    if not view.as_json:
        plan_file, manifests, count = written
        out.print(f"plan: {plan_file}")
        out.print(f"manifests: {manifests}/ ({count} objects)")
        out.print(render_mesh(plan, target.output))
        if target.layer is not None:
            out.print(layer_mesh_note(target.stack, target.layer.layer), markup=False, soft_wrap=True)
        if filtered:
            out.print(
                "shown: the filtered resources; plan, manifests, policies and baseline cover the whole stack"
            )
        out.print("values computed by the cloud are shown as <unknown>; secrets as <secret>")

    report = None
    if pack is None:
        if not view.as_json:
            out.print("policies: not run (--no-policy)")
    else:
        with reported(), policy_errors():
            report = evaluate_policies(pack, plan, policy_settings)
        if not view.as_json:
            print_policy_report(report, pack)
    if view.as_json:
        baseline = baseline_json(target.meshfleet, plan, target.config_file)
        policies = policies_json(report, pack)
        typer.echo(preview_json(plan, counts(plan.resources), written, policies, baseline), nl=False)
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
