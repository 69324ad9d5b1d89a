"""GCE machine types: checked against Compute Engine's families and shapes, with their vCPUs.

A predefined type is `<family>-<class>-<vCPUs>[-<suffix>]` (`e2-standard-4`, `c3-standard-8-lssd`);
each family offers some classes, each in fixed vCPU counts. A typo such as `e2-standrd-4` or a
shape that does not exist (`e2-standard-6`) is refused here, before the provider would fail at
`pulumi up` after the diff showed every node recreated. Accelerator-optimized types name their
GPUs, not their vCPUs (`a2-highgpu-1g`, 12 vCPU), so they are looked up.

The shapes are those of Google's "Machine families resource and comparison guide" and the
per-family pages it links (General-purpose, Compute-optimized, Memory-optimized,
Accelerator-optimized and Storage-optimized machine families), as of 2026-12. A family Google
adds later is refused until it is added below: the error names the families known.
"""

from __future__ import annotations

import re

from .errors import quoted

_POWERS = (2, 4, 8, 16, 32)

# family -> class -> vCPU counts of its predefined types.
_FAMILIES: dict[str, dict[str, tuple[int, ...]]] = {
    # General-purpose
    "e2": {"standard": _POWERS, "highmem": (2, 4, 8, 16), "highcpu": _POWERS},
    "n1": {
        "standard": (1, 2, 4, 8, 16, 32, 64, 96),
        "highmem": (2, 4, 8, 16, 32, 64, 96),
        "highcpu": (2, 4, 8, 16, 32, 64, 96),
    },
    "n2": {
        "standard": (*_POWERS, 48, 64, 80, 96, 128),
        "highmem": (*_POWERS, 48, 64, 80, 96, 128),
        "highcpu": (*_POWERS, 48, 64, 80, 96),
    },
    "n2d": {
        "standard": (*_POWERS, 48, 64, 80, 96, 128, 224),
        "highmem": (*_POWERS, 48, 64, 80, 96),
        "highcpu": (*_POWERS, 48, 64, 80, 96, 128, 224),
    },
    "n4": {c: (*_POWERS, 48, 64, 80) for c in ("standard", "highmem", "highcpu")},
    "c3": {c: (4, 8, 22, 44, 88, 176) for c in ("standard", "highmem", "highcpu")},
    "c3d": {c: (4, 8, 16, 30, 60, 90, 180, 360) for c in ("standard", "highmem", "highcpu")},
    "c4": {c: (*_POWERS, 48, 96, 144, 192, 288) for c in ("standard", "highmem", "highcpu")},
    "c4a": {c: (1, *_POWERS, 48, 64, 72) for c in ("standard", "highmem", "highcpu")},
    "c4d": {c: (*_POWERS, 48, 64, 96, 192, 384) for c in ("standard", "highmem", "highcpu")},
    "t2d": {"standard": (1, 2, 4, 8, 16, 32, 48, 60)},
    "t2a": {"standard": (1, 2, 4, 8, 16, 32, 48)},
    # Compute-optimized
    "c2": {"standard": (4, 8, 16, 30, 60)},
    "c2d": {c: (*_POWERS, 56, 112) for c in ("standard", "highmem", "highcpu")},
    "h3": {"standard": (88,)},
    # Memory-optimized
    "m1": {"megamem": (96,), "ultramem": (40, 80, 160)},
    "m2": {"megamem": (416,), "ultramem": (208, 416), "hypermem": (416,)},
    "m3": {"megamem": (64, 128), "ultramem": (32, 64, 128)},
    # Accelerator-optimized with vCPUs in the name
    "g2": {"standard": (4, 8, 12, 16, 24, 32, 48, 96)},
    # Storage-optimized
    "z3": {"highmem": (8, 14, 16, 22, 32, 44, 88, 176)},
}

# Suffixes a predefined type may carry, by family: local SSD variants.
_SUFFIXES: dict[str, tuple[str, ...]] = {
    "c3": ("lssd",),
    "c3d": ("lssd",),
    "c4": ("lssd",),
    "c4a": ("lssd",),
    "c4d": ("lssd",),
    "z3": ("highlssd", "standardlssd"),
}

