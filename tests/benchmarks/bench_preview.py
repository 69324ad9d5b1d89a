"""Wall time and peak memory of offline previews: dev, and synthetic fleets of 10 and 40 clusters;
and how fast `meshfleet preview` refuses a bad spec ("spec error").

Each case runs in a fresh process, so peak RSS is that preview's own and imports are paid
once per case, as a reviewer running `meshfleet preview` pays them. Prints a table; asserts
nothing (speed is measured here, never in a timed test).

    .venv/bin/python tests/benchmarks/bench_preview.py [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
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


def main() -> None:
    parser = argparse.ArgumentParser(description="Wall time and peak memory of offline previews.")
    parser.add_argument("--repeat", type=int, default=3, help="runs per case; the median is shown")
    parser.add_argument("--one", choices=CASES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one)))
        return

    print(f"offline preview, median of {args.repeat} fresh processes")
    print(f"{'case':<12}{'resources':>10}{'import s':>10}{'preview s':>11}{'total s':>9}{'peak MiB':>10}")
    medians: dict[str, dict[str, float]] = {}
    for case in CASES:
        runs = [run_case(case) for _ in range(args.repeat)]
        m = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
        medians[case] = m
        label = "dev" if case == "dev" else f"{case} clusters"
        print(
            f"{label:<12}{m['resources']:>10.0f}{m['import_s']:>10.2f}{m['preview_s']:>11.2f}"
            f"{m['total_s']:>9.2f}{m['peak_rss_mib']:>10.0f}"
        )
    ratio = medians["40"]["preview_s"] / medians["10"]["preview_s"]
    print(f"40 / 10 cluster preview time: {ratio:.2f}x (linear growth would be 4x; target under 4.5x)")
    print(f"dev total: {medians['dev']['total_s']:.2f} s (target under 5 s)")
    refusal = spec_error_seconds(SPEC_ERROR_RUNS)
    print(
        f"spec error: meshfleet preview refuses a bad spec in {refusal:.2f} s wall"
        f" (median of {SPEC_ERROR_RUNS}; target under 0.3 s)"
    )
    # Layered stacks (bench_layers.py): each layer's preview, and the routes layer's ratio.
    sys.path.insert(0, str(ROOT))
    from tests.benchmarks.bench_layers import print_layered

    print_layered(args.repeat)


if __name__ == "__main__":
    main()
