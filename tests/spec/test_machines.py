"""vCPU counts of GCE machine type names, used by the mesh capacity rule."""

from __future__ import annotations

import pytest

from components.spec.machines import vcpus


@pytest.mark.parametrize(
    ("machine_type", "expected"),
    [
        ("e2-standard-4", 4),
        ("n2-highmem-16", 16),
        ("n2d-standard-2", 2),
        ("c3-standard-8-lssd", 8),
        ("n2-custom-6-16384", 6),
        ("n2-custom-6-16384-ext", 6),
        ("custom-4-8192", 4),
        ("e2-medium", 1),
        ("e2-small", 0.5),
        ("e2-micro", 0.25),
        ("f1-micro", 0.2),
    ],
)
def test_vcpus_of_a_machine_type(machine_type: str, expected: float) -> None:
    assert vcpus(machine_type) == expected


def test_e2_medium_counts_its_one_shared_core_not_its_burst() -> None:
    assert vcpus("e2-medium") < 2


@pytest.mark.parametrize(
    "machine_type",
    [
        "e2-standard",
        "standard-4",
        "E2-STANDARD-4",
        "e2-standard-four",
        "",
        "e2-standard-4\n",
        " e2-standard-4",
    ],
    ids=["no-vcpus", "no-family", "uppercase", "words", "empty", "trailing-newline", "leading-space"],
)
def test_invalid_machine_type_name_raises_value_error(machine_type: str) -> None:
    with pytest.raises(ValueError, match="is not a GCE machine type name") as caught:
        vcpus(machine_type)
    assert repr(machine_type) in str(caught.value)
