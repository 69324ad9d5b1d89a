"""Run a CrossGuard policy pack on a Plan, offline, the way `pulumi preview --policy-pack DIR` would.

Loading: the pack is loaded by path, like the Pulumi CLI does: its ``PulumiPolicy.yaml`` is
read and its program (``__main__.py``) is run with ``runpy`` from the pack's directory, which
is on ``sys.path`` meanwhile, exactly as ``python -m pulumi.policy`` runs it. While it runs,
``pulumi_policy.PolicyPack`` is replaced by a stand-in that records its arguments instead of
starting the analyzer's gRPC server, so any Python pack works unchanged.

Evaluating follows the Python analyzer (``pulumi_policy.policy._PolicyAnalyzerServicer``):

- enforcement levels and config are reconciled as the CLI does: each policy's own level (else
  the pack's, else advisory) and its config schema's defaults, then the pack's
  ``initial_config``, then the user's config, each first with ``all`` (a level for every
  policy) and then per policy; ``disabled`` policies do not run; ``remediate`` reports as
  mandatory (remediations themselves are not applied offline);
- every resource of the Plan (the stack, components and providers included) goes to every
  resource policy, and all of them to every stack policy, each with its properties rebuilt
  from the Plan's inputs: ``UNKNOWN`` becomes the SDK's unknown sentinel, and the whole is
  wrapped in ``pulumi_policy.proxy.unknown_checking_proxy``. A policy that reads an unknown
  value is skipped for that resource (the real analyzer reports that as an advisory "can't
  run policy ... during preview"); here it is listed in ``PolicyReport.not_checked``;
- a ``SECRET`` value is unknown too: its clear value is never in a Plan;
- resources get their options (protect, parent, aliases, ignore_changes...) and their
  provider as a ``PolicyProviderResource`` built from the provider's planned resource; with
  the default provider (None in the Plan) there is none. Stack policies see parents,
  dependencies and property dependencies as resource objects.

What differs from a real preview: the properties are the program's inputs (a real stack
policy sees the provider's planned outputs, a superset), and resources read with ``get``
carry only what the program passed. This module knows nothing of meshfleet's components.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import os
import re
import runpy
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from inspect import isawaitable
from pathlib import Path
from typing import Any, ClassVar

import pulumi_policy
import pulumi_policy.policy as policy_module
import yaml
from pulumi_policy import (
    EnforcementLevel,
    Policy,
    PolicyCustomTimeouts,
    PolicyProviderResource,
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
)
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE, UnknownValueError, unknown_checking_proxy

from .plan import SECRET, UNKNOWN, Plan, PlannedResource

MANDATORY = EnforcementLevel.MANDATORY.value
ADVISORY = EnforcementLevel.ADVISORY.value
DISABLED = EnforcementLevel.DISABLED.value
REMEDIATE = EnforcementLevel.REMEDIATE.value
_LEVELS = {level.value: level for level in EnforcementLevel}
_NOT_APPLICABLE: type[Exception] | None = getattr(policy_module, "_NotApplicableError", None)
_PACK_NAME = re.compile(r"[a-zA-Z0-9-_.]{1,100}")
"""Pack names PolicyPack accepts."""


class PolicyError(Exception):
    """Base of the errors of this module."""


class PolicyPackError(PolicyError):
    """The pack cannot be loaded: no such directory, no PulumiPolicy.yaml, not a Python pack,
    its program raised or constructed no PolicyPack."""


class PolicyConfigError(PolicyError):
    """A policy config (a `--policy-pack-config` file's content) is malformed or breaks a schema."""


class PolicyRuntimeError(PolicyError):
    """A policy raised while checking (a bug in the policy); ``__cause__`` is the exception."""


# --- loading ---------------------------------------------------------------------------------


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


# --- configuration ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PolicySettings:
    """A policy's reconciled enforcement level and config properties."""

    enforcement_level: str
    properties: dict[str, Any] = field(default_factory=dict)


def _parse_entry(key: str, value: Any, source: str) -> tuple[str | None, dict[str, Any]]:
    """One config entry: a level string, or an object with an optional enforcementLevel."""
    if isinstance(value, EnforcementLevel):
        return value.value, {}
    if isinstance(value, str):
        if value not in _LEVELS:
            raise PolicyConfigError(f"{source}: {key}: {value!r} is not a valid enforcement level")
        return value, {}
    if isinstance(value, Mapping):
        properties = {str(k): copy.deepcopy(v) for k, v in value.items() if k != "enforcementLevel"}
        level = value.get("enforcementLevel")
        if isinstance(level, EnforcementLevel):
            level = level.value
        if level is not None and level not in _LEVELS:
            raise PolicyConfigError(f"{source}: {key}: {level!r} is not a valid enforcement level")
        return level, properties
    raise PolicyConfigError(f"{source}: {key}: {value!r} is not a valid value; must be a string or object")


def _apply(
    settings: dict[str, tuple[str, dict[str, Any]]], config: Mapping[str, Any], source: str
) -> list[str]:
    """Apply one config layer like the CLI's applyConfig; returns names matching no policy."""
    parsed = {str(key): _parse_entry(str(key), value, source) for key, value in config.items()}
    all_level = parsed.get("all", (None, {}))[0]
    if all_level is not None:
        for name, (_, properties) in settings.items():
            settings[name] = (all_level, properties)
    unknown = []
    for name, (level, properties) in parsed.items():
        if name == "all":
            continue
        if name not in settings:
            unknown.append(name)
            continue
        current_level, current_properties = settings[name]
        settings[name] = (level or current_level, {**current_properties, **properties})
    return unknown


_JSON_TYPES: dict[str, Callable[[Any], bool]] = {
    "string": lambda v: isinstance(v, str),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "integer": lambda v: (
        (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer())
    ),
    "boolean": lambda v: isinstance(v, bool),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
    "null": lambda v: v is None,
}


def _schema_errors(schema: Mapping[str, Any], value: Any, path: str) -> list[str]:
    """The common JSON Schema keywords (type, enum, items, properties, additionalProperties, required)."""
    errors = []
    expected = schema.get("type")
    if expected is not None:
        types = expected if isinstance(expected, list) else [expected]
        if not any(_JSON_TYPES.get(t, lambda _v: True)(value) for t in types):
            return [f"{path}: {value!r} is not of type {' or '.join(types)}"]
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{path}: {value!r} must be one of {', '.join(map(repr, schema['enum']))}")
    if isinstance(value, list) and isinstance(schema.get("items"), Mapping):
        for index, item in enumerate(value):
            errors += _schema_errors(schema["items"], item, f"{path}[{index}]")
    if isinstance(value, dict):
        properties = schema.get("properties") or {}
        for key in schema.get("required") or []:
            if key not in value:
                errors.append(f"{path}: {key} is required")
        for key, item in value.items():
            if key in properties:
                errors += _schema_errors(properties[key], item, f"{path}.{key}")
            elif isinstance(schema.get("additionalProperties"), Mapping):
                errors += _schema_errors(schema["additionalProperties"], item, f"{path}.{key}")
            elif schema.get("additionalProperties") is False:
                errors.append(f"{path}: unexpected property {key}")
    return errors


def reconcile_config(
    pack: PolicyPackDefinition, config: Mapping[str, Any] | None = None
) -> tuple[dict[str, PolicySettings], list[str]]:
    """Every policy's level and properties, as the CLI reconciles them, and warnings.

    ``config`` has the format of ``pulumi preview --policy-pack-config`` files:
    ``{"all": "mandatory", "private-gke": "advisory", "gateway-namespace-separation":
    {"enforcementLevel": "mandatory", "extraReservedNamespaces": ["ops"]}}``. Raises
    PolicyConfigError for a malformed entry or properties that break a policy's schema.
    Names that match no policy are ignored, as the CLI does, and reported as warnings.
    """
    pack_level = (pack.enforcement_level or EnforcementLevel.ADVISORY).value
    settings: dict[str, tuple[str, dict[str, Any]]] = {}
    for policy in pack.policies:
        level = policy.enforcement_level.value if policy.enforcement_level is not None else pack_level
        schema = policy.config_schema.properties if policy.config_schema is not None else {}
        defaults = {k: copy.deepcopy(v["default"]) for k, v in schema.items() if "default" in v}
        settings[policy.name] = (level, defaults)
    warnings = []
    if pack.initial_config:
        _apply(settings, pack.initial_config, f"{pack.name} initial_config")
    if config:
        if not isinstance(config, Mapping):
            raise PolicyConfigError("policy config must be a JSON object")
        for name in _apply(settings, config, "policy config"):
            warnings.append(f"policy config names {name!r}, which is no policy of {pack.name}; ignored")
    errors = []
    for policy in pack.policies:
        if policy.config_schema is None:
            continue
        schema = {"type": "object", "properties": policy.config_schema.properties}
        if policy.config_schema.required:
            schema["required"] = policy.config_schema.required
        errors += _schema_errors(schema, settings[policy.name][1], policy.name)
    if errors:
        raise PolicyConfigError("invalid policy config: " + "; ".join(errors))
    return {
        name: PolicySettings(level, properties) for name, (level, properties) in settings.items()
    }, warnings


# --- results ---------------------------------------------------------------------------------


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


# --- evaluating ------------------------------------------------------------------------------


def _wire(value: Any) -> Any:
    """Plan values back to what the analyzer deserializes: markers become the unknown sentinel."""
    if isinstance(value, str) and value in (UNKNOWN, SECRET):
        return UNKNOWN_STRING_VALUE
    if isinstance(value, dict):
        return {k: _wire(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_wire(v) for v in value]
    return value


def _options(resource: PlannedResource) -> PolicyResourceOptions:
    aliases = [str(a["urn"]) for a in resource.aliases if isinstance(a, dict) and a.get("urn")]
    return PolicyResourceOptions(
        protect=resource.protect,
        ignore_changes=list(resource.ignore_changes),
        delete_before_replace=True if resource.delete_before_replace else None,
        aliases=aliases,
        custom_timeouts=PolicyCustomTimeouts(0, 0, 0),
        additional_secret_outputs=[],
        parent=resource.parent,
    )


class _Evaluation:
    def __init__(self, pack: PolicyPackDefinition, plan: Plan, settings: dict[str, PolicySettings]) -> None:
        self.pack = pack
        self.plan = plan
        self.settings = settings
        self.by_urn = {r.urn: r for r in plan.resources}
        self.wire = {r.urn: _wire(r.inputs) for r in plan.resources}
        self.report = PolicyReport(pack=pack.name, settings=settings)

    def props(self, resource: PlannedResource) -> Mapping[str, Any]:
        # A fresh proxy (it copies every dict and list) for every policy, as the analyzer
        # deserializes the request anew for each one.
        return unknown_checking_proxy(self.wire[resource.urn])

    def provider(self, resource: PlannedResource) -> PolicyProviderResource | None:
        provider = self.by_urn.get(resource.provider or "")
        if provider is None:
            return None
        return PolicyProviderResource(provider.type, self.props(provider), provider.urn, provider.name)

    def reporter(self, policy: Policy, level: str, default_urn: str | None) -> Callable[..., None]:
        def report_violation(message: str, urn: str | None = None) -> None:
            if message and not isinstance(message, str):
                raise TypeError("Expected message to be a string")
            target = default_urn if default_urn is not None else urn
            resource = self.by_urn.get(target or "")
            self.report.violations.append(
                Violation(
                    policy_name=policy.name,
                    enforcement_level=level,
                    message=message or "",
                    description=policy.description,
                    urn=target or None,
                    resource_name=resource.name if resource else None,
                    resource_type=resource.type if resource else None,
                )
            )

        return report_violation

    def call(self, policy: Policy, urn: str | None, validate: Callable[[], Any]) -> None:
        try:
            result = validate()
            if isawaitable(result):
                loop = asyncio.new_event_loop()
                try:
                    loop.run_until_complete(result)
                finally:
                    loop.close()
        except UnknownValueError as exc:
            self.report.not_checked.append(NotChecked(policy.name, exc.message, urn))
        except Exception as exc:
            if _NOT_APPLICABLE is not None and isinstance(exc, _NOT_APPLICABLE):
                self.report.not_applicable.append((policy.name, getattr(exc, "reason", None) or ""))
                return
            where = f" on {urn}" if urn else ""
            raise PolicyRuntimeError(
                f"policy {policy.name} of pack {self.pack.name} raised{where}: {type(exc).__name__}: {exc}"
            ) from exc

    def run(self) -> PolicyReport:
        for policy in self.pack.policies:
            settings = self.settings[policy.name]
            level = MANDATORY if settings.enforcement_level == REMEDIATE else settings.enforcement_level
            if level == DISABLED:
                continue
            if isinstance(policy, ResourceValidationPolicy):
                self.resource_policy(policy, level, settings.properties)
            elif isinstance(policy, StackValidationPolicy):
                self.stack_policy(policy, level, settings.properties)
        return self.report

    def resource_policy(
        self, policy: ResourceValidationPolicy, level: str, properties: dict[str, Any]
    ) -> None:
        if not policy.has_validation():
            self.report.not_applicable.append((policy.name, "Policy does not implement validate"))
            return
        for resource in self.plan.resources:
            args = ResourceValidationArgs(
                resource.type,
                self.props(resource),
                resource.urn,
                resource.name,
                _options(resource),
                self.provider(resource),
                copy.deepcopy(properties),
            )
            report = self.reporter(policy, level, resource.urn)
            self.call(policy, resource.urn, lambda args=args, report=report: policy.validate(args, report))

    def stack_policy(self, policy: StackValidationPolicy, level: str, properties: dict[str, Any]) -> None:
        resources = {
            r.urn: PolicyResource(
                r.type, self.props(r), r.urn, r.name, _options(r), self.provider(r), None, [], {}
            )
            for r in self.plan.resources
        }
        for planned in self.plan.resources:
            resource = resources[planned.urn]
            resource.parent = resources.get(planned.parent or "")
            resource.dependencies = [resources[d] for d in planned.dependencies if d in resources]
            resource.property_dependencies = {
                key: [resources[d] for d in urns if d in resources]
                for key, urns in planned.property_dependencies.items()
            }
        args = StackValidationArgs(list(resources.values()), copy.deepcopy(properties))
        report = self.reporter(policy, level, None)
        self.call(policy, None, lambda: policy.validate(args, report))


def evaluate_policies(
    pack: PolicyPackDefinition | str | Path, plan: Plan, config: Mapping[str, Any] | None = None
) -> PolicyReport:
    """Run ``pack`` (a loaded pack, or the directory of one) on ``plan`` with ``config``.

    ``config`` is the content of a ``--policy-pack-config`` file. Raises PolicyPackError,
    PolicyConfigError, or PolicyRuntimeError when a policy raises anything but an unknown-value
    error.
    """
    definition = pack if isinstance(pack, PolicyPackDefinition) else load_policy_pack(pack)
    settings, warnings = reconcile_config(definition, config)
    report = _Evaluation(definition, plan, settings).run()
    report.warnings = warnings
    return report
