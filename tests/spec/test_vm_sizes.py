"""vCPU counts of Azure VM size names, used by the AKS mesh capacity rule."""

from __future__ import annotations

import pytest

from components.spec.vm_sizes import azure_vcpus


@pytest.mark.parametrize(
    ("vm_size", "expected"),
    [
        ("Standard_D4s_v5", 4),
        ("Standard_D2s_v5", 2),
        ("Standard_D8ds_v5", 8),
        ("Standard_D4as_v5", 4),
        ("Standard_E16s_v3", 16),
        ("Standard_F4s_v2", 4),
        ("Standard_B2s", 2),
        ("Standard_B4ms", 4),
        ("Standard_A4_v2", 4),
        ("Standard_NC24ads_A100_v4", 24),
        ("Standard_M128ms", 128),
    ],
)
def test_vcpus_of_a_vm_size(vm_size: str, expected: int) -> None:
    assert azure_vcpus(vm_size) == expected


@pytest.mark.parametrize(
    ("vm_size", "expected"),
    [("Standard_DS3_v2", 4), ("Standard_D2_v2", 2), ("Standard_D13_v2", 8), ("Standard_DS1", 1)],
)
def test_d_series_v2_number_is_a_size_index_not_a_count(vm_size: str, expected: int) -> None:
    assert azure_vcpus(vm_size) == expected


def test_constrained_core_size_counts_its_active_vcpus() -> None:
    assert azure_vcpus("Standard_E8-4s_v5") == 4


@pytest.mark.parametrize(
    "vm_size",
    ["Standard_D", "D4s_v5", "standard_d4s_v5", "Standard_D4s_v5\n", "", "Standard_D0s_v5", "e2-standard-4"],
    ids=["no-vcpus", "no-tier", "lowercase", "trailing-newline", "empty", "zero", "gce-name"],
)
def test_unknown_vm_size_pattern_raises_value_error(vm_size: str) -> None:
    with pytest.raises(ValueError, match="is not an Azure VM size name") as caught:
        azure_vcpus(vm_size)
    assert repr(vm_size) in str(caught.value)


def test_unknown_d_series_index_raises_value_error() -> None:
    with pytest.raises(ValueError, match="D/DS v1-v2"):
        azure_vcpus("Standard_DS7_v2")


def test_retired_a_series_raises_value_error() -> None:
    with pytest.raises(ValueError, match="retired A-series"):
        azure_vcpus("Standard_A2")
