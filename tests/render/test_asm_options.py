"""The asm-options patch: multi-cluster endpoint discovery of the managed control plane."""

from __future__ import annotations

from components.render.asm_options import asm_options_patch
from tests.schemas import validate_manifest


def test_asm_options_patch_sets_multicluster_mode_connected() -> None:
    assert asm_options_patch()["data"] == {"multicluster_mode": "connected"}


def test_asm_options_patch_targets_asm_options_in_istio_system() -> None:
    metadata = asm_options_patch()["metadata"]
    assert (metadata["namespace"], metadata["name"]) == ("istio-system", "asm-options")


def test_asm_options_patch_forces_the_one_field_it_sets() -> None:
    assert asm_options_patch()["metadata"]["annotations"] == {"pulumi.com/patchForce": "true"}


def test_asm_options_patch_carries_no_labels_of_ours() -> None:
    assert "labels" not in asm_options_patch()["metadata"]


def test_asm_options_patch_passes_the_core_config_map_schema() -> None:
    validate_manifest(asm_options_patch())
