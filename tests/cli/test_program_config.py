"""`preview --program`: a config key the program requires and the stack lacks is bad input (2)."""

from __future__ import annotations

from pathlib import Path

from tests.checkout import meshfleet

PROGRAM = 'import pulumi\n\npulumi.Config().require("needed")\n'


def _program(tmp_path: Path) -> Path:
    folder = tmp_path / "prog"
    folder.mkdir()
    (folder / "__main__.py").write_text(PROGRAM)
    (folder / "Pulumi.yaml").write_text("name: prog\nruntime: python\n")
    return folder


def test_a_missing_key_names_the_key_and_the_file_read(tmp_path: Path) -> None:
    folder = _program(tmp_path)
    (folder / "Pulumi.dev.yaml").write_text("config:\n  prog:other: 1\n")

    result = meshfleet("preview", "--program", str(folder), "--build-dir", str(tmp_path / "b"))

    assert result.returncode == 2
    assert result.stderr == (
        f"error: {folder / 'Pulumi.dev.yaml'}: config key prog:needed is missing; the program requires it "
        "(pulumi config set prog:needed ...)\n"
    )


def test_a_missing_key_without_a_config_file_says_none_was_read(tmp_path: Path) -> None:
    result = meshfleet("preview", "--program", str(_program(tmp_path)), "--build-dir", str(tmp_path / "b"))

    assert result.returncode == 2
    assert result.stderr.startswith("error: no config file was read")
    assert result.stderr.count("\n") == 1
