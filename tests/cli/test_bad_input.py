"""Bad input as a new user types it: exit 2, one line on stderr naming the field or the file and
line, no traceback, and nothing written (no build folder, no baseline, nothing outside)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.checkout import meshfleet

ROOT = Path(__file__).resolve().parents[2]
DEV_CONFIG = ROOT / "stacks" / "Pulumi.dev.yaml"


def scratch_project(root: Path) -> Path:
    """A project running the real stack program, with the dev stack config."""
    (root / "stacks").mkdir(parents=True)
    (root / "Pulumi.yaml").write_text(
        f"name: meshfleet\nruntime: python\nmain: {ROOT / 'stacks'}\nstackConfigDir: stacks\n"
    )
    (root / "stacks" / "Pulumi.dev.yaml").write_text(DEV_CONFIG.read_text())
    return root


def refused(result: subprocess.CompletedProcess[str]) -> str:
    """The one error line of a refused command (asserting exit 2, one line, no traceback)."""
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1, result.stderr[:500]
    assert result.stderr.startswith("error: ")
    assert result.stdout == ""
    return result.stderr.removeprefix("error: ").rstrip("\n")


def spec_refused(result: subprocess.CompletedProcess[str]) -> str:
    """The one error line of a refused spec, after the `file:line: ` it starts with."""
    found = re.fullmatch(r"\S+\.yaml:\d+: (platform.*)", refused(result))
    assert found, result.stderr
    return found[1]


def preview_config(tmp_path: Path, text: str) -> subprocess.CompletedProcess[str]:
    config = tmp_path / "Pulumi.change.yaml"
    config.write_text(text)
    return meshfleet(
        "preview", "--stack", "dev", "--config-file", str(config), "--build-dir", str(tmp_path / "build")
    )


def dev_text_with(old: str, new: str) -> str:
    text = DEV_CONFIG.read_text()
    assert text.count(old) == 1
    return text.replace(old, new)


# --- stack names never reach a path --------------------------------------------------------

STACK_RULE = "is not a stack name: 1 to 100 letters, digits, '-', '_' or '.' (Pulumi's rule), and not . or .."


def test_stack_name_with_a_path_is_refused_and_nothing_written(tmp_path: Path) -> None:
    build = tmp_path / "work" / "build"

    result = meshfleet("preview", "--stack", "../x", "--build-dir", str(build))

    assert refused(result) == f"--stack '../x' {STACK_RULE}"
    assert not (tmp_path / "work").exists()


def test_dot_dot_is_not_a_stack_name(tmp_path: Path) -> None:
    result = meshfleet("preview", "--stack", "..", "--build-dir", str(tmp_path / "build"))

    assert refused(result) == f"--stack '..' {STACK_RULE}"


def test_program_stack_name_with_a_path_is_refused(tmp_path: Path) -> None:
    program = tmp_path / "app"
    program.mkdir()
    (program / "__main__.py").write_text("")

    result = meshfleet(
        "preview", "--program", str(program), "--stack", "a/b", "--build-dir", str(tmp_path / "build")
    )

    assert refused(result) == f"--stack 'a/b' {STACK_RULE}"


def test_program_whose_project_name_leads_outside_the_build_dir_is_refused(tmp_path: Path) -> None:
    program = tmp_path / "app"
    program.mkdir()
    (program / "__main__.py").write_text("")
    (program / "Pulumi.yaml").write_text("name: ../../escape\nruntime: python\n")

    result = meshfleet("preview", "--program", str(program), "--build-dir", str(tmp_path / "build"))

    assert "is not inside" in refused(result)
    assert not (tmp_path / "build").exists()


def test_diff_against_a_path_is_refused(tmp_path: Path) -> None:
    project = scratch_project(tmp_path / "project")

    result = meshfleet("diff", "--stack", "dev", "--against", "../dev", cwd=project)

    assert refused(result) == f"--against '../dev' {STACK_RULE}"


def test_baseline_of_a_path_is_refused_and_writes_nothing(tmp_path: Path) -> None:
    project = scratch_project(tmp_path / "project")
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))

    result = meshfleet("baseline", "--stack", "../dev", cwd=project)

    assert refused(result) == f"--stack '../dev' {STACK_RULE}"
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


def test_manifests_folder_linked_outside_the_build_dir_is_not_deleted(tmp_path: Path) -> None:
    outside = tmp_path / "precious"
    (outside / "keep.txt").parent.mkdir()
    (outside / "keep.txt").write_text("keep")
    build = tmp_path / "build"
    (build / "dev").mkdir(parents=True)
    (build / "dev" / "manifests").symlink_to(outside, target_is_directory=True)

    result = meshfleet("preview", "--stack", "dev", "--build-dir", str(build), "--no-policy")

    assert (
        refused(result)
        == f"{build / 'dev' / 'manifests'} is not inside {build}: meshfleet writes and deletes only there"
    )
    assert (outside / "keep.txt").read_text() == "keep"
    assert not (build / "dev" / "plan.json").exists()


# --- YAML files: duplicates, encoding, syntax ------------------------------------------------


def test_duplicate_key_names_file_line_and_key(tmp_path: Path) -> None:
    text = dev_text_with(
        "        masterCidr: 192.168.0.0/28\n",
        "        masterCidr: 192.168.0.0/28\n        masterCidr: 192.168.16.0/28\n",
    )
    first = text.splitlines().index("        masterCidr: 192.168.0.0/28") + 1

    result = preview_config(tmp_path, text)

    config = tmp_path / "Pulumi.change.yaml"
    assert refused(result) == f"{config}:{first + 1}: duplicate key 'masterCidr' (first on line {first})"
    assert not (tmp_path / "build").exists()


def test_file_that_is_not_utf8_names_file_and_line(tmp_path: Path) -> None:
    config = tmp_path / "Pulumi.change.yaml"
    config.write_bytes(b"config:\n  meshfleet:platform:\n    environment: d\xe9v\n")

    result = meshfleet("preview", "--stack", "dev", "--config-file", str(config))

    assert refused(result) == f"{config}:3: not UTF-8 text (byte 0xe9)"


def test_file_with_a_control_character_names_file_and_line(tmp_path: Path) -> None:
    result = preview_config(tmp_path, "config:\n  meshfleet:platform:\n    environment: d\x00v\n")

    config = tmp_path / "Pulumi.change.yaml"
    assert refused(result) == f"{config}:3: not valid YAML: character #x0000 is not allowed"


# --- the spec's rules, end to end ----------------------------------------------------------


def test_quoted_yes_for_protect_is_refused(tmp_path: Path) -> None:
    result = preview_config(tmp_path, dev_text_with("    protect: false\n", '    protect: "yes"\n'))

    assert spec_refused(result) == "platform.protect: must be true or false, got string 'yes'"
    assert not (tmp_path / "build").exists()


def test_400_digit_node_count_is_bad_input_not_a_crash(tmp_path: Path) -> None:
    result = preview_config(tmp_path, dev_text_with("          max: 3\n", f"          max: {'9' * 400}\n"))

    assert spec_refused(result).startswith(f"platform.clusters[0].nodePool.max: {'9' * 60}... (400 digits)")


def test_5000_digit_number_names_file_and_line(tmp_path: Path) -> None:
    text = dev_text_with("          max: 3\n", f"          max: {'9' * 5000}\n")
    line = text.splitlines().index(f"          max: {'9' * 5000}") + 1

    result = preview_config(tmp_path, text)

    config = tmp_path / "Pulumi.change.yaml"
    assert refused(result) == f"{config}:{line}: not valid YAML: number of 5000 characters is too long"


def test_two_megabyte_value_gives_a_short_error_line(tmp_path: Path) -> None:
    config = yaml.safe_load(DEV_CONFIG.read_text())
    config["config"]["meshfleet:platform"]["routes"][0]["service"]["host"] = "h" * (2 * 1024 * 1024)

    result = preview_config(tmp_path, yaml.safe_dump(config))

    assert len(spec_refused(result)) < 300


def test_shell_characters_in_a_service_host_are_refused(tmp_path: Path) -> None:
    result = preview_config(
        tmp_path, dev_text_with("host: helloworld\n", 'host: "helloworld; rm -rf $HOME"\n')
    )

    assert spec_refused(result).startswith(
        "platform.routes[0].service.host: 'helloworld; rm -rf $HOME' must be a Service name"
    )


@pytest.mark.parametrize("args", [("diff", "--base", "none.json"), ("baseline",)], ids=["diff", "baseline"])
def test_diff_and_baseline_refuse_a_bad_spec_first(tmp_path: Path, args: tuple[str, ...]) -> None:
    project = scratch_project(tmp_path / "project")
    own = project / "stacks" / "Pulumi.dev.yaml"
    own.write_text(own.read_text().replace("masterCidr: 192.168.0.0/28", "masterCIDR: 192.168.0.0/28"))

    result = meshfleet(*args, "--stack", "dev", cwd=project)

    assert spec_refused(result) == "platform.clusters[0].masterCIDR: unknown field; did you mean masterCidr?"
    assert not (project / "stacks" / "baselines").exists()


# --- attached clusters: the kubeconfig is secret config -------------------------------------

ONPREM_CONFIG = ROOT / "stacks" / "Pulumi.onprem.yaml"
ONPREM_KUBECONFIG = """  meshfleet:onprem-1-kubeconfig:
    secure: v1:PLACEHOLDER-NOT-A-REAL-CIPHERTEXT:set-with-pulumi-config-set--secret
