"""meshfleet preview --watch: warm re-previews give a cold preview's bytes, bad edits keep watching.

The warm process is driven here by injecting the change batches (`watch_previews(changes=...)`)
and, end to end, through the real file watcher in a subprocess. Cold previews are fresh
processes, as a reviewer runs them.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from components.cli.preview import PreviewOptions, preview_once
from components.cli.watch import Reaction, Watched, watch_previews, watched_paths
from tests.checkout import ROOT, meshfleet
from tests.watching import WatchProcess

DEV_CONFIG = ROOT / "stacks" / "Pulumi.dev.yaml"


def dev_config() -> dict[str, Any]:
    return yaml.safe_load(DEV_CONFIG.read_text())


def platform(config: dict[str, Any]) -> dict[str, Any]:
    return config["config"]["meshfleet:platform"]


def with_weights(config: dict[str, Any], v1: int) -> dict[str, Any]:
    changed = copy.deepcopy(config)
    platform(changed)["routes"][0]["weights"] = {"v1": v1, "v2": 100 - v1}
    return changed


def with_second_cluster(config: dict[str, Any]) -> dict[str, Any]:
    changed = copy.deepcopy(config)
    second = copy.deepcopy(platform(changed)["clusters"][0])
    second.update(name="tokyo-2", masterCidr="192.168.8.0/28")
    platform(changed)["clusters"].append(second)
    return changed


def with_bad_master_cidr(config: dict[str, Any]) -> dict[str, Any]:
    changed = copy.deepcopy(config)
    platform(changed)["clusters"][0]["masterCidr"] = "192.168.0.0/24"
    return changed


def build_files(output: Path) -> dict[str, bytes]:
    """Every file of a build/<stack>/ folder, by relative path."""
    return {str(p.relative_to(output)): p.read_bytes() for p in sorted(output.rglob("*")) if p.is_file()}


def report(text: str, build: Path) -> list[str]:
    """The report's lines, the build folder's name taken out (warm and cold write to different ones)."""
    # Trailing blanks go too: a table titled with the path is padded to the path's length.
    return [line.replace(str(build), "<build>").rstrip() for line in text.splitlines()]


# The edit sequence: a route weight, a cluster added, a bad edit, the cluster removed again.
WEIGHT = with_weights(dev_config(), 35)
TWO_CLUSTERS = with_second_cluster(WEIGHT)
BAD = with_bad_master_cidr(TWO_CLUSTERS)
SEQUENCE = {"weight": WEIGHT, "added": TWO_CLUSTERS, "bad": BAD, "removed": WEIGHT}
SEQUENCE_INDEX = {name: index + 1 for index, name in enumerate(SEQUENCE)}
"""Which preview of the warm run each state is (0: the first, before any edit)."""


@pytest.fixture(scope="module")
def warm_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Preview dev, then re-preview after each edit of SEQUENCE in this one process; what each left."""
    tmp = tmp_path_factory.mktemp("warm")
    config_file, build = tmp / "Pulumi.dev.yaml", tmp / "build"
    config_file.write_text(yaml.safe_dump(dev_config()))
    options = PreviewOptions("dev", config_file, build, None, None, None, False)
    outputs: dict[str, dict[str, bytes]] = {}
    reports: dict[str, list[str]] = {}
    failures: list[str] = []

    def preview() -> None:
        import io
        from contextlib import redirect_stderr, redirect_stdout

        stdout, stderr = io.StringIO(), io.StringIO()
        with redirect_stdout(stdout), redirect_stderr(stderr):
            try:
                preview_once(options)
            finally:
                reports[current[0]] = report(stdout.getvalue(), build)
                failures.append(stderr.getvalue())

    current = ["initial"]

    def edits() -> Iterator[set[Path]]:
        yield set()  # the watcher is running
        for name, config in SEQUENCE.items():
            outputs[current[0]] = build_files(build / "dev")
            current[0] = name
            config_file.write_text(yaml.safe_dump(config))
            yield {config_file}
        outputs[current[0]] = build_files(build / "dev")

    watch_previews(preview, watched_paths(options), changes=edits(), restart=pytest.fail)
    return {"outputs": outputs, "reports": reports, "failures": failures}


