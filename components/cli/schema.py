"""meshfleet schema spec | package: the JSON Schemas others build on, printed to stdout.

`spec` is the stack file's schema (draft 2020-12), for editors (components/REFERENCE.md, "Editor support");
`package` the Pulumi package schema of `components/package`, as `pulumi package get-schema`
reads it through the provider's GetSchema. Both are generated from the code; the committed
copies (`stacks/meshfleet.schema.json`, `components/package/schema.json`) are what this prints
on a clean tree, which the tests check.
"""

from __future__ import annotations

import sys

import typer

from .app import app

schema_app = typer.Typer(
    no_args_is_help=True,
    help="Print the JSON Schema of the stack file (spec) or the Pulumi package schema (package).",
)
app.add_typer(schema_app, name="schema")


@schema_app.command("spec")
def spec() -> None:
    """JSON Schema (draft 2020-12) of stacks/Pulumi.<stack>.yaml, with the platform spec under
    config: meshfleet:platform; every field's description and default."""
    from components.spec.json_schema import schema_text, stack_file_schema

    sys.stdout.write(schema_text(stack_file_schema()))


@schema_app.command("package")
def package() -> None:
    """The Pulumi package schema of meshfleet's plugin package (components/package), from GetSchema."""
    # Pulumi and the components are imported only for this command.
    from components.package.provider import package_schema
    from components.spec.json_schema import schema_text

    sys.stdout.write(schema_text(package_schema()))
