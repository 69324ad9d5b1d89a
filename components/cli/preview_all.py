"""meshfleet preview --all <env>: every layered stack of an environment, lowest layer first.

The stacks are `Pulumi.<env>-*.yaml` files with `meshfleet:layer`. Each reads the stacks below
it from their offline previews, so they run in dependency order (`spec.layers.layer_order`):
wave by wave, the stacks of one wave at once, each `meshfleet preview --stack` in its own
process, as a CI matrix would run them. A wave whose stack fails (bad input, a failed program)
stops the later ones, which would read a plan that is not there. Once every stack has a plan,
their plans are joined into one (`build/<env>+layers/plan.json`, a name no stack can have); the
mesh report (`build/<env>+layers/mesh.json` and its tables) and the policy pack run on it, so
what spans layers (a route's Gateway, the gateway Deployment it selects, the clusters it
reaches) is worked out where every object is in view.
"""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from components.spec import SpecError, parse_platform
from components.spec.layers import LayerConfig, layer_order, waits_for_mesh

from .app import EXIT_BAD_INPUT, EXIT_POLICY_VIOLATION, EXIT_PROGRAM_FAILED, UserError, err, out, reported
from .layers import PLATFORM_KEY, stack_layer
from .paths import check_stack_name, inside
from .policies import (
    default_policy_pack,
    policy_errors,
    print_policy_report,
    read_policy_config,
    with_spec_config,
)
from .project import Project, located, read_stack_config

JOINED_SUFFIX = "+layers"
"""The joined plan's folder is build/<env>+layers: '+' is in no stack name, so no stack's."""

# Worst first: bad input, then a failed program, then a policy violation (its plan is written).
_SEVERITY = (EXIT_BAD_INPUT, EXIT_PROGRAM_FAILED, EXIT_POLICY_VIOLATION)


@dataclass
class _Run:
    stack: str
    layer: str
    wave: int
    process: subprocess.Popen[str]
    started: float
    seconds: float = 0.0
    output: str = ""
    code: int = 0


def layered_stacks(project: Project, env: str) -> dict[str, LayerConfig]:
    """The layered stacks of `env`: `Pulumi.<env>-*.yaml` with `meshfleet:layer`, configs checked."""
    stacks: dict[str, LayerConfig] = {}
    for path in sorted(project.config_dir.glob(f"Pulumi.{env}-*.yaml")):
        stack = path.name.removeprefix("Pulumi.").removesuffix(".yaml")
        try:
            layer = stack_layer(read_stack_config(path), stack)
        except SpecError as exc:
            raise UserError(located(path, exc)) from None
        if layer is not None:
            stacks[stack] = layer
    if not stacks:
        raise UserError(
            f"--all {env}: no layered stacks: {project.config_dir}/Pulumi.{env}-<layer>.yaml files "
            "with meshfleet:layer"
        )
    return stacks


def _after(project: Project, stacks: dict[str, LayerConfig]) -> dict[str, list[str]]:
    # A routes stack with a route in a gateway's namespace deploys after the mesh stacks.
    mesh = [s for s, c in stacks.items() if c.layer == "mesh"]
    after: dict[str, list[str]] = {}
    for stack, config in stacks.items():
        spec = parse_platform(read_stack_config(project.stack_config(stack)).get(PLATFORM_KEY))
        if waits_for_mesh(spec, config):
            after[stack] = mesh
    return after


def _worst(codes: list[int]) -> int:
    return next((c for c in _SEVERITY if c in codes), 0 if not any(codes) else EXIT_PROGRAM_FAILED)


