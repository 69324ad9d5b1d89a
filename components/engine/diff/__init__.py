"""The diff: compare two Plans the way a reviewer reads ``pulumi preview --diff``.

``plans`` holds ``diff_plans`` and describes what a diff holds; the parts live in their own
modules: ``keys`` (resource keys), ``paths`` (property paths), ``model`` (``PlanDiff`` and its
changes), ``compare`` (pairing and per-resource changes), ``replacements`` (the curated table of
changes that replace a resource), ``cascade`` (replacement cascades) and ``render`` (the review).
"""

from .compare import diff_values
from .keys import resource_key
from .model import Action, ChangeKind, Counts, PlanDiff, PropertyChange, ResourceChange
from .paths import rule_path
from .plans import diff_plans
from .render import render_diff, render_lines, show

__all__ = [
    "Action",
    "ChangeKind",
    "Counts",
    "PlanDiff",
    "PropertyChange",
    "ResourceChange",
    "diff_plans",
    "diff_values",
    "render_diff",
    "render_lines",
    "resource_key",
    "rule_path",
    "show",
]
