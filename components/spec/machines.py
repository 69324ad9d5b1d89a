"""GCE machine types: checked against Compute Engine's series, classes and shapes, with their vCPUs.

A predefined type is `<series>-<class>-<vCPUs>[-<suffix>]` (`e2-standard-4`, `c3-standard-8-lssd`,
`x4-megamem-960-metal`); each series offers some classes, each in fixed vCPU counts, and some
shapes in suffixed variants. A typo such as `e2-standrd-4` or a shape that does not exist
(`e2-standard-6`) is refused here, before the provider would fail at `pulumi up` after the diff
showed every node recreated. Accelerator-optimized A-series types name their GPUs, not their
vCPUs (`a2-highgpu-1g`, 12 vCPU), so they are looked up. Custom types,
`<series>-custom-<vCPUs>-<memory MB>[-ext]` (N1: `custom-...`), are checked against the limits
of Google's "Create a VM with a custom machine type". The data, and the page each series is
documented on, is in `gce_families`.
"""

from __future__ import annotations

import re

from .errors import quoted
from .gce_families import (
    CUSTOM_MEMORY_STEP_MB,
    CUSTOM_SERIES,
    E2_SHARED_CUSTOM,
    GPU_SERIES,
    SERIES,
    SHARED_CORE,
    CustomLimits,
)

_PREDEFINED = re.compile(
    r"(?P<family>[a-z][a-z0-9]*)-(?P<cls>[a-z]+)-(?P<vcpus>\d{1,4})(-(?P<suffix>[a-z]+(-[a-z]+)?))?"
)
_GPU = re.compile(r"(?P<family>[a-z][a-z0-9]*)-(?P<cls>[a-z]+gpu)-(?P<gpus>\d{1,2})g")
_CUSTOM = re.compile(
    r"((?P<family>[a-z][a-z0-9]*)-)?custom-(?P<vcpus>\d{1,4}|micro|small|medium)-(?P<mb>\d{1,8})(?P<ext>-ext)?"
)

_EXAMPLE = "e.g. e2-standard-4"


def _words(items: list[str] | tuple[str, ...] | list[int] | tuple[int, ...]) -> str:
    shown = [str(i) for i in items]
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} or {shown[-1]}"


def _known_series() -> str:
    return ", ".join(sorted([*SERIES, *GPU_SERIES]))


def vcpus(machine_type: str) -> float:
    """vCPUs of a GCE machine type; ValueError naming what is wrong when GCE has no such type."""
    # GCE names are at most 63 characters; a longer one is no machine type (and is not echoed whole).
    if len(machine_type) > 63:
        raise ValueError(f"{quoted(machine_type)} is not a GCE machine type name ({_EXAMPLE})")
    if machine_type in SHARED_CORE:
        return SHARED_CORE[machine_type]
    custom = _CUSTOM.fullmatch(machine_type)
    if custom:
        return _custom(machine_type, custom)
    gpu = _GPU.fullmatch(machine_type)
    if gpu and gpu["family"] in GPU_SERIES:
        return _gpu(machine_type, gpu["family"], gpu["cls"], int(gpu["gpus"]))
    found = _PREDEFINED.fullmatch(machine_type)
    if found is None:
        raise ValueError(f"{quoted(machine_type)} is not a GCE machine type name ({_EXAMPLE})")
    return _predefined(machine_type, found["family"], found["cls"], int(found["vcpus"]), found["suffix"])


def _predefined(machine_type: str, family: str, cls: str, count: int, suffix: str | None) -> int:
    q = quoted(machine_type)
    series = SERIES.get(family)
    if series is None:
        if family in GPU_SERIES:
            raise ValueError(f"{q}: {family} types name their GPUs (e.g. {family}-{_gpu_example(family)})")
        raise ValueError(f"{q}: {family} is not a GCE machine series (known: {_known_series()})")
    classes = series.classes
    if cls not in classes:
        raise ValueError(f"{q}: {family} has no {cls!r} types ({_words(sorted(classes))})")
    suffixed = _suffixes_of(family, cls, count)
    if count not in classes[cls] and not suffixed:
        raise ValueError(f"{q}: {family}-{cls} comes with {_words(classes[cls])} vCPUs, not {count}")
    if suffix is None:
        # Bare-metal-only sizes (`c3-highcpu-192-metal`) exist only with their suffix.
        if series.suffix_required or count not in classes[cls]:
            raise ValueError(f"{q}: {family} types carry a suffix ({_words([f'-{s}' for s in suffixed])})")
        return count
    if not series.variants:
        raise ValueError(f"{q}: {family} types take no suffix, not -{suffix}")
    if suffix not in suffixed:
        offered = series.variants.get(suffix, {}).get(cls)
        if offered:
            why = f"{family}-{cls}-...-{suffix} comes with {_words(offered)} vCPUs, not {count}"
        elif suffix in series.variants:
            why = f"{family}-{cls} has no -{suffix} variant"
        else:
            why = f"{family} suffixes are {_words([f'-{s}' for s in series.variants])}"
        raise ValueError(f"{q}: {why}")
    return count


