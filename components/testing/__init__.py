"""Offline engine: run any Pulumi program under the SDK's mock monitor and record a Plan.

It knows nothing about meshfleet's components: it runs a program exactly as the Pulumi
Python host would, in preview mode, and records every resource registration.
"""

from .diff import PlanDiff, PropertyChange, ResourceChange, diff_plans, resource_key
from .engine import ProgramError, load_stack_config, make_urn, run_program
from .manifests import kubernetes_manifests, write_manifests
from .plan import SECRET, UNKNOWN, Plan, PlannedResource
from .policy import (
    NotChecked,
    PolicyConfigError,
    PolicyError,
    PolicyPackDefinition,
    PolicyPackError,
    PolicyReport,
    PolicyRuntimeError,
    Violation,
    evaluate_policies,
    load_policy_pack,
    reconcile_config,
)

__all__ = [
    "SECRET",
    "UNKNOWN",
    "NotChecked",
    "Plan",
    "PlanDiff",
    "PlannedResource",
    "PolicyConfigError",
    "PolicyError",
    "PolicyPackDefinition",
    "PolicyPackError",
    "PolicyReport",
    "PolicyRuntimeError",
    "ProgramError",
    "PropertyChange",
    "ResourceChange",
    "Violation",
    "diff_plans",
    "evaluate_policies",
    "kubernetes_manifests",
    "load_policy_pack",
    "load_stack_config",
    "make_urn",
    "reconcile_config",
    "resource_key",
    "run_program",
    "write_manifests",
]
