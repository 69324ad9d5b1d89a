"""vCPU counts of Azure VM size names, for the AKS mesh capacity rule (as `machines` does for GCE).

Azure names a size `Standard_<family><vCPUs>[-<constrained vCPUs>]<features>[_<accelerator>][_v<N>]`
(https://learn.microsoft.com/azure/virtual-machines/vm-naming-conventions): the number after
the family letters is the vCPU count, and a constrained-core size (`Standard_E8-4s_v5`) runs
the second number. The D and DS series before v3 are the exception: their number is a size
index, not a count (Standard_DS3_v2 has 4 vCPU), so they are looked up.
"""

from __future__ import annotations

import re

from .errors import quoted

# Size index -> vCPUs of the D/DS series v1 and v2 (Dv2 and DSv2 series pages on learn.microsoft.com).
_D_V2_INDEX = {1: 1, 2: 2, 3: 4, 4: 8, 5: 16, 11: 2, 12: 4, 13: 8, 14: 16, 15: 20}

# At most 3 digits of vCPUs: the largest Azure sizes have 896 (Standard_M896ixds_32_v3).
_SIZE = re.compile(
    r"^Standard_(?P<family>[A-Z]{1,3})(?P<vcpus>\d{1,3})(-(?P<constrained>\d{1,3}))?"
    r"(?P<features>[a-z]*)(?P<extra>(_[A-Za-z0-9]+)*?)(_v(?P<version>\d+))?$"
)

_EXAMPLE = "an Azure VM size name (e.g. Standard_D4s_v5)"


def azure_vcpus(vm_size: str) -> int:
    """vCPUs of an Azure VM size; ValueError when the name follows no known Azure pattern."""
    if len(vm_size) > 64:
        raise ValueError(f"{quoted(vm_size)} is not {_EXAMPLE}")
    found = _SIZE.fullmatch(vm_size)
    if found is None:
        raise ValueError(f"{quoted(vm_size)} is not {_EXAMPLE}")
    if found["constrained"] is not None:
        return int(found["constrained"])
    count = int(found["vcpus"])
    version = int(found["version"]) if found["version"] else 1
    if found["family"] in ("D", "DS") and version <= 2:
        if count not in _D_V2_INDEX:
            raise ValueError(
                f"{quoted(vm_size)} is not a size of the D/DS v1-v2 series (e.g. Standard_DS3_v2)"
            )
        return _D_V2_INDEX[count]
    if found["family"] == "A" and version < 2:
        # Basic/Standard A0-A7 (v1) are retired; their number is no count either.
        raise ValueError(f"{quoted(vm_size)} is a retired A-series size; use e.g. Standard_D4s_v5")
    if count == 0:
        raise ValueError(f"{quoted(vm_size)} is not {_EXAMPLE}")
    return count
