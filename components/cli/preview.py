"""meshfleet preview: run a program offline, show what `pulumi preview` would create, check policies.

By default it runs the meshfleet stack program with a stack's config; with `--program DIR` it
runs any Python Pulumi program. Either way the policy pack (`--policy-pack`, default the
project's `policy/`) is evaluated on the plan, as `pulumi preview --policy-pack` would, and a
mandatory violation exits with EXIT_POLICY_VIOLATION once the plan and manifests are written.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer
import yaml
from rich.markup import escape
from rich.table import Table
from rich.tree import Tree

from components.testing import (
    Plan,
    PolicyConfigError,
    PolicyPackDefinition,
    PolicyPackError,
    PolicyReport,
    PolicyRuntimeError,
    evaluate_policies,
    load_policy_pack,
    load_stack_config,
    reconcile_config,
    run_program,
    write_manifests,
)

from .app import EXIT_POLICY_VIOLATION, EXIT_PROGRAM_FAILED, UserError, app, err, out, reported
from .project import Project, load_platform_config

DEFAULT_PROGRAM_STACK = "dev"


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


@dataclass(frozen=True)
class Target:
    """What to run: the program, its project and stack names, its config, where output goes."""

    main: Path
    project: str
    stack: str
    config: dict[str, Any]
    build_dir: Path


def stack_target(stack: str | None, config_file: Path | None, build_dir: Path) -> Target:
    """The meshfleet stack program with a stack's config, its platform spec validated first."""
    if stack is None:
        raise UserError("--stack is required (or --program DIR to preview another program)")
    project = Project.find(Path.cwd())
    config = load_platform_config(config_file or project.stack_config(stack))
    return Target(project.main, project.name, stack, config, build_dir)


def program_target(directory: Path, stack: str | None, config_file: Path | None, build_dir: Path) -> Target:
    """Any Python Pulumi program: project name and main from its Pulumi.yaml if it has one (else the
    folder's name and the folder), config from --config-file or else its Pulumi.<stack>.yaml if
    present. Nothing meshfleet-specific is validated. Output goes to build/<project>/<stack>/."""
    directory = directory.resolve()
    name, main, config_dir = directory.name, directory, directory
    manifest = directory / "Pulumi.yaml"
    if manifest.is_file():
        data = _yaml_file(manifest)
        if not isinstance(data, dict):
            raise UserError(f"{manifest} must be a YAML mapping")
        name = str(data.get("name") or name)
        main = directory / str(data.get("main") or ".")
        config_dir = directory / str(data.get("stackConfigDir") or ".")
    if not (main / "__main__.py").is_file() and not (main.is_file() and main.suffix == ".py"):
        raise UserError(f"no Python Pulumi program at {main}: __main__.py not found")
    stack = stack or DEFAULT_PROGRAM_STACK
    config_path = config_file or config_dir / f"Pulumi.{stack}.yaml"
    if config_file is not None and not config_file.is_file():
        raise UserError(f"stack config {config_file} does not exist")
    try:
        config = load_stack_config(config_path) if config_path.is_file() else {}
    except yaml.YAMLError as exc:
        raise UserError(f"{config_path} is not valid YAML: {' '.join(str(exc).split())}") from None
    except ValueError as exc:
        raise UserError(str(exc)) from None
    return Target(main, name, stack, config, build_dir / name)


