"""What a layered stack builds, and the outputs of the stacks below it (`components.spec.layers`).

A layer never re-creates what a lower layer built: it reads the lower stack's outputs through
one `pulumi.StackReference` per stack (kubeconfigs arrive as secrets, as they were exported),
and builds its Kubernetes providers from them under the same names and parents as the whole
stack does, so that every resource keeps the URN a `pulumi state move` carries over.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pulumi

from components.spec.layers import Layer, LayerConfig


@dataclass
class LayerScope:
    """One layer of a platform, and the stacks of the layers it reads."""

    config: LayerConfig
    organization: str
    """The organization (and `project` the project) of a reference written by the naming
    rule, as Pulumi resolves a stack name: the layered stacks of one spec share both."""
    project: str
    _references: dict[str, pulumi.StackReference] = field(default_factory=dict)

    @property
    def layer(self) -> Layer:
        return self.config.layer

    def builds(self, layer: Layer) -> bool:
        """Whether this stack builds `layer`'s resources."""
        return self.config.layer == layer

    def qualified(self, layer: Layer) -> str:
        """The fully qualified name of the stack holding `layer`."""
        name = self.config.references[layer]
        return name if "/" in name else f"{self.organization}/{self.project}/{name}"

    def output(self, layer: Layer, key: str) -> pulumi.Output[Any]:
        """Stack output `key` of the stack holding `layer` (secret if it was exported secret)."""
        if layer not in self.config.references:
            # The layer table (spec.layers.READS) and the builders disagree: a bug, not input.
            raise ValueError(f"the {self.config.layer} layer does not read the {layer} layer")
        name = self.qualified(layer)
        if name not in self._references:
            self._references[name] = pulumi.StackReference(name)
        return self._references[name].get_output(key)

    def item(self, layer: Layer, key: str, item: str) -> pulumi.Output[Any]:
        """One entry of a mapping output (a cluster's kubeconfig in `kubeconfigs`)."""
        return self.output(layer, key).apply(lambda values: _entry(values, key, item))


def _entry(values: Mapping[str, Any] | None, key: str, item: str) -> Any:
    if not isinstance(values, Mapping) or item not in values:
        # The lower stack was deployed from another spec: say so rather than build on None.
        raise ValueError(f"the lower layer's output {key} has no {item!r}: deploy it from this spec first")
    return values[item]