"""


def preview_onprem(tmp_path: Path, kubeconfig_lines: str) -> subprocess.CompletedProcess[str]:
    text = ONPREM_CONFIG.read_text()
    assert text.count(ONPREM_KUBECONFIG) == 1
    config = tmp_path / "Pulumi.change.yaml"
    config.write_text(text.replace(ONPREM_KUBECONFIG, kubeconfig_lines))
    return meshfleet(
        "preview", "--stack", "onprem", "--config-file", str(config), "--build-dir", str(tmp_path / "build")
    )


def test_missing_kubeconfig_of_an_attached_cluster_is_refused_and_nothing_written(tmp_path: Path) -> None:
    result = preview_onprem(tmp_path, "")

    assert refused(result).endswith(
        "meshfleet:onprem-1-kubeconfig is missing: the kubeconfig of attached cluster onprem-1; "
        "pulumi config set --secret meshfleet:onprem-1-kubeconfig < kubeconfig.yaml"
    )
    assert not (tmp_path / "build").exists()


def test_kubeconfig_of_an_attached_cluster_in_clear_is_refused(tmp_path: Path) -> None:
    result = preview_onprem(tmp_path, '  meshfleet:onprem-1-kubeconfig: "apiVersion: v1"\n')

    assert "holds the kubeconfig of attached cluster onprem-1 in clear; store it as a secret" in refused(
        result
    )
    assert not (tmp_path / "build").exists()


def test_every_mistake_of_a_stack_file_is_one_line_with_its_place(tmp_path: Path) -> None:
    config = yaml.safe_load((ROOT / "stacks" / "Pulumi.dev.yaml").read_text())
    spec = config["config"]["meshfleet:platform"]
    spec["clusters"][0]["nodePool"]["min"] = "3"
    spec["clusters"][0]["masterCIDR"] = spec["clusters"][0].pop("masterCidr")
    spec["gateways"][0]["replicas"] = {"min": 0}
    path = tmp_path / "Pulumi.dev.yaml"
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    text = path.read_text().splitlines()

    def line(key: str, after: int = 0) -> int:
        return next(i for i, t in enumerate(text, 1) if i > after and t.strip().startswith(key))

    result = meshfleet(
        "preview", "--stack", "dev", "--config-file", str(path), "--build-dir", str(tmp_path / "b")
    )

    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"error: {path}:{line('masterCIDR')}: platform.clusters[0].masterCIDR: unknown field; "
        "did you mean masterCidr?",
        f"error: {path}:{line('min', line('nodePool'))}: platform.clusters[0].nodePool.min: "
        "must be an integer, got string '3'",
        f"error: {path}:{line('min', line('replicas'))}: platform.gateways[0].replicas.min: "
        "0 must be at least 1",
    ]
