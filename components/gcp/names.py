"""Physical names of GCP resources: the stack's prefix first, and always within GCP's limits.

Stacks that share a project share its names, so every name another stack could also want
starts with the platform's prefix (the environment by default): dev and staging then never
fight over `mesh-vpc` or `tokyo-1-master-webhooks`. A name over its limit is cut here, at
plan time, and ends in a short hash of the whole name, so two long names that share a
beginning stay apart and the same spec always gives the same name; the provider never sees
a name it would refuse at apply time.
"""

from __future__ import annotations

import hashlib

COMPUTE_NAME_LIMIT = 63
"""Networks, subnets, routers, NATs and firewall rules (RFC 1035 labels)."""
NODE_POOL_NAME_LIMIT = 40
SERVICE_ACCOUNT_ID_LIMIT = 30
"""Service account ids have 6 to 30 characters."""

_HASH_LENGTH = 6


def fit(name: str, limit: int, *, suffix: str = "") -> str:
    """`name + suffix` if it fits in `limit`, else `name` cut, a hash of it, and `suffix`.

    `suffix` (such as `-nodes`) survives the cut, so the name still says what it is.
    """
    if len(name) + len(suffix) <= limit:
        return name + suffix
    digest = hashlib.sha256(name.encode()).hexdigest()[:_HASH_LENGTH]
    room = limit - len(suffix) - _HASH_LENGTH - 1
    return f"{name[:room].rstrip('-')}-{digest}{suffix}"


def prefixed(prefix: str | None, name: str) -> str:
    """`prefix-name`, or `name` alone when there is no prefix (a component used on its own)."""
    return f"{prefix}-{name}" if prefix else name
