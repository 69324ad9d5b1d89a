"""Wall time and peak memory of offline previews: dev, and synthetic fleets of 10 and 40 clusters;
how fast `meshfleet preview` refuses a bad spec ("spec error"); what `meshfleet preview`
costs over the bare SDK (the floor, `floor.py`); and `meshfleet preview --watch`: a warm
re-preview against a cold one, the edit-to-diff latency, memory over 50 re-previews.

Each cold case runs in a fresh process, so peak RSS is that preview's own and imports are paid
once per case, as a reviewer running `meshfleet preview` pays them. Prints tables; asserts
nothing (speed is measured here, never in a timed test). Wall time depends on what else the
machine runs; CPU time (user + system of the process) much less, so ratios show both.

    .venv/bin/python tests/benchmarks/bench_preview.py [--repeat N] [--only cold|overhead|watch]
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # tests.* when run as a script
CASES = ("dev", "10", "40")
SPEC_ERROR_RUNS = 9
"""A refusal takes a fraction of a second: more runs for a steady median."""


def measure(case: str) -> dict[str, float]:
    """Run one preview in this process and report its figures (called in a child process)."""
    # This checkout's packages, not an editable install's (a worktree's is the main checkout).
    sys.path.insert(0, str(ROOT))
    started = time.perf_counter()
    from components.engine import load_stack_config, run_program

    imported = time.perf_counter()
    if case == "dev":
        config = load_stack_config(ROOT / "stacks" / "Pulumi.dev.yaml")
    else:
        from tests.benchmarks.fleet import fleet_platform

        config = {"meshfleet:platform": fleet_platform(int(case))}
    plan = run_program(ROOT / "stacks", project="meshfleet", stack=f"bench-{case}", config=config)
    finished = time.perf_counter()
    return {
        "resources": len(plan.resources),
        "import_s": imported - started,
        "preview_s": finished - imported,
        "total_s": finished - started,
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def run_case(case: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--one", case], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out.splitlines()[-1])


def spec_error_seconds(runs: int) -> float:
    """Wall time of the whole `meshfleet preview` command refusing a bad spec (a /24 control-plane
    range), each run a fresh process; the median of `runs`."""
    config = yaml.safe_load((ROOT / "stacks" / "Pulumi.dev.yaml").read_text())
    config["config"]["meshfleet:platform"]["clusters"][0]["masterCidr"] = "192.168.0.0/24"
    # This checkout's packages, not an editable install's (a worktree's is the main checkout).
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        bad = Path(tmp) / "Pulumi.bad.yaml"
        bad.write_text(yaml.safe_dump(config))
        command = [sys.executable, "-m", "components.cli", "preview", "--stack", "dev"]
        command += ["--config-file", str(bad), "--build-dir", str(Path(tmp) / "build")]
        for _ in range(runs):
            started = time.perf_counter()
            result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env)
            times.append(time.perf_counter() - started)
            if result.returncode != 2:
                raise SystemExit(
                    f"spec error case: expected exit 2, got {result.returncode}: {result.stderr}"
                )
    return statistics.median(times)


def cli_env() -> dict[str, str]:
    # This checkout's packages, not an editable install's (a worktree's is the main checkout).
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    return {**os.environ, "PYTHONPATH": path}


def timed_process(command: list[str]) -> tuple[float, float]:
    """Run `command` from the checkout; its wall time and CPU time (user + system), in seconds."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=ROOT, env=cli_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    errors = process.stderr.read().decode() if process.stderr else ""
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} exited {process.returncode}: {errors}")
    return wall, usage.ru_utime + usage.ru_stime


def preview_command(stack: str, build: Path, config_file: Path | None = None) -> list[str]:
    command = [sys.executable, "-m", "components.cli", "preview", "--stack", stack, "--build-dir", str(build)]
    return command + (["--config-file", str(config_file)] if config_file else [])


