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
        ("x9-standard-4", "'x9-standard-4': x9 is not a GCE machine series (known: "),
        ("e2-standard-4-lssd", "'e2-standard-4-lssd': e2 types take no suffix, not -lssd"),
        ("c2-custom-4-8192", "'c2-custom-4-8192': c2 has no custom machine types"),
        ("c4-standard-2-lssd", "'c4-standard-2-lssd': c4-standard-...-lssd comes with 4, 8, 16, 24, 32, 48"),
        ("c4-highcpu-8-lssd", "'c4-highcpu-8-lssd': c4-highcpu has no -lssd variant"),
        ("c3-standard-8-ssd", "'c3-standard-8-ssd': c3 suffixes are -lssd or -metal"),
        ("x4-megamem-960", "'x4-megamem-960': x4 types carry a suffix (-metal)"),
        ("c3-highcpu-192", "'c3-highcpu-192': c3 types carry a suffix (-metal)"),
        ("a2-highgpu-3g", "'a2-highgpu-3g': a2-highgpu comes with 1, 2, 4 or 8 GPUs, not 3"),
        ("a4-standard-4", "'a4-standard-4': a4 types name their GPUs (e.g. a4-highgpu-8g)"),
    ],
    ids=[
        "class-typo",
        "no-such-shape",
        "no-such-series",
        "no-local-ssd",
        "no-custom",
        "no-local-ssd-at-that-size",
        "no-local-ssd-in-that-class",
        "unknown-suffix",
        "bare-metal-only",
        "bare-metal-only-size",
        "no-such-gpu-count",
        "gpu-series-named-by-vcpus",
    ],
)
def test_a_machine_type_gce_does_not_offer_is_refused_naming_why(machine_type: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        vcpus(machine_type)
    assert str(caught.value).startswith(message)


@pytest.mark.parametrize(
    ("machine_type", "expected"),
    [
        ("n1-standard-96", 96),
        ("c3d-highmem-360", 360),
        ("m3-ultramem-32", 32),
        ("a2-highgpu-1g", 12),
        ("c4-standard-24", 24),
        ("c4-standard-288-lssd-metal", 288),
        ("c3-highcpu-192-metal", 192),
        ("n4d-highmem-96", 96),
        ("h4d-highmem-192-lssd", 192),
        ("m4-ultramem-56", 56),
        ("x4-megamem-1920-metal", 1920),
        ("z3-highmem-88-standardlssd", 88),
        ("a3-ultragpu-8g", 224),
        ("a4-highgpu-8g", 224),
        ("a4x-highgpu-4g", 140),
        ("g2-standard-12", 12),
    ],
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


@pytest.mark.parametrize(
    ("machine_type", "expected"),
    [
        ("e2-custom-4-8192", 4),
        ("e2-custom-32-131072", 32),
        ("n2-custom-36-36864", 36),
        ("n2-custom-8-638976-ext", 8),
        ("n2d-custom-48-49152", 48),
        ("n4-custom-20-40960", 20),
        ("custom-1-1024", 1),
        ("custom-96-638976-ext", 96),
        ("e2-custom-medium-4096", 1),
        ("e2-custom-micro-2048", 0.25),
    ],
)
def test_a_custom_machine_type_within_its_series_limits_counts_its_vcpus(
    machine_type: str, expected: float
) -> None:
    assert vcpus(machine_type) == expected


@pytest.mark.parametrize(
    ("machine_type", "message"),
    [
        (
            "n2-custom-34-34816",
            "n2-custom-... takes 2-32 in steps of 2 or 36-128 in steps of 4 vCPUs, not 34",
        ),
        ("n2d-custom-6-6144", "n2d-custom-... takes 2, 4, 8 or 16-96 in steps of 16 vCPUs, not 6"),
        ("custom-3-3072", "custom-... takes 1 or 2-96 in steps of 2 vCPUs, not 3"),
        ("e2-custom-4-8000", "custom memory is a multiple of 256 MB, not 8000"),
        ("e2-custom-4-1024", "4 vCPUs need at least 2048 MB (512 MB per vCPU), not 1024"),
        (
            "n2-custom-4-65536",
            "4 vCPUs take at most 32768 MB (8192 MB per vCPU) (more needs -ext), not 65536",
        ),
        ("e2-custom-4-65536", "4 vCPUs take at most 32768 MB (8192 MB per vCPU), not 65536"),
        ("e2-custom-4-8192-ext", "e2-custom-... has no extended memory (-ext)"),
        ("n4-custom-8-8192-ext", "n4-custom-... has no extended memory (-ext)"),
        ("n2-custom-8-1048576-ext", "n2-custom-... extended memory goes up to 638976 MB, not 1048576"),
        ("e2-custom-small-8192", "e2-custom-small takes 2048 to 4096 MB, not 8192"),
        ("n2-custom-medium-4096", "only e2 has shared-core custom types (e2-custom-medium-...)"),
    ],
    ids=[
        "n2-vcpus-off-step",
        "n2d-vcpus-off-list",
        "n1-odd-vcpus",
        "memory-off-256mb",
        "too-little-memory",
        "too-much-memory-without-ext",
        "too-much-memory-e2",
        "e2-no-ext",
        "n4-no-ext",
        "beyond-extended-memory",
        "e2-shared-core-memory",
        "shared-core-custom-only-e2",
    ],
)
def test_a_custom_machine_type_outside_its_series_limits_is_refused_naming_the_limit(
    machine_type: str, message: str
) -> None:
    with pytest.raises(ValueError) as caught:
        vcpus(machine_type)
    assert str(caught.value) == f"{machine_type!r}: {message}"


def test_the_machine_type_of_every_shipped_stack_is_known() -> None:
    import pathlib

    import yaml

    found = []
    for path in sorted(pathlib.Path("stacks").rglob("*.yaml")):
        text = yaml.safe_load(path.read_text())
        found.extend(_machine_types(text))
    assert found, "no machineType found in stacks/"
    for machine_type in found:
        assert vcpus(machine_type) >= 1


def _machine_types(node: object) -> list[str]:
    if isinstance(node, dict):
        found = [v for k, v in node.items() if k == "machineType" and isinstance(v, str)]
        return found + [t for v in node.values() for t in _machine_types(v)]
    if isinstance(node, list):
        return [t for item in node for t in _machine_types(item)]
    return []


def test_every_series_cites_the_google_page_that_lists_its_shapes() -> None:
    from components.spec.gce_families import SERIES

    pages = {series.page for series in SERIES.values()}
    assert pages <= {
        "General-purpose machine family for Compute Engine",
        "Compute-optimized machine family for Compute Engine",
        "Memory-optimized machine family for Compute Engine",
        "Accelerator-optimized machine family",
        "Storage-optimized machine family for Compute Engine",
    }
