"""meshfleet: offline previews of meshfleet stacks, for reviewers without cloud credentials.

Exit codes: 0 success; 1 the program failed while running; 2 bad input (an invalid platform
spec, a missing stack config, a wrong option). Errors are one line on stderr, no traceback.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer
import yaml
from rich.console import Console
from rich.table import Table
from rich.tree import Tree

from components.spec import SpecError, parse_platform
from components.testing import Plan, ProgramError, load_stack_config, run_program, write_manifests

EXIT_PROGRAM_FAILED = 1
EXIT_BAD_INPUT = 2
PLATFORM_KEY = "meshfleet:platform"

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Offline previews of meshfleet stacks: resource plan, Kubernetes manifests, no cloud credentials.",
)
out = Console(highlight=False)
if not out.is_terminal:
    # Piped into a file or a CI log: wide enough that resource names never wrap.
    out.width = 160
err = Console(stderr=True, highlight=False)


class UserError(Exception):
    """A mistake in what the user gave us: reported as one line, exit 2."""


@app.callback()
def _group() -> None:
    """Keep `preview` a subcommand even while it is the only one."""


@contextmanager
def _reported() -> Iterator[None]:
    """Turn our errors into one line on stderr and an exit code, never a traceback."""
    try:
        yield
    except (SpecError, UserError) as exc:
        err.print(f"error: {exc}", markup=False, soft_wrap=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    except ProgramError as exc:
        err.print(f"error: the program failed: {exc}", markup=False, soft_wrap=True)
        raise typer.Exit(EXIT_PROGRAM_FAILED) from None


@dataclass(frozen=True)
class Project:
    """The parts of Pulumi.yaml the offline run needs, resolved against its directory."""

    root: Path
    name: str
    main: Path
    config_dir: Path

    @classmethod
    def find(cls, start: Path) -> Project:
        for directory in (start, *start.parents):
            manifest = directory / "Pulumi.yaml"
            if manifest.is_file():
                data = yaml.safe_load(manifest.read_text(encoding="utf-8")) or {}
                return cls(
                    root=directory,
                    name=str(data["name"]),
                    main=directory / str(data.get("main", ".")),
                    config_dir=directory / str(data.get("stackConfigDir", ".")),
                )
        raise UserError(f"no Pulumi.yaml in {start} or any parent directory: run meshfleet inside a project")

    def stack_config(self, stack: str) -> Path:
        return self.config_dir / f"Pulumi.{stack}.yaml"


def _load_config(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise UserError(f"stack config {path} does not exist")
    try:
        config = load_stack_config(path)
    except yaml.YAMLError as exc:
        raise UserError(f"{path} is not valid YAML: {' '.join(str(exc).split())}") from None
    # Validate before anything runs, so a bad spec creates nothing and reads as one line.
    parse_platform(config.get(PLATFORM_KEY))
    return config


def _render_tree(plan: Plan) -> Tree:
    root = Tree(f"[bold]{plan.project}/{plan.stack}[/]")
    nodes: dict[str, Tree] = {}
    for _, resource in plan.tree():
        parent = nodes.get(resource.parent or "", root)
        style = "" if resource.custom else "bold"
        nodes[resource.urn] = parent.add(
            f"[{style}]{resource.type}[/] {resource.name}" if style else f"{resource.type} {resource.name}"
        )
    return root


def _counts(plan: Plan) -> Table:
    table = Table(title="to create", title_justify="left", show_edge=False)
    table.add_column("type")
    table.add_column("count", justify="right")
    for type_, count in plan.counts().items():
        table.add_row(type_, str(count))
    table.add_row("[bold]total[/]", f"[bold]{sum(plan.counts().values())}[/]")
    return table


def _write(plan: Plan, build_dir: Path) -> tuple[Path, Path, int]:
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
    with _reported():
        project = Project.find(Path.cwd())
        config = _load_config(config_file or project.stack_config(stack))
        plan = run_program(project.main, project=project.name, stack=stack, config=config)

    out.print(_render_tree(plan))
    out.print(_counts(plan))
    plan_file, manifests, count = _write(plan, build_dir)
    out.print(f"plan: {plan_file}")
    out.print(f"manifests: {manifests}/ ({count} objects)")
    out.print("values computed by the cloud are shown as <unknown>; secrets as <secret>")


def main() -> None:
    """Console entry point. Usage mistakes are reported by typer itself, also with exit 2."""
    app()


if __name__ == "__main__":
    main()