def preview_all(
    env: str, build_dir: Path, policy_pack: Path | None, policy_config: Path | None, no_policy: bool
) -> int:
    """Preview every layered stack of `env` in order, then check their joined plan; the exit code."""
    flags = ["--no-policy"] if no_policy else []
    flags += ["--policy-pack", str(policy_pack)] if policy_pack is not None else []
    flags += ["--policy-config", str(policy_config)] if policy_config is not None else []
    with reported():
        check_stack_name(env, "--all")
        project = Project.find(Path.cwd())
        stacks = layered_stacks(project, env)
        waves = layer_order(stacks, _after(project, stacks))
    out.print(
        f"[bold]{env}[/]: {len(stacks)} layered stacks in {len(waves)} waves: "
        + " -> ".join("{" + ", ".join(wave) + "}" for wave in waves)
    )
    runs: list[_Run] = []
    for number, wave in enumerate(waves, start=1):
        started = [
            _Run(
                stack,
                stacks[stack].layer,
                number,
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "components.cli",
                        "preview",
                        "--stack",
                        stack,
                        "--build-dir",
                        str(build_dir),
                        *flags,
                    ],
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    text=True,
                ),
                time.perf_counter(),
            )
            for stack in wave
        ]
        for run in started:
            run.output, _ = run.process.communicate()
            run.code = run.process.returncode
            run.seconds = time.perf_counter() - run.started
            out.print(f"\n[bold]== {run.stack}[/] ({run.layer} layer, wave {number}): exit {run.code}")
            out.print(run.output.rstrip(), markup=False, highlight=False)
        runs.extend(started)
        if any(r.code in (EXIT_BAD_INPUT, EXIT_PROGRAM_FAILED) for r in started):
            left = [s for later in waves[number:] for s in later]
            if left:
                err.print(f"error: {env}: not previewed, as a stack they read failed: {', '.join(left)}")
            break
    _summary(runs)
    code = _worst([r.code for r in runs])
    if len(runs) == len(stacks) and code != EXIT_BAD_INPUT and code != EXIT_PROGRAM_FAILED:
        joined = _check_joined(project, env, stacks, build_dir, policy_pack, policy_config, no_policy)
        code = _worst([code, joined])
    return code


def _summary(runs: list[_Run]) -> None:
    from rich.table import Table

    table = Table(title="layers", title_justify="left", show_edge=False)
    for column in ("wave", "stack", "layer", "exit", "seconds"):
        table.add_column(column, justify="right" if column in ("wave", "exit", "seconds") else "left")
    for run in runs:
        table.add_row(str(run.wave), run.stack, run.layer, str(run.code), f"{run.seconds:.1f}")
    out.print()
    out.print(table)


def _check_joined(
    project: Project,
    env: str,
    stacks: dict[str, LayerConfig],
    build_dir: Path,
    policy_pack: Path | None,
    policy_config: Path | None,
    no_policy: bool,
) -> int:
    from components.engine import Plan, evaluate_policies, join_plans, load_policy_pack

    with reported():
        plans = [
            Plan.from_json((build_dir / stack / "plan.json").read_text(encoding="utf-8"))
            for wave in layer_order(stacks, _after(project, stacks))
            for stack in wave
        ]
        joined = join_plans(plans, env)
        output = inside(build_dir, build_dir / f"{env}{JOINED_SUFFIX}")
        output.mkdir(parents=True, exist_ok=True)
        (output / "plan.json").write_text(joined.to_json(), encoding="utf-8")
    out.print(f"\njoined plan of the {len(plans)} stacks: {output / 'plan.json'} ({len(joined)} resources)")
    # Each layer's own report sees only its objects (the routes layer, no gateway Deployments);
    # the environment's is the joined plan's, written beside it as a whole stack's would be.
    from .mesh_report import render_mesh

    with reported():
        out.print(render_mesh(joined, output))
    if no_policy:
        return 0
    spec = parse_platform(read_stack_config(project.stack_config(plans[0].stack)).get(PLATFORM_KEY))
    with reported():
        settings = with_spec_config(read_policy_config(policy_config), spec)
    with reported(), policy_errors():
        pack = load_policy_pack(policy_pack or default_policy_pack())
        report = evaluate_policies(pack, joined, settings)
    out.print("joined ", end="")
    print_policy_report(report, pack)
    if report.mandatory_failed:
        err.print(f"error: {env}: {len(report.mandatory)} mandatory policy violation(s) on the joined plan")
        return EXIT_POLICY_VIOLATION
    return 0
