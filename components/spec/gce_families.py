"""Compute Engine's machine series and the shapes each offers, as Google documents them.

No maintained machine-readable list can be installed from a package registry and read offline:
the public lists (`gcloud compute machine-types list`, and the community catalogs built from it)
are made by calling the Compute Engine API. So each series below names the Google page that lists
its machine types, by title, and every series was checked against that page on 2026-12-03
(and cross-checked against a community list generated from the API, dated 2026-08).

When Google adds a series or a shape, add it here with its page; until then it is refused with
an error naming the series known, which is safer than letting a typo through to `pulumi up`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

GENERAL = "General-purpose machine family for Compute Engine"
COMPUTE = "Compute-optimized machine family for Compute Engine"
MEMORY = "Memory-optimized machine family for Compute Engine"
ACCELERATOR = "Accelerator-optimized machine family"
STORAGE = "Storage-optimized machine family for Compute Engine"
CUSTOM = "Create a VM with a custom machine type"
CHECKED = "2026-12-03"

_POWERS = (2, 4, 8, 16, 32)


def _steps(start: int, stop: int, step: int) -> tuple[int, ...]:
    return tuple(range(start, stop + 1, step))


def _all(counts: tuple[int, ...], *classes: str) -> dict[str, tuple[int, ...]]:
    return {c: counts for c in classes}


_SHC = ("standard", "highmem", "highcpu")


@dataclass(frozen=True)
class Series:
    """One machine series: the vCPU counts of each class, and the suffixed variants it offers."""

    page: str
    classes: Mapping[str, tuple[int, ...]]
    # suffix -> class -> vCPU counts that have that variant (`c4-standard-8-lssd`, `-metal`).
    variants: Mapping[str, Mapping[str, tuple[int, ...]]] = field(default_factory=dict)
    # Types only offered with a suffix (X4 is bare metal only; Z3 names its SSD ratio).
    suffix_required: bool = False


SERIES: dict[str, Series] = {
    # General-purpose
    "e2": Series(GENERAL, {"standard": _POWERS, "highmem": (2, 4, 8, 16), "highcpu": _POWERS}),
    "n1": Series(
        GENERAL,
        {
            "standard": (1, 2, 4, 8, 16, 32, 64, 96),
            "highmem": (2, 4, 8, 16, 32, 64, 96),
            "highcpu": (2, 4, 8, 16, 32, 64, 96),
        },
    ),
    "n2": Series(
        GENERAL,
        {
            "standard": (*_POWERS, 48, 64, 80, 96, 128),
            "highmem": (*_POWERS, 48, 64, 80, 96, 128),
            "highcpu": (*_POWERS, 48, 64, 80, 96),
        },
    ),
    "n2d": Series(
        GENERAL,
        {
            "standard": (*_POWERS, 48, 64, 80, 96, 128, 224),
            "highmem": (*_POWERS, 48, 64, 80, 96),
            "highcpu": (*_POWERS, 48, 64, 80, 96, 128, 224),
        },
    ),
    "n4": Series(GENERAL, _all((*_POWERS, 48, 64, 80), *_SHC)),
    "n4d": Series(
        GENERAL,
        {
            "standard": (*_POWERS, 48, 64, 80, 96),
            "highmem": (*_POWERS, 48, 64, 80, 96),
            "highcpu": (*_POWERS, 48, 64, 80, 96),
        },
    ),
    "n4a": Series(GENERAL, _all((1, *_POWERS, 48, 64), *_SHC)),
    "c3": Series(
        GENERAL,
        _all((4, 8, 22, 44, 88, 176), *_SHC),
        {"lssd": {"standard": (4, 8, 22, 44, 88, 176)}, "metal": _all((192,), *_SHC)},
    ),
    "c3d": Series(
        GENERAL,
        _all((4, 8, 16, 30, 60, 90, 180, 360), *_SHC),
        {"lssd": _all((8, 16, 30, 60, 90, 180, 360), "standard", "highmem")},
    ),
    "c4": Series(
        GENERAL,
        _all((*_POWERS, 24, 48, 96, 144, 192, 288), *_SHC),
        {
            "lssd": _all((4, 8, 16, 24, 32, 48, 96, 144, 192, 288), "standard", "highmem"),
            "metal": _all((288,), *_SHC),
            "lssd-metal": _all((288,), "standard", "highmem"),
        },
    ),
    "c4a": Series(
        GENERAL,
        _all((1, *_POWERS, 48, 64, 72), *_SHC),
        {"lssd": _all((4, 8, 16, 32, 48, 64, 72), "standard", "highmem"), "metal": {"highmem": (96,)}},
    ),
    "c4d": Series(
        GENERAL,
        _all((*_POWERS, 48, 64, 96, 192, 384), *_SHC),
        {
            "lssd": _all((8, 16, 32, 48, 64, 96, 192, 384), "standard", "highmem"),
            "metal": _all((384,), *_SHC),
        },
    ),
    "t2d": Series(GENERAL, {"standard": (1, 2, 4, 8, 16, 32, 48, 60)}),
    "t2a": Series(GENERAL, {"standard": (1, 2, 4, 8, 16, 32, 48)}),
    # Compute-optimized (H3 and H4D are listed on the same page)
    "c2": Series(COMPUTE, {"standard": (4, 8, 16, 30, 60)}),
    "c2d": Series(COMPUTE, _all((*_POWERS, 56, 112), *_SHC)),
    "h3": Series(COMPUTE, {"standard": (88,)}),
    "h4d": Series(COMPUTE, {"standard": (192,), "highmem": (192,)}, {"lssd": {"highmem": (192,)}}),
    # Memory-optimized
    "m1": Series(MEMORY, {"megamem": (96,), "ultramem": (40, 80, 160)}),
    "m2": Series(MEMORY, {"megamem": (416,), "ultramem": (208, 416), "hypermem": (416,)}),
    "m3": Series(MEMORY, {"megamem": (64, 128), "ultramem": (32, 64, 128)}),
    "m4": Series(MEMORY, {"megamem": (28, 56, 112, 224), "ultramem": (56, 112, 224)}),
    "x4": Series(
        MEMORY,
        {"megamem": (960, 1440, 1920)},
        {"metal": {"megamem": (960, 1440, 1920)}},
        suffix_required=True,
    ),
    # Accelerator-optimized with vCPUs in the name (A-series name their GPUs: see GPU_SERIES)
    "g2": Series(ACCELERATOR, {"standard": (4, 8, 12, 16, 24, 32, 48, 96)}),
    "g4": Series(ACCELERATOR, {"standard": (48, 96, 192, 384)}),
    # Storage-optimized: Z3 names its ratio of vCPU to Titanium SSD.
    "z3": Series(
        STORAGE,
        {"highmem": (8, 14, 16, 22, 32, 44, 88, 176, 192)},
        {
            "standardlssd": {"highmem": (14, 22, 44, 88, 176)},
            "highlssd": {"highmem": (8, 16, 22, 32, 44, 88)},
            "highlssd-metal": {"highmem": (192,)},
        },
        suffix_required=True,
    ),
}

# Accelerator-optimized series name their GPUs, not their vCPUs: class -> GPUs -> vCPUs
# (the GPU-count tables of the "Accelerator-optimized machine family" page).
GPU_SERIES: dict[str, dict[str, dict[int, int]]] = {
    "a2": {
        "highgpu": {1: 12, 2: 24, 4: 48, 8: 96},
        "megagpu": {16: 96},
        "ultragpu": {1: 12, 2: 24, 4: 48, 8: 96},
    },
    "a3": {
        "highgpu": {1: 26, 2: 52, 4: 104, 8: 208},
        "megagpu": {8: 208},
        "edgegpu": {8: 208},
        "ultragpu": {8: 224},
    },
    "a4": {"highgpu": {8: 224}},
    "a4x": {"highgpu": {4: 140}},
}

# Shared-core types: their name gives no vCPU count. Their sustained capacity is a fraction of
# a core, counted as the General-purpose page documents it (e2-medium's 2 burstable vCPU share
# 1 core, counted as 1 so it never passes a 4 vCPU floor by bursting).
SHARED_CORE: dict[str, float] = {
    "e2-micro": 0.25,
    "e2-small": 0.5,
    "e2-medium": 1,
    "f1-micro": 0.2,
    "g1-small": 0.5,
}


@dataclass(frozen=True)
class CustomLimits:
    """What a custom machine type of one series may ask for ("Create a VM with a custom machine type")."""

    vcpus: tuple[int, ...]
    min_mb_per_vcpu: int
    max_mb_per_vcpu: int
    # Largest memory with `-ext` (extended memory); None when the series has no extended memory.
    ext_max_mb: int | None


# Keyed by the name's prefix: N1's custom types are written `custom-<vCPUs>-<MB>`. The E2, N2,
# N2D and N1 limits are those of Google's "Create VMs with custom machine types" sample, which
# checks a request the way the page describes; N4's are those of the General-purpose page.
CUSTOM_SERIES: dict[str, CustomLimits] = {
    "e2": CustomLimits(_steps(2, 32, 2), 512, 8192, None),
    "n2": CustomLimits((*_steps(2, 32, 2), *_steps(36, 128, 4)), 512, 8192, 624 * 1024),
    "n2d": CustomLimits((2, 4, 8, 16, 32, 48, 64, 80, 96), 512, 8192, 768 * 1024),
    "n4": CustomLimits((*_steps(2, 16, 2), *_steps(20, 80, 4)), 2048, 8192, None),
    "": CustomLimits((1, *_steps(2, 96, 2)), 922, 6656, 624 * 1024),
}

# E2 shared-core custom types, `e2-custom-<micro|small|medium>-<MB>`: their memory range, and
# the vCPU they are counted as (as SHARED_CORE).
E2_SHARED_CUSTOM: dict[str, tuple[int, int, float]] = {
    "micro": (1024, 2048, 0.25),
    "small": (2048, 4096, 0.5),
    "medium": (4096, 8192, 1),
}

CUSTOM_MEMORY_STEP_MB = 256
