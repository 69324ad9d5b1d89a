"""Stack names follow Pulumi's rule, and output stays inside its root, symlinks resolved."""

from __future__ import annotations

from pathlib import Path

import pytest

from components.cli.app import UserError
from components.cli.paths import check_stack_name, inside


@pytest.mark.parametrize("name", ["dev", "prod.eu_1", "Staging-2", "a" * 100, "..x"])
def test_pulumi_stack_names_pass(name: str) -> None:
    assert check_stack_name(name) == name


@pytest.mark.parametrize("name", ["../x", "a/b", "..", ".", "", "a" * 101, "dev\n", "org/dev", "dev x"])
def test_names_pulumi_refuses_or_that_name_folders_are_refused(name: str) -> None:
    with pytest.raises(UserError) as caught:
        check_stack_name(name)

    assert str(caught.value).startswith("--stack ")


def test_refusal_names_the_option() -> None:
    with pytest.raises(UserError) as caught:
        check_stack_name("../x", "--against")

    assert str(caught.value).startswith("--against '../x' is not a stack name")


def test_folder_inside_the_root_passes(tmp_path: Path) -> None:
    assert inside(tmp_path / "build", tmp_path / "build" / "dev") == (tmp_path / "build" / "dev").resolve()


@pytest.mark.parametrize("path", ["build/../x", "build", "elsewhere/dev"])
def test_path_outside_the_root_is_refused(tmp_path: Path, path: str) -> None:
    with pytest.raises(UserError):
        inside(tmp_path / "build", tmp_path / path)


def test_symlink_leading_outside_the_root_is_refused(tmp_path: Path) -> None:
    (tmp_path / "build").mkdir()
    (tmp_path / "outside").mkdir()
    (tmp_path / "build" / "dev").symlink_to(tmp_path / "outside", target_is_directory=True)

    with pytest.raises(UserError):
        inside(tmp_path / "build", tmp_path / "build" / "dev" / "manifests")
