"""The analyzer: load a CrossGuard policy pack and evaluate it on a Plan offline.

``pack`` loads a pack by path (``load_policy_pack``), ``config`` reconciles enforcement levels
and policy config as the CLI does (``reconcile_config``), ``evaluate`` runs the policies on a
Plan (``evaluate_policies``) in one of two views, the program's inputs or the planned state a
real preview shows stack policies (``planned``: ``planned_state``), ``report`` holds the outcome
(``PolicyReport``) and ``errors`` what can go wrong.
"""

from .config import ADVISORY, DISABLED, MANDATORY, REMEDIATE, PolicySettings, reconcile_config
from .errors import PolicyConfigError, PolicyError, PolicyPackError, PolicyRuntimeError
from .evaluate import VIEWS, PolicyView, evaluate_policies
from .pack import PolicyPackDefinition, load_policy_pack
from .planned import planned_state
from .report import NotChecked, PolicyReport, Violation

__all__ = [
    "ADVISORY",
    "DISABLED",
    "MANDATORY",
    "REMEDIATE",
    "VIEWS",
    "NotChecked",
    "PolicyConfigError",
    "PolicyError",
    "PolicyPackDefinition",
    "PolicyPackError",
    "PolicyReport",
    "PolicyRuntimeError",
    "PolicySettings",
    "PolicyView",
    "Violation",
    "evaluate_policies",
    "load_policy_pack",
    "planned_state",
    "reconcile_config",
]
