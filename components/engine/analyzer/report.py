"""The outcome of a policy pack on a Plan.

A ``PolicyReport`` holds the violations (mandatory or advisory, of a resource or of the stack
as a whole), the policies that could not check a resource because a value is unknown in
preview (``NotChecked``), those that declared themselves not applicable, the config entries
that were ignored, and the levels and properties the policies ran with.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .config import MANDATORY, PolicySettings


@dataclass(frozen=True)
class Violation:
    """One reported violation. ``urn``/``resource_name``/``resource_type`` are None for a stack
    policy's violation of the stack as a whole."""

    policy_name: str
    enforcement_level: str
    """``mandatory`` or ``advisory``."""
    message: str
    """The policy's message (the real CLI prints the description, then this)."""
    description: str
    urn: str | None = None
    resource_name: str | None = None
    resource_type: str | None = None

    @property
    def mandatory(self) -> bool:
        return self.enforcement_level == MANDATORY


@dataclass(frozen=True)
class NotChecked:
    """A policy that could not check a resource (or the stack) because a value is unknown in preview."""

    policy_name: str
    message: str
    urn: str | None = None


@dataclass
class PolicyReport:
    """The outcome of a pack on a Plan."""

    pack: str
    violations: list[Violation] = field(default_factory=list)
    not_checked: list[NotChecked] = field(default_factory=list)
    not_applicable: list[tuple[str, str]] = field(default_factory=list)
    """(policy name, reason) for policies that declared themselves not applicable."""
    warnings: list[str] = field(default_factory=list)
    """Config entries that were ignored."""
    settings: dict[str, PolicySettings] = field(default_factory=dict)
    """The levels and properties the policies ran with."""

    @property
    def mandatory(self) -> list[Violation]:
        return [v for v in self.violations if v.mandatory]

    @property
    def advisory(self) -> list[Violation]:
        return [v for v in self.violations if not v.mandatory]

    @property
    def mandatory_failed(self) -> bool:
        """True when a mandatory policy was violated: a real preview would fail."""
        return any(v.mandatory for v in self.violations)

    def by_policy(self) -> dict[str, list[Violation]]:
        """Violations grouped by policy, mandatory policies first, then by name."""
        grouped: dict[str, list[Violation]] = {}
        for violation in sorted(self.violations, key=lambda v: (not v.mandatory, v.policy_name)):
            grouped.setdefault(violation.policy_name, []).append(violation)
        return grouped
