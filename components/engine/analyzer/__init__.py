"""The analyzer: load a CrossGuard policy pack and evaluate it on a Plan offline.

``pack`` loads a pack by path (``load_policy_pack``), ``config`` reconciles enforcement levels
and policy config as the CLI does (``reconcile_config``), ``evaluate`` runs the policies on a
Plan (``evaluate_policies``), ``report`` holds the outcome (``PolicyReport``) and ``errors``
what can go wrong.
"""

from .config import ADVISORY, DISABLED, MANDATORY, REMEDIATE, PolicySettings, reconcile_config
from .errors import PolicyConfigError, PolicyError, PolicyPackError, PolicyRuntimeError
from .evaluate import evaluate_policies
from .pack import PolicyPackDefinition, load_policy_pack
from .report import NotChecked, PolicyReport, Violation

__all__ = [
    "ADVISORY",
    "DISABLED",
    "MANDATORY",
    "REMEDIATE",
    "NotChecked",
    "PolicyConfigError",
    "PolicyError",
    "PolicyPackDefinition",
    "PolicyPackError",
    "PolicyReport",
    "PolicyRuntimeError",
    "PolicySettings",
    "Violation",
    "evaluate_policies",
    "load_policy_pack",
    "reconcile_config",
]
