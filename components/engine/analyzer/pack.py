"""Loading a CrossGuard policy pack by path, without starting its analyzer server.

The pack is loaded by path, like the Pulumi CLI does: its ``PulumiPolicy.yaml`` is read and its
program (``__main__.py``) is run with ``runpy`` from the pack's directory, which is on
``sys.path`` meanwhile, exactly as ``python -m pulumi.policy`` runs it. While it runs,
``pulumi_policy.PolicyPack`` is replaced by a stand-in that records its arguments instead of
starting the analyzer's gRPC server, so any Python pack works unchanged.
"""

from __future__ import annotations

import contextlib
import os
import re
import runpy
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import pulumi_policy
import pulumi_policy.policy as policy_module
import yaml
from pulumi_policy import EnforcementLevel, Policy

from .errors import PolicyPackError

_PACK_NAME = re.compile(r"[a-zA-Z0-9-_.]{1,100}")
"""Pack names PolicyPack accepts."""


@dataclass
class PolicyPackDefinition:
    """What a pack's program passed to ``PolicyPack``, and where it came from."""

    name: str
    policies: list[Policy]
    enforcement_level: EnforcementLevel | None = None
    initial_config: dict[str, Any] | None = None
    description: str | None = None
    path: Path | None = None
    version: str | None = None
    """``version`` from PulumiPolicy.yaml, if any."""

    def policy(self, name: str) -> Policy:
        for candidate in self.policies:
            if candidate.name == name:
                return candidate
        raise KeyError(f"no policy {name!r} in pack {self.name}")


class _CapturingPolicyPack:
    """Stands in for ``pulumi_policy.PolicyPack`` while a pack's program runs."""

    captured: ClassVar[list[PolicyPackDefinition]] = []

    def __init__(
        self,
        name: str,
        policies: list[Policy],
        enforcement_level: EnforcementLevel | None = None,
        initial_config: dict[str, Any] | None = None,
        description: str | None = None,
        **_metadata: Any,
    ) -> None:
        # The checks PolicyPack makes before it starts serving, so a pack that the real
        # analyzer would refuse is refused here too.
        if not isinstance(name, str) or _PACK_NAME.fullmatch(name) is None:
            raise TypeError(f"Invalid policy pack name {name!r}")
        if not policies or not isinstance(policies, list) or not all(isinstance(p, Policy) for p in policies):
            raise TypeError("Expected policies to be a non-empty list of policies")
        names = [p.name for p in policies]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise TypeError(f"Duplicate policy names: {', '.join(duplicates)}")
        if enforcement_level is not None and not isinstance(enforcement_level, EnforcementLevel):
            raise TypeError("Expected enforcement_level to be an EnforcementLevel")
        if initial_config is not None and not isinstance(initial_config, dict):
            raise TypeError("Expected initial_config to be a dict")
        self.captured.append(
            PolicyPackDefinition(name, list(policies), enforcement_level, initial_config, description)
        )


@contextlib.contextmanager
def _pack_directory(directory: Path, capture: type[_CapturingPolicyPack]) -> Iterator[None]:
    """Run from the pack's directory with PolicyPack replaced; modules the pack imported from its
    directory are dropped afterwards, so the next load (maybe of another pack) imports its own."""
    previous_cwd = os.getcwd()
    previous_modules = set(sys.modules)
    originals = (pulumi_policy.PolicyPack, policy_module.PolicyPack)
    pulumi_policy.PolicyPack = capture  # type: ignore[misc,assignment]
    policy_module.PolicyPack = capture  # type: ignore[misc,assignment]
    os.chdir(directory)
    try:
        yield
    finally:
        pulumi_policy.PolicyPack, policy_module.PolicyPack = originals  # type: ignore[misc]
        os.chdir(previous_cwd)
        for name in set(sys.modules) - previous_modules:
            module_file = getattr(sys.modules[name], "__file__", None)
            if module_file and Path(module_file).resolve().is_relative_to(directory):
                del sys.modules[name]


def load_policy_pack(path: str | Path) -> PolicyPackDefinition:
    """Load the Python policy pack in directory ``path`` without starting its analyzer server."""
    directory = Path(path).resolve()
    manifest = directory / "PulumiPolicy.yaml"
    if not manifest.is_file():
        raise PolicyPackError(f"no policy pack at {directory}: PulumiPolicy.yaml not found")
    try:
        project = yaml.safe_load(manifest.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise PolicyPackError(f"{manifest} is not valid YAML: {' '.join(str(exc).split())}") from None
    runtime = project.get("runtime") if isinstance(project, dict) else None
    runtime_name = runtime.get("name") if isinstance(runtime, dict) else runtime
    if runtime_name != "python":
        raise PolicyPackError(f"{manifest}: runtime {runtime_name!r}; only Python packs run offline")
    program = (directory / str(project.get("main") or ".")).resolve()
    if not (program / "__main__.py").is_file() and not program.is_file():
        raise PolicyPackError(f"no policy pack program at {program}")

    class Capture(_CapturingPolicyPack):
        captured: ClassVar[list[PolicyPackDefinition]] = []

    with _pack_directory(directory, Capture):
        try:
            # As `python -m pulumi.policy` does: a directory runs its __main__.py, with the
            # directory on sys.path.
            runpy.run_path(str(program), run_name="__main__")
        except Exception as exc:
            raise PolicyPackError(
                f"policy pack {directory} failed to load: {type(exc).__name__}: {exc}"
            ) from exc
    if len(Capture.captured) != 1:
        raise PolicyPackError(
            f"policy pack {directory} constructed {len(Capture.captured)} PolicyPack objects; expected one"
        )
    definition = Capture.captured[0]
    definition.path = directory
    version = project.get("version")
    definition.version = None if version is None else str(version)
    return definition