@pytest.fixture(scope="module")
def cold_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A fresh `meshfleet preview` process for each good state of SEQUENCE."""
    outputs: dict[str, dict[str, bytes]] = {}
    reports: dict[str, list[str]] = {}
    for name in ("weight", "added"):
        tmp = tmp_path_factory.mktemp(f"cold-{name}")
        config_file, build = tmp / "Pulumi.dev.yaml", tmp / "build"
        config_file.write_text(yaml.safe_dump(SEQUENCE[name]))
        result = meshfleet(
            "preview", "--stack", "dev", "--config-file", str(config_file), "--build-dir", str(build)
        )
        assert result.returncode == 0, result.stderr
        outputs[name] = build_files(build / "dev")
        reports[name] = report(result.stdout, build)
    return {"outputs": outputs, "reports": reports}


@pytest.mark.parametrize("state", ["weight", "added"])
def test_warm_re_preview_writes_a_cold_previews_bytes(
    warm_run: dict[str, Any], cold_runs: dict[str, Any], state: str
) -> None:
    warm, cold = warm_run["outputs"][state], cold_runs["outputs"][state]
    assert sorted(warm) == sorted(cold)
    assert warm == cold


@pytest.mark.parametrize("state", ["weight", "added"])
def test_warm_re_preview_prints_a_cold_previews_report(
    warm_run: dict[str, Any], cold_runs: dict[str, Any], state: str
) -> None:
    def same_file(lines: list[str]) -> list[str]:
        # The hint repeats --config-file, whose path is each run's own temporary file.
        return [re.sub(r"--config-file \S+\)$", "--config-file <file>)", line) for line in lines]

    assert same_file(warm_run["reports"][state]) == same_file(cold_runs["reports"][state])
    assert warm_run["reports"][state][-1].startswith("baseline: ")


def test_the_edits_change_what_is_written(warm_run: dict[str, Any]) -> None:
    outputs = warm_run["outputs"]
    assert outputs["initial"]["plan.json"] != outputs["weight"]["plan.json"]
    assert len(outputs["added"]) > len(outputs["weight"])


def test_a_removed_cluster_leaves_no_trace_in_the_next_run(warm_run: dict[str, Any]) -> None:
    # "removed" is the "weight" spec again, previewed after a run with tokyo-2 in it.
    outputs = warm_run["outputs"]
    assert "tokyo-2" in outputs["added"]["plan.json"].decode()
    assert outputs["removed"] == outputs["weight"]


def test_a_bad_edit_prints_one_line_and_leaves_the_previous_build(warm_run: dict[str, Any]) -> None:
    bad = warm_run["failures"][SEQUENCE_INDEX["bad"]]
    assert bad.startswith("error: ")
    assert ": platform.clusters[0].masterCidr: 192.168.0.0/24 must be a /28" in bad  # after file:line
    assert bad.count("\n") == 1
    assert warm_run["outputs"]["bad"] == warm_run["outputs"]["added"]


def test_the_watcher_previews_after_a_save_and_ctrl_c_exits_0(tmp_path: Path) -> None:
    config_file, build = tmp_path / "Pulumi.dev.yaml", tmp_path / "build"
    config_file.write_text(yaml.safe_dump(dev_config()))
    watcher = WatchProcess("--stack", "dev", "--config-file", str(config_file), "--build-dir", str(build))
    try:
        watcher.wait_started()
        before = (build / "dev" / "plan.json").read_bytes()
        config_file.write_text(yaml.safe_dump(WEIGHT))
        watcher.wait_for("out", lambda line: line.startswith("baseline: "))
        after = (build / "dev" / "plan.json").read_bytes()
        assert after != before
        weights = [r for r in json.loads(after)["resources"] if r["type"].endswith(":VirtualService")]
        assert '"weight": 35' in json.dumps(weights)

        config_file.write_text(yaml.safe_dump(with_bad_master_cidr(WEIGHT)))
        watcher.wait_for(
            "err", lambda line: line.startswith("error: ") and "platform.clusters[0].masterCidr" in line
        )
        assert (build / "dev" / "plan.json").read_bytes() == after
        assert watcher.interrupt() == 0
    finally:
        watcher.close()


def test_a_save_of_meshfleets_source_restarts_instead_of_previewing(tmp_path: Path) -> None:
    options = PreviewOptions("dev", None, tmp_path / "build", None, None, None, False)
    watched = watched_paths(options)
    previews: list[str] = []
    restarts: list[str] = []
    batches = [set(), {ROOT / "components" / "platform.py", ROOT / "stacks" / "Pulumi.dev.yaml"}]
    watch_previews(
        lambda: previews.append("run"), watched, changes=batches, restart=lambda: restarts.append("x")
    )
    assert previews == ["run"]
    assert restarts == ["x"]


@pytest.mark.parametrize(
    ("path", "reaction"),
    [
        ("stacks/Pulumi.dev.yaml", Reaction.PREVIEW),
        ("stacks/baselines/dev.plan.json", Reaction.PREVIEW),
        ("stacks/__main__.py", Reaction.PREVIEW),
        ("policy/meshguard/gateways.py", Reaction.PREVIEW),
        ("components/spec/models.py", Reaction.RESTART),
        ("stacks/Pulumi.staging.yaml", None),
        ("stacks/baselines/staging.plan.json", None),
        ("policy/venv/lib/python3.11/site-packages/x.py", None),
        ("components/__pycache__/platform.cpython-311.py", None),
        ("build/dev/plan.json", None),
    ],
)
def test_what_a_change_calls_for(path: str, reaction: Reaction | None) -> None:
    watched = watched_paths(PreviewOptions("dev", None, ROOT / "build", None, None, None, False))
    assert watched.reaction(ROOT / path) is reaction


def test_the_build_folder_is_never_watched(tmp_path: Path) -> None:
    watched = Watched(frozenset(), (tmp_path,), ROOT / "components", tmp_path / "build")
    (tmp_path / "build" / "dev").mkdir(parents=True)
    (tmp_path / "build" / "dev" / "x.py").write_text("")
    assert tmp_path / "build" not in watched.folders()
    assert watched.reaction(tmp_path / "build" / "dev" / "x.py") is None


def test_ctrl_c_during_a_preview_ends_watching_quietly(tmp_path: Path) -> None:
    def interrupted() -> None:
        raise KeyboardInterrupt

    watched = Watched(frozenset(), (), ROOT / "components", tmp_path)
    watch_previews(interrupted, watched, changes=[set(), {tmp_path / "x"}], restart=pytest.fail)
