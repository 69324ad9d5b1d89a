"""`meshfleet diff --against <stack>`: comparing two environments, not their names.

Two stacks differ in what names them: the environment, the name prefix every physical name
carries, the GCP project every resource names. Compared as they are, every named resource of
one is "replaced" in the other (77 replacements between dev and staging), which says nothing
about how the environments differ. So the other stack's spec is planned with those values set
to this stack's (`ENVIRONMENT_KEYS`), and what remains is the real difference: clusters,
gateways, routes, sizes, channels. `--physical` compares the plans as they are.
"""

from __future__ import annotations

import copy
from typing import Any

from .project import PLATFORM_KEY

ENVIRONMENT_KEYS: tuple[tuple[str, ...], ...] = (
    ("environment",),
    ("namePrefix",),
    ("gcp", "project"),
)
"""Spec paths that name an environment rather than shape it; taken from the stack under review."""


def _get(spec: dict[str, Any], path: tuple[str, ...]) -> tuple[bool, Any]:
    node: Any = spec
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return False, None
        node = node[key]
    return True, node


def as_environment_of(other: dict[str, Any], this: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """`other`'s stack config with the environment-naming values of `this` one's spec.

    Returns the config and the spec paths that were set aside (changed), in spec notation. A
    path present on one side only is left as it is: it is a real difference (an AKS-only stack
    has no GCP project to align).
    """
    config = copy.deepcopy(other)
    theirs, ours = config.get(PLATFORM_KEY), this.get(PLATFORM_KEY)
    if not isinstance(theirs, dict) or not isinstance(ours, dict):
        return config, []
    aligned: list[str] = []
    for path in ENVIRONMENT_KEYS:
        had, old = _get(theirs, path)
        has, new = _get(ours, path)
        if path == ("namePrefix",) and (had or has):
            # The prefix defaults to the environment: align what it resolves to.
            had, old = True, theirs.get("namePrefix", theirs.get("environment"))
            has, new = True, ours.get("namePrefix", ours.get("environment"))
        if not (had and has) or old == new:
            continue
        node = theirs
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = new
        aligned.append(".".join(path))
    return config, aligned
