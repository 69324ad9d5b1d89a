"""vCPU counts of GCE machine type names, used by the mesh capacity rule."""

from __future__ import annotations

import pytest

from components.spec.machines import vcpus
from tests.spec.fixtures import dev_platform, spec_message


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


@pytest.mark.parametrize(
    ("machine_type", "message"),
    [
        ("e2-standrd-4", "'e2-standrd-4': e2 has no 'standrd' types (highcpu, highmem or standard)"),
        ("e2-standard-6", "'e2-standard-6': e2-standard comes with 2, 4, 8, 16 or 32 vCPUs, not 6"),
        ("x9-standard-4", "'x9-standard-4': x9 is not a GCE machine family (known: "),
        ("e2-standard-4-lssd", "'e2-standard-4-lssd': e2 types take no suffix, not -lssd"),
        ("c2-custom-4-8192", "'c2-custom-4-8192': c2 has no custom machine types"),
    ],
    ids=["class-typo", "no-such-shape", "no-such-family", "no-local-ssd", "no-custom"],
)
def test_a_machine_type_gce_does_not_offer_is_refused_naming_why(machine_type: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        vcpus(machine_type)
    assert str(caught.value).startswith(message)


@pytest.mark.parametrize(
    ("machine_type", "expected"),
    [("n1-standard-96", 96), ("c3d-highmem-360", 360), ("m3-ultramem-32", 32), ("a2-highgpu-1g", 12)],
)
def test_shapes_of_other_families_are_known(machine_type: str, expected: float) -> None:
    assert vcpus(machine_type) == expected


def test_a_misspelt_machine_type_is_refused_by_the_spec_at_its_field() -> None:
    raw = dev_platform()
    raw["clusters"][0]["nodePool"] = {"machineType": "e2-standrd-4"}

    assert spec_message(raw) == (
        "platform.clusters[0].nodePool.machineType: 'e2-standrd-4': e2 has no 'standrd' types "
        "(highcpu, highmem or standard)"
    )
