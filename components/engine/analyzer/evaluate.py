"""Run a CrossGuard policy pack on a Plan, offline, the way `pulumi preview --policy-pack DIR` would.

Loading the pack is ``pack``'s job (``load_policy_pack``), reconciling enforcement levels and
config ``config``'s (``reconcile_config``); the outcome is a ``PolicyReport`` (``report``). This
module evaluates.

Evaluating follows the Python analyzer (``pulumi_policy.policy._PolicyAnalyzerServicer``):

- enforcement levels and config are reconciled as the CLI does: each policy's own level (else
  the pack's, else advisory) and its config schema's defaults, then the pack's
  ``initial_config``, then the user's config, each first with ``all`` (a level for every
  policy) and then per policy; ``disabled`` policies do not run; ``remediate`` reports as
  mandatory (remediations themselves are not applied offline);
- every resource of the Plan (the stack, components and providers included) goes to every
  resource policy with its inputs, and all of them to every stack policy in one of two views:
  ``inputs``, the program's inputs again, or ``planned``, the planned state a real preview
  hands stack policies (the inputs, and every output the resource's SDK class declares that
  the program did not set, unknown; see ``planned``). That is what the Pulumi engine sends:
  ``Analyze`` runs before a resource is operated on, on its inputs, ``AnalyzeStack`` at the
  end, on every resource's outputs (a provider is shown by its inputs in both). ``UNKNOWN``
  becomes the SDK's unknown sentinel, and the whole is wrapped as
  ``pulumi_policy.proxy.unknown_checking_proxy`` wraps what the engine sends the real analyzer
  (``proxy`` builds the same wrappers as they are read). A policy that reads an unknown
  value is skipped for that resource (the real analyzer reports that as an advisory "can't
  run policy ... during preview"); here it is listed in ``PolicyReport.not_checked``;
- a ``SECRET`` value is unknown too: its clear value is never in a Plan;
- resources get their options (protect, parent, aliases, ignore_changes...) and their
  provider as a ``PolicyProviderResource`` built from the provider's planned resource; with
  the default provider (None in the Plan) there is none. Stack policies see parents,
  dependencies and property dependencies as resource objects.

The ``inputs`` view (the default) keeps an absent setting absent, so a program that omits a
setting a stack policy requires gets the violation offline; in the ``planned`` view it may be
unknown, and the policy reports "not checked", as a real preview would. What differs from a
real preview in either view: no provider checks the inputs (filling in defaults) or computes
known outputs, and resources read with ``get`` carry only what the program passed. This module
knows nothing of meshfleet's components.
"""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Callable, Mapping
from inspect import isawaitable
from pathlib import Path
from typing import Any, Literal, get_args

import pulumi_policy.policy as policy_module
from pulumi_policy import (
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
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE, UnknownValueError

from ..plan import SECRET, UNKNOWN, Plan, PlannedResource
from .config import DISABLED, MANDATORY, REMEDIATE, PolicySettings, reconcile_config
from .errors import PolicyRuntimeError
from .pack import PolicyPackDefinition, load_policy_pack
from .planned import planned_state
from .proxy import unknown_checking_view
from .report import NotChecked, PolicyReport, Violation

_NOT_APPLICABLE: type[Exception] | None = getattr(policy_module, "_NotApplicableError", None)

PolicyView = Literal["inputs", "planned"]
"""What stack policies see of each resource: the program's ``inputs``, or the ``planned`` state."""
VIEWS: tuple[PolicyView, ...] = get_args(PolicyView)


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
    def __init__(
        self, pack: PolicyPackDefinition, plan: Plan, settings: dict[str, PolicySettings], view: PolicyView
    ) -> None:
        self.pack = pack
        self.plan = plan
        self.settings = settings
        self.by_urn = {r.urn: r for r in plan.resources}
        self.inputs = {r.urn: _wire(r.inputs) for r in plan.resources}
        # As the engine does: resource policies (and providers) get the inputs, stack policies
        # every resource's state, which in a preview is the planned state.
        if view == "planned":
            self.state = {r.urn: _wire(planned_state(r)) for r in plan.resources}
        else:
            self.state = self.inputs
        self.report = PolicyReport(pack=pack.name, settings=settings)

    def props(self, resource: PlannedResource, *, state: bool = False) -> Mapping[str, Any]:
        # A fresh view for every policy, as the analyzer deserializes the request anew for each
        # one; it copies what the policy reads (``proxy``).
        return unknown_checking_view((self.state if state else self.inputs)[resource.urn])

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
                r.type, self.props(r, state=True), r.urn, r.name, _options(r), self.provider(r), None, [], {}
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
    pack: PolicyPackDefinition | str | Path,
    plan: Plan,
    config: Mapping[str, Any] | None = None,
    view: PolicyView = "inputs",
) -> PolicyReport:
    """Run ``pack`` (a loaded pack, or the directory of one) on ``plan`` with ``config``.

    ``config`` is the content of a ``--policy-pack-config`` file. ``view`` is what stack policies
    see of each resource: ``inputs`` (the program's inputs, as resource policies always do) or
    ``planned`` (the planned state of a real preview, see ``planned``). Raises ValueError for
    another view, PolicyPackError, PolicyConfigError, or PolicyRuntimeError when a policy raises
    anything but an unknown-value error.
    """
    if view not in VIEWS:
        raise ValueError(f"policy view {view!r} is not one of {', '.join(VIEWS)}")
    definition = pack if isinstance(pack, PolicyPackDefinition) else load_policy_pack(pack)
    settings, warnings = reconcile_config(definition, config)
    report = _Evaluation(definition, plan, settings, view).run()
    report.warnings = warnings
    return report
