"""meshfleet preview: run a stack program offline and show what `pulumi preview` would create."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.tree import Tree

from components.testing import Plan, run_program, write_manifests

from .app import app, out, reported
from .project import Project, load_platform_config


def render_tree(plan: Plan) -> Tree:
    """The parent/child tree, components in bold, like `pulumi preview`."""
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
    table = Table(title="to create", title_justify="left", show_edge=False)
    table.add_column("type")
    table.add_column("count", justify="right")
    counts = plan.counts()
    for type_, count in counts.items():
        table.add_row(type_, str(count))
    table.add_row("[bold]total[/]", f"[bold]{sum(counts.values())}[/]")
    return table


def write_build(plan: Plan, build_dir: Path) -> tuple[Path, Path, int]:
    """plan.json and manifests under build_dir/<stack>/; returns their paths and the object count."""
    target = build_dir / plan.stack
    manifests = target / "manifests"
    # Start clean: a manifest left from an earlier run would describe an object that no
    # longer exists.
    shutil.rmtree(manifests, ignore_errors=True)
    target.mkdir(parents=True, exist_ok=True)
    plan_file = target / "plan.json"
    plan_file.write_text(plan.to_json(), encoding="utf-8")
    written = write_manifests(plan, manifests)
    return plan_file, manifests, len(written)


@app.command()
def preview(
    stack: Annotated[
        str, typer.Option("--stack", "-s", help="Stack to preview: reads stacks/Pulumi.<stack>.yaml.")
    ],
    config_file: Annotated[
        Path | None,
        typer.Option("--config-file", help="Use this stack config file instead of the stack's own."),
    ] = None,
    build_dir: Annotated[
        Path, typer.Option("--build-dir", help="Where plan and manifests are written.")
    ] = Path("build"),
) -> None:
    """Run the stack program offline and show what `pulumi preview` would create."""
    with reported():
        project = Project.find(Path.cwd())
        config = load_platform_config(config_file or project.stack_config(stack))
        plan = run_program(project.main, project=project.name, stack=stack, config=config)

    out.print(render_tree(plan))
    out.print(render_counts(plan))
    plan_file, manifests, count = write_build(plan, build_dir)
    out.print(f"plan: {plan_file}")
    out.print(f"manifests: {manifests}/ ({count} objects)")
    out.print("values computed by the cloud are shown as <unknown>; secrets as <secret>")
