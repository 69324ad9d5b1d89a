"""The offline engine: run any Pulumi program without the cloud, and work with what it would do.

It knows nothing of meshfleet's components: it runs a Python Pulumi program exactly as the
Pulumi Python host would, in preview mode, under the SDK's mock monitor. Its subsystems share
one model, the ``Plan`` (``plan``): every resource the program registers, as plain data.

- ``recorder``: run a program and record its Plan (``run_program``, ``load_stack_config``);
- ``diff``: compare two Plans the way a reviewer reads ``pulumi preview --diff`` (``diff_plans``)
  and render the review (``render_diff``);
- ``analyzer``: load a CrossGuard policy pack and evaluate it on a Plan offline, as
  ``pulumi preview --policy-pack`` would (``load_policy_pack``, ``evaluate_policies``), on the
  program's inputs or on the planned state a real preview shows stack policies (``planned_state``).

``manifests`` derives the hydrated Kubernetes manifests from a Plan. This package re-exports
the public API of all of them.
"""

from .analyzer import (
    NotChecked,
    PolicyConfigError,
    PolicyError,
    PolicyPackDefinition,
    PolicyPackError,
    PolicyReport,
    PolicyRuntimeError,
    PolicyView,
    Violation,
    evaluate_policies,
    load_policy_pack,
    planned_state,
    reconcile_config,
)
from .diff import (
    PlanDiff,
    PropertyChange,
    ResourceChange,
    diff_plans,
    render_diff,
    render_lines,
    resource_key,
)
from .join import join_plans
from .manifests import kubernetes_manifests, write_manifests
from .plan import SECRET, UNKNOWN, Plan, PlannedResource
from .recorder import (
    STACK_REFERENCE_TYPE,
    ProgramError,
    StackReferences,
    UnresolvedStackReference,
    load_stack_config,
    make_urn,
    run_program,
)

__all__ = [
    "SECRET",
    "STACK_REFERENCE_TYPE",
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
    "PolicyView",
    "ProgramError",
    "PropertyChange",
    "ResourceChange",
    "StackReferences",
    "UnresolvedStackReference",
    "Violation",
    "diff_plans",
    "evaluate_policies",
    "join_plans",
    "kubernetes_manifests",
    "load_policy_pack",
    "load_stack_config",
    "make_urn",
    "planned_state",
    "reconcile_config",
    "render_diff",
    "render_lines",
    "resource_key",
    "run_program",
    "write_manifests",
]
