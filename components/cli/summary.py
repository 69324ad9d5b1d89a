"""`meshfleet preview --json`: the preview's outcome for a machine, one JSON object on stdout.

What a CI job needs to decide without parsing the review: the counts (per type and total, the
stack included as `pulumi preview` counts it), where the plan and manifests were written, the
policy results, and the stack's standing against its accepted baseline. Keys are stable;
additions only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .app import UserError
from .diff import baseline_path, diff_command, load_plan_file

if TYPE_CHECKING:
    from components.engine import Plan, PolicyPackDefinition, PolicyReport

    from .project import Project


@dataclass(frozen=True)
class View:
    """What the reader asked to see of a preview: the JSON summary, the summary without the tree,
    or the tree and counts narrowed to clusters and types (`filters`)."""

    as_json: bool = False
    summary: bool = False
    clusters: tuple[str, ...] = ()
    types: tuple[str, ...] = ()


def policies_json(report: PolicyReport | None, pack: PolicyPackDefinition | None) -> dict[str, Any]:
    """The policy report as data; `{"ran": false}` under --no-policy."""
    if report is None or pack is None:
        return {"ran": False}
    return {
        "ran": True,
        "pack": pack.name,
        "policies": len(pack.policies),
        "mandatory": len(report.mandatory),
        "advisory": len(report.advisory),
        "violations": [
            {
                "policy": v.policy_name,
                "enforcement_level": v.enforcement_level,
                "resource": v.resource_name,
                "type": v.resource_type,
                "urn": v.urn,
                "message": v.message,
            }
            for v in report.violations
        ],
        "not_checked": [
            {"policy": n.policy_name, "urn": n.urn, "message": n.message} for n in report.not_checked
        ],
    }


def baseline_json(project: Project | None, plan: Plan, config_file: Path | None) -> dict[str, Any]:
    """`status`: `none` (no baseline, or not a meshfleet stack), `unreadable`, `no changes` or
    `changes` with the diff's counts and the command that shows it."""
    if project is None:
        return {"status": "none"}
    path = baseline_path(project, plan.stack)
    if not path.is_file():
        return {"status": "none", "file": str(path)}
    try:
        accepted = load_plan_file(path)
    except UserError as exc:
        return {"status": "unreadable", "file": str(path), "error": str(exc)}
    from components.engine import diff_plans

    found = diff_plans(accepted, plan)
    if not found.has_changes:
        return {"status": "no changes", "file": str(path)}
    return {
        "status": "changes",
        "file": str(path),
        "summary": found.to_dict()["summary"],
        "review": diff_command(plan.stack, config_file),
    }


def preview_json(
    plan: Plan,
    counts: dict[str, int],
    written: tuple[Path, Path, int],
    policies: dict[str, Any],
    baseline: dict[str, Any],
) -> str:
    plan_file, manifests, objects = written
    data = {
        "project": plan.project,
        "stack": plan.stack,
        "counts": counts,
        "total": sum(counts.values()),
        "plan": str(plan_file),
        "manifests": {"dir": str(manifests), "objects": objects},
        "policies": policies,
        "baseline": baseline,
    }
    return json.dumps(data, indent=2, sort_keys=True) + "\n"
