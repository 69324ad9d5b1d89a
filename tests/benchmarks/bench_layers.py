"""A 40-cluster fleet as one stack against the same fleet in layers: each layer's preview time,
and the routes layer's after a one-route edit (target: at most 0.2x the whole stack's).

Every preview runs in a fresh process, as a CI job per stack would; a layer reads the layers
below from the plans the previous processes wrote, as `meshfleet preview` does. Prints a table;
asserts nothing. `bench_preview.py` calls `print_layered`; on its own:

    .venv/bin/python tests/benchmarks/bench_layers.py [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CLUSTERS = 40
LAYERS = ("network", "clusters", "mesh", "routes")
TARGET = 0.2


def _config(layer: str | None, edited: bool) -> dict[str, object]:
    from tests.benchmarks.fleet import fleet_platform

    platform = fleet_platform(CLUSTERS)
    if edited:
        # The one-route edit an application team makes: a new weight split.
        platform["routes"][0]["weights"] = {"v1": 50, "v2": 50}
    config: dict[str, object] = {"meshfleet:platform": platform}
    if layer is not None:
        config["meshfleet:layer"] = layer
    return config


def measure(layer: str | None, build: Path, edited: bool) -> dict[str, float]:
    """One preview in this (fresh) process: the whole fleet, or one layer of it."""
    sys.path.insert(0, str(ROOT))
    from components.engine import Plan, UnresolvedStackReference, run_program

    env = f"fleet{CLUSTERS}"
    stack = env if layer is None else f"{env}-{layer}"

    def references(name: str) -> Plan:
        path = build / name.rsplit("/", 1)[-1] / "plan.json"
        if not path.is_file():
            raise UnresolvedStackReference(name)
        return Plan.from_json(path.read_text())

    started = time.perf_counter()
    plan = run_program(
        ROOT / "stacks",
        project="meshfleet",
        stack=stack,
        config=_config(layer, edited),
        stack_references=references,
    )
    seconds = time.perf_counter() - started
    (build / stack).mkdir(parents=True, exist_ok=True)
    (build / stack / "plan.json").write_text(plan.to_json())
    return {"resources": len(plan.resources), "preview_s": seconds}


def _run(layer: str | None, build: Path, edited: bool = False) -> dict[str, float]:
    command = [sys.executable, __file__, "--one", layer or "whole", "--build", str(build)]
    out = subprocess.run(
        command + (["--edited"] if edited else []), cwd=ROOT, check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.splitlines()[-1])


def print_layered(repeat: int) -> None:
    """The table and the routes-layer ratio, medians of `repeat` runs."""
    cases: dict[str, list[dict[str, float]]] = {}
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as tmp:
            build = Path(tmp)
            cases.setdefault("one stack", []).append(_run(None, build))
            for layer in LAYERS:
                cases.setdefault(f"{layer} layer", []).append(_run(layer, build))
            cases.setdefault("routes, 1 route edited", []).append(_run("routes", build, edited=True))
    print(
        f"\n{CLUSTERS}-cluster fleet, one stack against layered stacks (median of {repeat} fresh processes)"
    )
    print(f"{'stack':<26}{'resources':>10}{'preview s':>11}{'x one stack':>13}")
    whole = statistics.median(r["preview_s"] for r in cases["one stack"])
    for label, runs in cases.items():
        seconds = statistics.median(r["preview_s"] for r in runs)
        print(f"{label:<26}{runs[0]['resources']:>10.0f}{seconds:>11.2f}{seconds / whole:>13.2f}")
    edited = statistics.median(r["preview_s"] for r in cases["routes, 1 route edited"])
    print(
        f"routes layer after a one-route edit: {edited / whole:.2f}x the one-stack preview "
        f"(target at most {TARGET}x)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description="Offline previews of a fleet as one stack and in layers.")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--one", choices=("whole", *LAYERS), help=argparse.SUPPRESS)
    parser.add_argument("--build", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--edited", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        layer = None if args.one == "whole" else args.one
        print(json.dumps(measure(layer, args.build, args.edited)))
        return
    print_layered(args.repeat)


if __name__ == "__main__":
    main()
