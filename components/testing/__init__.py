"""Offline engine: run any Pulumi program under the SDK's mock monitor and record a Plan.

It knows nothing about meshfleet's components: it runs a program exactly as the Pulumi
Python host would, in preview mode, and records every resource registration.
"""

from .engine import ProgramError, load_stack_config, make_urn, run_program
from .manifests import kubernetes_manifests, write_manifests
from .plan import SECRET, UNKNOWN, Plan, PlannedResource

__all__ = [
    "SECRET",
    "UNKNOWN",
    "Plan",
    "PlannedResource",
    "ProgramError",
    "kubernetes_manifests",
    "load_stack_config",
    "make_urn",
    "run_program",
    "write_manifests",
]
