"""vCPUs of machine types, read from their names (no cloud API needed).

The pack is published on its own, so it has its own parser rather than meshfleet's. A name
that follows no known pattern gives None: the capacity policy then leaves it unchecked
instead of guessing.
"""

from __future__ import annotations

import re

# GCE shared-core types: their sustained capacity is a fraction of a core, counted as GCE
# documents it, so bursting never lets them pass a vCPU floor.
_GCE_SHARED_CORE = {
    "e2-micro": 0.25,
    "e2-small": 0.5,
    "e2-medium": 1.0,
    "f1-micro": 0.2,
    "g1-small": 0.5,
}
# <family>-<class>-<vcpus>[-<suffix>...]: e2-standard-4, n2d-highmem-16, c3-standard-8-lssd,
# c4-standard-288-lssd-metal (local SSD and bare metal together)
_GCE_PREDEFINED = re.compile(r"[a-z][a-z0-9]*-[a-z]+-(?P<vcpus>\d+)(-[a-z0-9]+)*")
# [<family>-]custom-<vcpus>-<memory MB>[-ext]: custom-4-16384, n2-custom-8-32768-ext
_GCE_CUSTOM = re.compile(r"([a-z][a-z0-9]*-)?custom-(?P<vcpus>\d+)-\d+(-ext)?")

GKE_DEFAULT_MACHINE_TYPE = "e2-medium"
"""What GKE gives a node pool that names no machine type."""

# Standard_<family letters><vcpus>[-<constrained vcpus>]<features>[_v<n>]:
# Standard_D4s_v5 (4), Standard_E8-4ds_v5 (4 active of 8), Standard_B2ms (2), Standard_DS2_v2 (2).
_AZURE = re.compile(r"(?i)(standard|basic)_(?P<family>[a-z]+)(?P<vcpus>\d+)(-(?P<active>\d+))?[a-z]*(_.*)?")


def gce_vcpus(machine_type: str) -> float | None:
    """vCPUs of a GCE machine type, or None when the name follows no known pattern."""
    if machine_type in _GCE_SHARED_CORE:
        return _GCE_SHARED_CORE[machine_type]
    for pattern in (_GCE_CUSTOM, _GCE_PREDEFINED):
        found = pattern.fullmatch(machine_type)
        if found:
            return float(found["vcpus"])
    return None


def azure_vcpus(vm_size: str) -> float | None:
    """vCPUs of an Azure VM size (the active ones for constrained sizes), or None."""
    found = _AZURE.fullmatch(vm_size)
    if not found:
        return None
    return float(found["active"] or found["vcpus"])
