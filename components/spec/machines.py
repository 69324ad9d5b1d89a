"""vCPU counts of GCE machine types, for the mesh capacity rule (seed 004 prerequisites)."""

from __future__ import annotations

import re

from .errors import quoted

# Shared-core types have no vCPU number in their name; their sustained capacity is a
# fraction of a core, counted here as GCE documents it (e2-medium: 2 burstable vCPU
# sharing 1 core, counted as 1 so it never passes a 4 vCPU floor by bursting).
_SHARED_CORE = {
    "e2-micro": 0.25,
    "e2-small": 0.5,
    "e2-medium": 1,
    "f1-micro": 0.2,
    "g1-small": 0.5,
}

# <family>-<class>-<vcpus>[-lssd|-<suffix>], e.g. e2-standard-4, n2d-highmem-16, c3-standard-8-lssd.
# At most 4 digits of vCPUs: the largest GCE machines have 1920, and a longer number is no machine.
_PREDEFINED = re.compile(r"^[a-z][a-z0-9]*-[a-z]+-(?P<vcpus>\d{1,4})(-[a-z0-9]+)?")
# <family>-custom-<vcpus>-<memory MB>[-ext], and legacy custom-<vcpus>-<memory MB>
_CUSTOM = re.compile(r"^([a-z][a-z0-9]*-)?custom-(?P<vcpus>\d{1,4})-\d{1,8}(-ext)?")


def vcpus(machine_type: str) -> float:
    """vCPUs of a machine type; ValueError when the name follows no known GCE pattern."""
    # GCE names are at most 63 characters; a longer one is no machine type (and is not echoed whole).
    if len(machine_type) > 63:
        raise ValueError(f"{quoted(machine_type)} is not a GCE machine type name (e.g. e2-standard-4)")
    if machine_type in _SHARED_CORE:
        return _SHARED_CORE[machine_type]
    for pattern in (_CUSTOM, _PREDEFINED):
        found = pattern.fullmatch(machine_type)
        if found:
            return int(found["vcpus"])
    raise ValueError(f"{quoted(machine_type)} is not a GCE machine type name (e.g. e2-standard-4)")