def _suffixes_of(family: str, cls: str, count: int) -> list[str]:
    return [s for s, by_class in SERIES[family].variants.items() if count in by_class.get(cls, ())]


def _gpu(machine_type: str, family: str, cls: str, gpus: int) -> int:
    q = quoted(machine_type)
    classes = GPU_SERIES[family]
    if cls not in classes:
        raise ValueError(f"{q}: {family} has no {cls!r} types ({_words(sorted(classes))})")
    if gpus not in classes[cls]:
        raise ValueError(f"{q}: {family}-{cls} comes with {_words(sorted(classes[cls]))} GPUs, not {gpus}")
    return classes[cls][gpus]


def _custom(machine_type: str, found: re.Match[str]) -> float:
    q = quoted(machine_type)
    family = found["family"] or ""
    size, memory, ext = found["vcpus"], int(found["mb"]), found["ext"] is not None
    written = f"{family}-custom-..." if family else "custom-..."
    if family not in CUSTOM_SERIES:
        known = ", ".join(f"{f}-custom-..." if f else "custom-... (N1)" for f in CUSTOM_SERIES)
        raise ValueError(f"{q}: {family} has no custom machine types (custom types are {known})")
    if memory % CUSTOM_MEMORY_STEP_MB:
        raise ValueError(f"{q}: custom memory is a multiple of {CUSTOM_MEMORY_STEP_MB} MB, not {memory}")
    if not size.isdigit():
        return _e2_shared_custom(machine_type, family, size, memory, ext)
    limits = CUSTOM_SERIES[family]
    count = int(size)
    if count not in limits.vcpus:
        raise ValueError(f"{q}: {written} takes {_ranges(limits.vcpus)} vCPUs, not {count}")
    _custom_memory(machine_type, written, limits, count, memory, ext)
    return count


def _custom_memory(
    machine_type: str, written: str, limits: CustomLimits, count: int, memory: int, ext: bool
) -> None:
    q = quoted(machine_type)
    low, high = limits.min_mb_per_vcpu * count, limits.max_mb_per_vcpu * count
    if ext and limits.ext_max_mb is None:
        raise ValueError(f"{q}: {written} has no extended memory (-ext)")
    if memory < low:
        raise ValueError(
            f"{q}: {count} vCPUs need at least {low} MB ({limits.min_mb_per_vcpu} MB per vCPU), not {memory}"
        )
    if ext and limits.ext_max_mb is not None and memory > limits.ext_max_mb:
        raise ValueError(f"{q}: {written} extended memory goes up to {limits.ext_max_mb} MB, not {memory}")
    if not ext and memory > high:
        more = " (more needs -ext)" if limits.ext_max_mb is not None else ""
        raise ValueError(
            f"{q}: {count} vCPUs take at most {high} MB "
            f"({limits.max_mb_per_vcpu} MB per vCPU){more}, not {memory}"
        )


def _e2_shared_custom(machine_type: str, family: str, size: str, memory: int, ext: bool) -> float:
    q = quoted(machine_type)
    if family != "e2":
        raise ValueError(f"{q}: only e2 has shared-core custom types (e2-custom-{size}-...)")
    low, high, count = E2_SHARED_CUSTOM[size]
    if ext:
        raise ValueError(f"{q}: e2-custom-... has no extended memory (-ext)")
    if not low <= memory <= high:
        raise ValueError(f"{q}: e2-custom-{size} takes {low} to {high} MB, not {memory}")
    return count


def _ranges(counts: tuple[int, ...]) -> str:
    """vCPU counts as runs: (2, 4, ..., 32, 36, ..., 128) -> '2-32 in steps of 2 or 36-128 in steps of 4'."""
    runs: list[tuple[int, int, int]] = []
    i = 0
    while i < len(counts):
        start = counts[i]
        if i + 1 == len(counts):
            runs.append((start, start, 0))
            break
        step = counts[i + 1] - start
        j = i + 1
        while j + 1 < len(counts) and counts[j + 1] - counts[j] == step:
            j += 1
        if j - i >= 2:
            runs.append((start, counts[j], step))
            i = j + 1
        else:
            runs.append((start, start, 0))
            i += 1
    parts = [str(a) if not step else f"{a}-{b} in steps of {step}" for a, b, step in runs]
    return _words(parts)


def _gpu_example(family: str) -> str:
    cls, shapes = next(iter(GPU_SERIES[family].items()))
    return f"{cls}-{max(shapes)}g"
