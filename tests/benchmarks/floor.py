"""The floor of a cold preview: the bare Pulumi SDK replaying a stack's plan, flat.

It imports the SDK modules the stack program imports (nothing of meshfleet), and registers every
resource of the plan, in the plan's order, with the plan's type, name, inputs, parent, provider,
dependencies and options, under the SDK's own mock monitor in preview mode, inside the SDK's
`run_in_stack`, as the Python language host runs a program. No spec, no components, no recording,
no report: what `meshfleet preview` costs on top of this is its overhead.

    python tests/benchmarks/floor.py PLAN_JSON MODULES_JSON
"""

from __future__ import annotations

import asyncio
import importlib
import json
import logging
import sys
import threading
from pathlib import Path
from typing import Any


def replay(plan: dict[str, Any]) -> None:
    import pulumi
    from pulumi.runtime.mocks import MockEngine, MockMonitor, Mocks, MockSettings
    from pulumi.runtime.settings import configure
    from pulumi.runtime.stack import run_in_stack

    class Echo(Mocks):
        """A create in preview: the inputs come back, the id is unknown."""

        def new_resource(self, args: Any) -> tuple[str | None, dict[Any, Any]]:
            return "", args.inputs

        def call(self, args: Any) -> tuple[dict[Any, Any], list[tuple[str, str]] | None]:
            return {}, []

    monitor = MockMonitor(Echo())
    configure(
        MockSettings(
            monitor=monitor,
            monitor_features=set(monitor.GetDeploymentInfo(None).supportedFeatures),
            engine=MockEngine(logging.getLogger("floor")),
            project=plan["project"],
            stack=plan["stack"],
            dry_run=True,
            organization="organization",
            root_directory=None,
            parallel=None,
            legacy_apply_enabled=False,
            callbacks=None,
            outputs=set(),
            lock=threading.Lock(),
            package_refs={},
            base_providers_by_ref={},
        )
    )

    def program() -> None:
        made: dict[str, pulumi.Resource] = {}
        for resource in plan["resources"]:
            type_, name, inputs = resource["type"], resource["name"], resource.get("inputs") or {}
            if type_ == "pulumi:pulumi:Stack":
                continue
            opts = pulumi.ResourceOptions(
                parent=made.get(resource.get("parent") or ""),
                provider=made.get(resource.get("provider") or ""),  # type: ignore[arg-type]
                depends_on=[made[urn] for urn in resource.get("dependencies", []) if urn in made],
                protect=resource.get("protect", False),
                id=resource.get("read_id"),
                ignore_changes=resource.get("ignore_changes") or None,
                replace_on_changes=resource.get("replace_on_changes") or None,
                delete_before_replace=resource.get("delete_before_replace", False),
                retain_on_delete=resource.get("retain_on_delete", False),
            )
            for key in resource.get("secret_paths", []):
                if key in inputs:  # a top-level secret input travels as a secret Output
                    inputs[key] = pulumi.Output.secret(inputs[key])
            if type_.startswith("pulumi:providers:"):
                made[resource["urn"]] = pulumi.ProviderResource(type_.split(":")[2], name, inputs, opts)
            elif resource.get("custom", True):
                made[resource["urn"]] = pulumi.CustomResource(type_, name, inputs, opts)
            else:
                component = pulumi.ComponentResource(type_, name, None, opts)
                component.register_outputs({})
                made[resource["urn"]] = component
        for key, value in plan.get("outputs", {}).items():
            pulumi.export(key, value)

    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(run_in_stack(program))
    finally:
        loop.close()


def main() -> None:
    plan_file, modules_file = sys.argv[1:3]
    for module in json.loads(Path(modules_file).read_text()):
        importlib.import_module(module)
    replay(json.loads(Path(plan_file).read_text()))


if __name__ == "__main__":
    main()
