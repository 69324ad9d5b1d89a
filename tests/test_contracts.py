"""The import-linter contracts cover every package under `components/`, present and future."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.contracts import ROOT, uncovered


def test_every_package_under_components_is_in_a_contract() -> None:
    assert uncovered() == []


def test_a_new_package_named_in_no_contract_is_reported(tmp_path: Path) -> None:
    shutil.copytree(
        ROOT / "components", tmp_path / "components", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "components" / "eks").mkdir()
    (tmp_path / "components" / "eks" / "__init__.py").write_text("")

    assert uncovered(tmp_path) == ["components.eks"]


def test_a_new_cloud_in_the_clouds_layer_is_covered(tmp_path: Path) -> None:
    shutil.copytree(
        ROOT / "components", tmp_path / "components", ignore=shutil.ignore_patterns("__pycache__")
    )
    text = (ROOT / "pyproject.toml").read_text()
    clouds = '"components.gcp | components.azure | components.attached",'
    assert text.count(clouds) == 1
    (tmp_path / "pyproject.toml").write_text(
        text.replace(clouds, clouds.replace("attached", "attached | components.eks"))
    )
    (tmp_path / "components" / "eks").mkdir()
    (tmp_path / "components" / "eks" / "__init__.py").write_text("")

    assert uncovered(tmp_path) == []