def _yaml_file(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise UserError(f"{path} is not valid YAML: {' '.join(str(exc).split())}") from None


def default_policy_pack() -> Path:
    """policy/ of the Pulumi project around the current directory."""
    try:
        return Project.find(Path.cwd()).root / "policy"
    except UserError:
        raise UserError(
            "no policy pack: pass --policy-pack DIR (or --no-policy), or run inside the meshfleet project"
        ) from None


def read_policy_config(path: Path | None) -> dict[str, Any] | None:
    """A JSON policy config file, as `pulumi preview --policy-pack-config` takes it."""
    if path is None:
        return None
    if not path.is_file():
        raise UserError(f"policy config {path} does not exist")
    text = path.read_text(encoding="utf-8")
    if not text.strip():
        return None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UserError(f"policy config {path} is not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise UserError(f"policy config {path} must be a JSON object")
    return data


@contextmanager
def policy_errors() -> Iterator[None]:
    """A pack that cannot load or a bad config is bad input (2); a policy that crashes is a bug (1)."""
    try:
        yield
    except (PolicyPackError, PolicyConfigError) as exc:
        raise UserError(str(exc)) from None
    except PolicyRuntimeError as exc:
        err.print(f"error: {exc}", markup=False, soft_wrap=True)
        raise typer.Exit(EXIT_PROGRAM_FAILED) from None


def print_policy_report(report: PolicyReport, pack: PolicyPackDefinition) -> None:
    """Violations grouped by policy, mandatory first, each with its resource and message."""
    mandatory, advisory = len(report.mandatory), len(report.advisory)
    out.print(
        f"[bold]policies[/]: {escape(pack.name)} ({len(pack.policies)} policies): "
        f"{mandatory} mandatory, {advisory} advisory violation(s)"
    )
    for name, violations in report.by_policy().items():
        level = violations[0].enforcement_level
        style = "bold red" if violations[0].mandatory else "yellow"
        out.print(
            f"  [{style}]{level}[/] [bold]{escape(name)}[/]: {escape(violations[0].description)}",
            soft_wrap=True,
        )
        for violation in violations:
            # One line each: the resource (name and type), then the policy's message.
            resource = (
                f"{violation.resource_name} ({violation.resource_type})" if violation.urn else "the stack"
            )
            message = f": {violation.message}" if violation.message else ""
            out.print(f"    - {escape(resource)}{escape(message)}", soft_wrap=True)
    if report.not_checked:
        out.print(f"  not checked (values unknown until deployment): {len(report.not_checked)}")
        for item in report.not_checked:
            where = item.urn.rsplit("::", 1)[-1] if item.urn else "the stack"
            out.print(
                f"    {escape(item.policy_name)} on {escape(where)}: {escape(item.message)}", soft_wrap=True
            )
    for warning in report.warnings:
        err.print(f"warning: {warning}", markup=False, soft_wrap=True)


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
) -> None:
    """Run a program offline, show what `pulumi preview` would create, and enforce the policy pack.

    Exits 3 when a mandatory policy is violated (the plan and manifests are still written).
    """
    pack: PolicyPackDefinition | None = None
    with reported():
        if no_policy and (policy_pack is not None or policy_config is not None):
            raise UserError("--no-policy cannot be combined with --policy-pack or --policy-config")
        if program is not None:
            target = program_target(program, stack, config_file, build_dir)
        else:
            target = stack_target(stack, config_file, build_dir)
        policy_settings = read_policy_config(policy_config)
        if not no_policy:
            with policy_errors():
                pack = load_policy_pack(policy_pack or default_policy_pack())
                reconcile_config(pack, policy_settings)  # a bad config fails before the program runs
        plan = run_program(target.main, project=target.project, stack=target.stack, config=target.config)

    out.print(render_tree(plan))
    out.print(render_counts(plan))
    plan_file, manifests, count = write_build(plan, target.build_dir)
    out.print(f"plan: {plan_file}")
    out.print(f"manifests: {manifests}/ ({count} objects)")
    out.print("values computed by the cloud are shown as <unknown>; secrets as <secret>")

    if pack is None:
        out.print("policies: not run (--no-policy)")
        return
    with reported(), policy_errors():
        report = evaluate_policies(pack, plan, policy_settings)
    print_policy_report(report, pack)
    if report.mandatory_failed:
        failed = sorted({v.policy_name for v in report.mandatory})
        err.print(
            f"error: {len(report.mandatory)} mandatory policy violation(s) of {pack.name} "
            f"({', '.join(failed)}); plan and manifests were written for review",
            markup=False,
            soft_wrap=True,
        )
        raise typer.Exit(EXIT_POLICY_VIOLATION)