# Types whose name gives no vCPU count: shared-core ones (their sustained capacity is a
# fraction of a core, counted as GCE documents it: e2-medium's 2 burstable vCPU share 1 core,
# counted as 1 so it never passes a 4 vCPU floor by bursting) and accelerator-optimized ones.
_NAMED: dict[str, float] = {
    "e2-micro": 0.25,
    "e2-small": 0.5,
    "e2-medium": 1,
    "f1-micro": 0.2,
    "g1-small": 0.5,
    "a2-highgpu-1g": 12,
    "a2-highgpu-2g": 24,
    "a2-highgpu-4g": 48,
    "a2-highgpu-8g": 96,
    "a2-megagpu-16g": 96,
    "a2-ultragpu-1g": 12,
    "a2-ultragpu-2g": 24,
    "a2-ultragpu-4g": 48,
    "a2-ultragpu-8g": 96,
    "a3-highgpu-1g": 26,
    "a3-highgpu-2g": 52,
    "a3-highgpu-4g": 104,
    "a3-highgpu-8g": 208,
    "a3-megagpu-8g": 208,
    "a3-edgegpu-8g": 208,
    "a3-ultragpu-8g": 224,
}

# Families with custom machine types, `<family>-custom-<vCPUs>-<memory MB>[-ext]`; N1's are
# written `custom-<vCPUs>-<memory MB>`.
_CUSTOM_FAMILIES = ("e2", "n2", "n2d", "n4")

_PREDEFINED = re.compile(
    r"(?P<family>[a-z][a-z0-9]*)-(?P<cls>[a-z]+)-(?P<vcpus>\d{1,4})(-(?P<suffix>[a-z]+))?"
)
_CUSTOM = re.compile(r"((?P<family>[a-z][a-z0-9]*)-)?custom-(?P<vcpus>\d{1,4})-\d{1,8}(-ext)?")

_EXAMPLE = "e.g. e2-standard-4"


def _words(items: list[str] | tuple[str, ...] | list[int] | tuple[int, ...]) -> str:
    shown = [str(i) for i in items]
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} or {shown[-1]}"


def vcpus(machine_type: str) -> float:
    """vCPUs of a GCE machine type; ValueError naming what is wrong when GCE has no such type."""
    # GCE names are at most 63 characters; a longer one is no machine type (and is not echoed whole).
    if len(machine_type) > 63:
        raise ValueError(f"{quoted(machine_type)} is not a GCE machine type name ({_EXAMPLE})")
    if machine_type in _NAMED:
        return _NAMED[machine_type]
    custom = _CUSTOM.fullmatch(machine_type)
    if custom:
        family = custom["family"]
        if family is not None and family not in _CUSTOM_FAMILIES:
            raise ValueError(
                f"{quoted(machine_type)}: {family} has no custom machine types "
                f"(custom types are {', '.join(f'{f}-custom-...' for f in _CUSTOM_FAMILIES)} and custom-...)"
            )
        return int(custom["vcpus"])
    found = _PREDEFINED.fullmatch(machine_type)
    if found is None:
        raise ValueError(f"{quoted(machine_type)} is not a GCE machine type name ({_EXAMPLE})")
    family, cls, count, suffix = found["family"], found["cls"], int(found["vcpus"]), found["suffix"]
    classes = _FAMILIES.get(family)
    if classes is None:
        raise ValueError(
            f"{quoted(machine_type)}: {family} is not a GCE machine family "
            f"(known: {', '.join(sorted(_FAMILIES))})"
        )
    if cls not in classes:
        raise ValueError(f"{quoted(machine_type)}: {family} has no {cls!r} types ({_words(sorted(classes))})")
    if count not in classes[cls]:
        raise ValueError(
            f"{quoted(machine_type)}: {family}-{cls} comes with {_words(classes[cls])} vCPUs, not {count}"
        )
    if suffix is not None and suffix not in _SUFFIXES.get(family, ()):
        allowed = _SUFFIXES.get(family)
        what = f"-{_words(list(allowed))}" if allowed else "no suffix"
        raise ValueError(f"{quoted(machine_type)}: {family} types take {what}, not -{suffix}")
    return count
