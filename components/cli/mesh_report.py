"""The mesh report a preview prints: what the mesh will do (`components.engine.meshes`).

`meshfleet preview` prints a stack's; `preview --all` prints the joined plan of an
environment's layers, where every layer's objects are in view.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .build_output import replace_text

if TYPE_CHECKING:
    from rich.console import Group

    from components.engine import Plan


def render_mesh(plan: Plan, output: Path) -> Group:
    """What the mesh will do (`components.engine.meshes`): written to `mesh.json` in `output`,
    returned as the preview's short tables, one row per mesh and one per route."""
    from rich.console import Group
    from rich.table import Table

    from components.engine.meshes import analyse, mesh_rows, route_rows, to_json

    facts = analyse(plan)
    replace_text(output / "mesh.json", to_json(facts))
    table = Table(title=f"meshes (details: {output / 'mesh.json'})", title_justify="left", show_edge=False)
    for column in ("clusters", "discovery", "trust", "networks"):
        table.add_column(column)
    for row in mesh_rows(facts):
        table.add_row(*row)
    if not facts["routes"]:
        return Group(table)
    routes = Table(title="routes", title_justify="left", show_edge=False)
    for column in ("route", "enters through", "reaches", "cut off"):
        routes.add_column(column)
    for row in route_rows(facts):
        routes.add_row(*row)
    return Group(table, routes)


def layer_mesh_note(stack: str, layer: str) -> str:
    """What a layer's own mesh tables cannot say: they see this stack's objects only."""
    env = stack.removesuffix(f"-{layer}") if stack.endswith(f"-{layer}") and stack != f"-{layer}" else "<env>"
    return (
        f"mesh: the {layer} layer's objects only (the other layers' gateways and clusters are not in view); "
        f"`meshfleet preview --all {env}` reports the joined layers"
    )
