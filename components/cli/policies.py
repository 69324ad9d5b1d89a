"""The policy pack in `meshfleet preview`: finding it, reading its config, printing its report."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.markup import escape

from components.spec import PlatformSpec
from components.spec.layers import LayerConfig

from .app import EXIT_PROGRAM_FAILED, UserError, err, out
from .project import Project

TRAFFIC_DIRECTOR_POLICY = "traffic-director-unsupported"
IMPLEMENTATION_PROPERTY = "controlPlaneImplementation"
SELECTOR_POLICY = "gateway-selector-match"
OTHER_STACKS_PROPERTY = "gatewaysInOtherStacks"
POLICY_CONFIG_DIR = "policy"
"""A stack's policy config for the real path, `stacks/policy/<stack>.json`, next to its config:
`pulumi preview --policy-pack policy --policy-pack-config stacks/policy/<stack>.json`."""

if TYPE_CHECKING:
    from components.engine import PolicyPackDefinition, PolicyReport


def default_policy_pack() -> Path:
    """policy/ of the Pulumi project around the current directory."""
    try:
        return Project.find(Path.cwd()).root / "policy"
    except UserError:
        raise UserError(
            "no policy pack: pass --policy-pack DIR (or --no-policy), or run inside the meshfleet project"
        ) from None


def read_policy_config(path: Path | None) -> dict[str, Any] | None:
    """A JSON policy config file, as `pulumi preview --policy-pack-config` takes it."""
    if path is None:
        return None
    if not path.is_file():
        raise UserError(f"policy config {path} does not exist")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise UserError(
            f"policy config {path} is not UTF-8 text (byte 0x{exc.object[exc.start]:02x})"
        ) from None
    if not text.strip():
        return None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UserError(f"policy config {path} is not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise UserError(f"policy config {path} must be a JSON object")
    return data


def spec_implementation(spec: PlatformSpec) -> str:
    """The control-plane implementation meshguard's `traffic-director-unsupported` should check
    for: TRAFFIC_DIRECTOR when a cluster runs the managed control plane with it (the stricter
    of the two in a mixed fleet: its Gateways may use less), else ISTIOD (managed istiod,
    in-cluster istiod, the AKS add-on)."""
    managed = any(spec.control_plane(c) == "managed" for c in spec.clusters)
    return "TRAFFIC_DIRECTOR" if managed and spec.mesh.implementation == "TRAFFIC_DIRECTOR" else "ISTIOD"


def spec_policy_config(spec: PlatformSpec, layer: LayerConfig | None = None) -> dict[str, Any]:
    """The policy config that makes meshguard check what the spec runs; what each committed
    `stacks/policy/<stack>.json` holds (a test keeps them equal)."""
    return {policy: {prop: value} for policy, prop, value in _spec_properties(spec, layer)}


def _spec_properties(spec: PlatformSpec, layer: LayerConfig | None) -> list[tuple[str, str, Any]]:
    properties: list[tuple[str, str, Any]] = [
        (TRAFFIC_DIRECTOR_POLICY, IMPLEMENTATION_PROPERTY, spec_implementation(spec))
    ]
    if layer is not None and layer.layer == "routes":
        # The gateways its Gateways select are the mesh layer's: not checked here, rather than failed.
        properties.append((SELECTOR_POLICY, OTHER_STACKS_PROPERTY, True))
    return properties


def with_spec_config(
    settings: dict[str, Any] | None, spec: PlatformSpec, layer: LayerConfig | None = None
) -> dict[str, Any]:
    """`settings` (a --policy-config file's content, or None) with the spec's implementation
    (and a layer's properties) added, unless the file sets the property itself: the file always wins."""
    merged = dict(settings or {})
    for policy, prop, value in _spec_properties(spec, layer):
        entry = merged.get(policy)
        if entry is None:
            merged[policy] = {prop: value}
        elif isinstance(entry, str):
            merged[policy] = {"enforcementLevel": entry, prop: value}
        elif isinstance(entry, dict):
            merged[policy] = {prop: value, **entry}
        # Anything else is left for the engine to refuse as the malformed entry it is.
    return merged


@contextmanager
def policy_errors() -> Iterator[None]:
    """A pack that cannot load or a bad config is bad input (2); a policy that crashes is a bug (1)."""
    # Used once the input is checked, so loading the engine here costs a bad input nothing.
    from components.engine import PolicyConfigError, PolicyPackError, PolicyRuntimeError

    try:
        yield
    except (PolicyPackError, PolicyConfigError) as exc:
        raise UserError(str(exc)) from None
    except PolicyRuntimeError as exc:
        err.print(f"error: {exc}", markup=False, soft_wrap=True)
        raise typer.Exit(EXIT_PROGRAM_FAILED) from None


def print_policy_report(report: PolicyReport, pack: PolicyPackDefinition) -> None:
    """Violations grouped by policy, mandatory first, each with its resource and message."""
    mandatory, advisory = len(report.mandatory), len(report.advisory)
    out.print(
        f"[bold]policies[/]: {escape(pack.name)} ({len(pack.policies)} policies): "
        f"{mandatory} mandatory, {advisory} advisory violation(s)"
    )
    for name, violations in report.by_policy().items():
        level = violations[0].enforcement_level
        style = "bold red" if violations[0].mandatory else "yellow"
        out.print(
            f"  [{style}]{level}[/] [bold]{escape(name)}[/]: {escape(violations[0].description)}",
            soft_wrap=True,
        )
        for violation in violations:
            # One line each: the resource (name and type), then the policy's message.
            resource = (
                f"{violation.resource_name} ({violation.resource_type})" if violation.urn else "the stack"
            )
            message = f": {violation.message}" if violation.message else ""
            out.print(f"    - {escape(resource)}{escape(message)}", soft_wrap=True)
    if report.not_checked:
        out.print(f"  not checked (values unknown until deployment): {len(report.not_checked)}")
        for item in report.not_checked:
            where = item.urn.rsplit("::", 1)[-1] if item.urn else "the stack"
            out.print(
                f"    {escape(item.policy_name)} on {escape(where)}: {escape(item.message)}", soft_wrap=True
            )
    for warning in report.warnings:
        err.print(f"warning: {warning}", markup=False, soft_wrap=True)
