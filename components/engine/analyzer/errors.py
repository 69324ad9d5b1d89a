"""The errors of the offline policy runner.

``PolicyError`` is the base of all of them; a caller tells apart a pack that cannot be loaded
(``PolicyPackError``), a policy config that is malformed or breaks a schema
(``PolicyConfigError``) and a policy that raised while checking (``PolicyRuntimeError``).
"""

from __future__ import annotations


class PolicyError(Exception):
    """Base of the errors of this module."""


class PolicyPackError(PolicyError):
    """The pack cannot be loaded: no such directory, no PulumiPolicy.yaml, not a Python pack,
    its program raised or constructed no PolicyPack."""


class PolicyConfigError(PolicyError):
    """A policy config (a `--policy-pack-config` file's content) is malformed or breaks a schema."""


class PolicyRuntimeError(PolicyError):
    """A policy raised while checking (a bug in the policy); ``__cause__`` is the exception."""