def medians(runs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


# --- the floor: what meshfleet preview costs over the bare SDK ---------------------------------


def sdk_modules(stack: str) -> list[str]:
    """The Pulumi SDK modules the stack program imports (called in a child process)."""
    from components.engine import load_stack_config, run_program

    run_program(
        ROOT / "stacks", project="meshfleet", stack=stack, config=load_stack_config(stack_file(stack))
    )
    sdks = ("pulumi", "pulumi_gcp", "pulumi_kubernetes", "pulumi_azure_native")
    # In the order they were first imported, so that packages come before their modules.
    return [name for name in sys.modules if name.split(".")[0] in sdks]


def stack_file(stack: str) -> Path:
    return ROOT / "stacks" / f"Pulumi.{stack}.yaml"


def overhead(stack: str, repeat: int) -> dict[str, float]:
    """`meshfleet preview --stack <stack>` against the floor: a flat replay of its own plan."""
    with tempfile.TemporaryDirectory() as tmp:
        build, modules = Path(tmp) / "build", Path(tmp) / "modules.json"
        listed = subprocess.run(
            [sys.executable, __file__, "--modules", stack],
            cwd=ROOT,
            env=cli_env(),
            check=True,
            capture_output=True,
            text=True,
        ).stdout.splitlines()[-1]
        modules.write_text(listed)
        cli, floor = [], []
        for _ in range(repeat):  # interleaved, so that both see the same machine
            cli.append(timed_process(preview_command(stack, build)))
            plan = build / stack / "plan.json"
            floor.append(
                timed_process(
                    [sys.executable, str(Path(__file__).parent / "floor.py"), str(plan), str(modules)]
                )
            )
    (cli_wall, cli_cpu), (floor_wall, floor_cpu) = medians(cli), medians(floor)
    return {"cli_wall": cli_wall, "cli_cpu": cli_cpu, "floor_wall": floor_wall, "floor_cpu": floor_cpu}


# --- meshfleet preview --watch ------------------------------------------------------------------


def with_weight(config_file: Path, v1: int) -> None:
    """Change the first route's weights in a stack file: the edit a re-preview is measured on."""
    data = yaml.safe_load(config_file.read_text())
    data["config"]["meshfleet:platform"]["routes"][0]["weights"] = {"v1": v1, "v2": 100 - v1}
    config_file.write_text(yaml.safe_dump(data))


def bench_config(case: str, directory: Path) -> tuple[str, Path]:
    """A stack name and its config file for `case`: dev's own spec, or a fleet of N clusters."""
    if case == "dev":
        path = directory / "Pulumi.dev.yaml"
        path.write_text(stack_file("dev").read_text())
        return "dev", path
    from tests.benchmarks.fleet import fleet_platform

    path = directory / f"Pulumi.fleet{case}.yaml"
    path.write_text(yaml.safe_dump({"config": {"meshfleet:platform": fleet_platform(int(case))}}))
    return f"fleet{case}", path


def warm_previews(case: str, runs: int, trace: bool = False) -> dict[str, Any]:
    """A cold preview, then `runs` re-previews in this process, each after a route weight edit,
    through the function `--watch` calls (called in a child process). Times of each; with
    `trace`, memory after the first re-preview and after the last."""
    import typer

    from components.cli.preview import PreviewOptions, preview_once

    with tempfile.TemporaryDirectory() as tmp:
        stack, config_file = bench_config(case, Path(tmp))
        options = PreviewOptions(stack, config_file, Path(tmp) / "build", None, None, None, False)

        def preview() -> None:
            with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(typer.Exit):
                preview_once(options)

        preview()
        walls, cpus, memory = [], [], {}
        if trace:
            tracemalloc.start()
        for run in range(1, runs + 1):
            with_weight(config_file, 10 + run % 2 * 10)
            wall, cpu = time.perf_counter(), time.process_time()
            preview()
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
            if trace and run in (1, 10, runs):
                gc.collect()
                memory[run] = {"traced": tracemalloc.get_traced_memory()[0], "rss": current_rss()}
    return {"wall": walls, "cpu": cpus, "memory": memory}


def current_rss() -> int:
    """Resident memory now (not the peak), in bytes."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE")


def run_child(*args: str) -> Any:
    out = subprocess.run(
        [sys.executable, __file__, *args], cwd=ROOT, env=cli_env(), check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out.splitlines()[-1])


def warm_ratio(case: str, repeat: int) -> dict[str, float]:
    """A warm re-preview after a route weight edit, against a cold `meshfleet preview` process."""
    with tempfile.TemporaryDirectory() as tmp:
        stack, config_file = bench_config(case, Path(tmp))
        with_weight(config_file, 10)
        cold_wall, cold_cpu = medians(
            [timed_process(preview_command(stack, Path(tmp) / "build", config_file)) for _ in range(repeat)]
        )
    warm = run_child("--warm", case, str(max(repeat, 3)))
    return {
        "cold_wall": cold_wall,
        "cold_cpu": cold_cpu,
        "warm_wall": statistics.median(warm["wall"]),
        "warm_cpu": statistics.median(warm["cpu"]),
    }


def edit_to_diff(edits: int) -> list[float]:
    """Seconds from a save of the stack file to the last line of the re-preview (`baseline: ...`),
    through the real watcher of a `meshfleet preview --watch` process."""
    from tests.watching import WatchProcess

    latencies = []
    with tempfile.TemporaryDirectory() as tmp:
        stack, config_file = bench_config("dev", Path(tmp))
        watcher = WatchProcess(
            "--stack", stack, "--config-file", str(config_file), "--build-dir", f"{tmp}/build"
        )
        try:
            watcher.wait_started()
            for edit in range(edits):
                data = yaml.safe_load(config_file.read_text())
                data["config"]["meshfleet:platform"]["routes"][0]["weights"] = {
                    "v1": 30 + edit,
                    "v2": 70 - edit,
                }
                text = yaml.safe_dump(data)
                saved = time.perf_counter()
                config_file.write_text(text)
                printed = watcher.wait_for("out", lambda line: line.startswith("baseline: "))
                latencies.append(printed - saved)
            if watcher.interrupt() != 0:
                raise SystemExit("meshfleet preview --watch did not exit 0 on Ctrl-C")
        finally:
            watcher.close()
    return latencies


def bench_watch(repeat: int) -> None:
    print()
    print(f"load average {os.getloadavg()[0]:.1f}")
    print("meshfleet preview --watch: a re-preview after a route weight edit, in the warm process")
    print(f"{'case':<12}{'cold s':>9}{'warm s':>9}{'ratio':>8}{'cold cpu':>10}{'warm cpu':>10}{'ratio':>8}")
    for case, target in (("dev", 0.10), ("40", 0.25)):
        r = warm_ratio(case, repeat)
        label = "dev" if case == "dev" else f"{case} clusters"
        print(
            f"{label:<12}{r['cold_wall']:>9.2f}{r['warm_wall']:>9.2f}{r['warm_wall'] / r['cold_wall']:>7.2f}x"
            f"{r['cold_cpu']:>10.2f}{r['warm_cpu']:>10.2f}{r['warm_cpu'] / r['cold_cpu']:>7.2f}x"
            f"  (target {target:.2f}x)"
        )
    latencies = edit_to_diff(5)
    print(
        "edit to diff (dev, save to `baseline:` line, real watcher):"
        f" median {statistics.median(latencies):.2f} s,"
        f" max {max(latencies):.2f} s over {len(latencies)} saves"
    )
    runs = 50
    memory = run_child("--warm", "dev", str(runs), "--trace")["memory"]
    first, tenth, last = memory["1"], memory["10"], memory[str(runs)]
    per_run = (last["traced"] - tenth["traced"]) / (runs - 10) / 1024
    print(
        f"memory over {runs} re-previews (dev), Python heap allocated since the first (tracemalloc):"
        f" {first['traced'] / 2**20:.1f} MiB after 1, {tenth['traced'] / 2**20:.1f} after 10,"
        f" {last['traced'] / 2**20:.1f} after {runs} ({per_run:+.1f} KiB per run from 10 to {runs});"
        f" RSS {first['rss'] / 2**20:.0f} -> {last['rss'] / 2**20:.0f} MiB"
    )


def stale_bytecode() -> tuple[int, int]:
    """meshfleet's own modules without current bytecode, and how many there are: with
    PYTHONDONTWRITEBYTECODE set, each of them is compiled again on every cold run (the SDKs the
    floor imports were compiled when pip installed them; `make setup` compiles ours)."""
    import importlib.util

    sources = [*(ROOT / "components").rglob("*.py"), *(ROOT / "policy" / "meshguard").rglob("*.py")]
    stale = 0
    for source in sources:
        compiled = Path(importlib.util.cache_from_source(str(source)))
        if not compiled.exists() or compiled.stat().st_mtime < source.stat().st_mtime:
            stale += 1
    return stale, len(sources)


def bench_overhead(repeat: int) -> None:
    print()
    stale, modules = stale_bytecode()
    load = os.getloadavg()[0]
    print(f"load average {load:.1f}; meshfleet modules without current bytecode: {stale} of {modules}")
    print(f"meshfleet preview against the floor (the bare SDK replaying the plan), median of {repeat}")
    print(f"{'stack':<12}{'cli s':>8}{'floor s':>9}{'ratio':>8}{'cli cpu':>9}{'floor cpu':>11}{'ratio':>8}")
    for stack in ("dev", "prod"):
        r = overhead(stack, repeat)
        print(
            f"{stack:<12}{r['cli_wall']:>8.2f}{r['floor_wall']:>9.2f}{r['cli_wall'] / r['floor_wall']:>7.2f}x"
            f"{r['cli_cpu']:>9.2f}{r['floor_cpu']:>11.2f}{r['cli_cpu'] / r['floor_cpu']:>7.2f}x"
            "  (target 1.15x)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description="Wall time and peak memory of offline previews.")
    parser.add_argument("--repeat", type=int, default=3, help="runs per case; the median is shown")
    parser.add_argument(
        "--only", choices=("cold", "overhead", "watch", "layers"), help="one part of the bench"
    )
    parser.add_argument("--one", choices=CASES, help=argparse.SUPPRESS)
    parser.add_argument("--modules", help=argparse.SUPPRESS)
    parser.add_argument("--warm", nargs=2, metavar=("CASE", "RUNS"), help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one)))
        return
    if args.modules:
        print(json.dumps(sdk_modules(args.modules)))
        return
    if args.warm:
        print(json.dumps(warm_previews(args.warm[0], int(args.warm[1]), args.trace)))
        return
    if args.only in (None, "cold"):
        bench_cold(args.repeat)
    if args.only in (None, "overhead"):
        bench_overhead(args.repeat)
    if args.only in (None, "watch"):
        bench_watch(args.repeat)
    if args.only in (None, "layers"):
        bench_layers(args.repeat)


def bench_cold(repeat: int) -> None:
    print(f"offline preview, median of {repeat} fresh processes")
    print(f"{'case':<12}{'resources':>10}{'import s':>10}{'preview s':>11}{'total s':>9}{'peak MiB':>10}")
    figures: dict[str, dict[str, float]] = {}
    for case in CASES:
        runs = [run_case(case) for _ in range(repeat)]
        m = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
        figures[case] = m
        label = "dev" if case == "dev" else f"{case} clusters"
        print(
            f"{label:<12}{m['resources']:>10.0f}{m['import_s']:>10.2f}{m['preview_s']:>11.2f}"
            f"{m['total_s']:>9.2f}{m['peak_rss_mib']:>10.0f}"
        )
    ratio = figures["40"]["preview_s"] / figures["10"]["preview_s"]
    print(f"40 / 10 cluster preview time: {ratio:.2f}x (linear growth would be 4x; target under 4.5x)")
    print(f"dev total: {figures['dev']['total_s']:.2f} s (target under 5 s)")
    refusal = spec_error_seconds(SPEC_ERROR_RUNS)
    print(
        f"spec error: meshfleet preview refuses a bad spec in {refusal:.2f} s wall"
        f" (median of {SPEC_ERROR_RUNS}; target under 0.3 s)"
    )


def bench_layers(repeat: int) -> None:
    # Layered stacks (bench_layers.py): each layer's preview, and the routes layer's ratio.
    sys.path.insert(0, str(ROOT))
    from tests.benchmarks.bench_layers import print_layered

    print_layered(repeat)


if __name__ == "__main__":
    main()
