"""`meshfleet preview --cluster C --type T`: the part of a plan a reader asked to see.

A filter narrows what is printed (tree and counts) only: the plan, the manifests, the policy
report and the baseline line are always the whole stack's, since `pulumi up` runs all of it.

A resource is a cluster's when its name is the platform's name for that cluster (`mesh-tokyo-1`,
`mesh-tokyo-1-pool`, `mesh-tokyo-1/istio-ingressgateway`, `mesh-csm-tokyo-1`), when it is
deployed through a provider of that cluster (the Multi Cluster Ingress objects on the config
cluster), or when its parent is. A type filter matches the type token, case-insensitively, in
part (`Deployment`, `gcp:container`).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from components.engine import Plan, PlannedResource


def _names_cluster(name: str, cluster: str) -> bool:
    # The cluster's name as a whole dash-separated part, before a role or a '/': tokyo-1 is not
    # tokyo-10. The first part (the platform's own name) never names a cluster.
    first = name.split("/", 1)[0]
    return re.search(rf"-{re.escape(cluster)}(-|$)", first) is not None


def selected(plan: Plan, clusters: list[str], types: list[str]) -> list[PlannedResource]:
    """The resources that pass every filter given, in plan order (all of them without filters)."""
    by_urn = {r.urn: r for r in plan}
    chosen: dict[str, bool] = {}

    def of_cluster(resource: PlannedResource) -> bool:
        if resource.urn in chosen:
            return chosen[resource.urn]
        chosen[resource.urn] = False  # a cycle (none is expected) ends here
        found = any(_names_cluster(resource.name, c) for c in clusters) or any(
            (other := by_urn.get(urn)) is not None and of_cluster(other)
            for urn in (resource.provider, resource.parent)
            if urn
        )
        chosen[resource.urn] = found
        return found

    wanted = [t.lower() for t in types]
    return [
        r
        for r in plan
        if (not clusters or of_cluster(r)) and (not wanted or any(t in r.type.lower() for t in wanted))
    ]


def narrowed(plan: Plan, keep: list[PlannedResource]) -> Plan:
    """`plan` with only `keep` and their ancestors, so that the tree still shows where each sits."""
    from components.engine import Plan

    by_urn = {r.urn: r for r in plan}
    urns = {r.urn for r in keep}
    for resource in keep:
        parent = resource.parent
        while parent and parent in by_urn and parent not in urns:
            urns.add(parent)
            parent = by_urn[parent].parent
    return Plan(project=plan.project, stack=plan.stack, resources=[r for r in plan if r.urn in urns])


def counts(resources: list[PlannedResource]) -> dict[str, int]:
    """Resources per type, sorted by type, the stack included: `pulumi preview` counts it too."""
    return dict(sorted(Counter(r.type for r in resources).items()))
