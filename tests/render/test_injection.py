"""Namespace injection labels: exactly one mechanism per namespace (seeds 000/003)."""

from __future__ import annotations

import pytest

from components.render.injection import injected_namespace, namespace_labels
from components.spec.models import MeshSpec
from tests.schemas import validate_manifest


def test_default_injection_labels_namespace_with_istio_injection_enabled() -> None:
    assert namespace_labels(MeshSpec(injection="default")) == {"istio-injection": "enabled"}


def test_revision_injection_labels_namespace_with_rev() -> None:
    # Seed 004 labels its namespaces istio.io/rev=asm-managed-stable.
    assert namespace_labels(MeshSpec(injection="revision", channel="stable")) == {
        "istio.io/rev": "asm-managed-stable"
    }


@pytest.mark.parametrize(
    ("channel", "revision"),
    [("rapid", "asm-managed-rapid"), ("regular", "asm-managed"), ("stable", "asm-managed-stable")],
)
def test_revision_label_follows_managed_channel(channel: str, revision: str) -> None:
    mesh = MeshSpec.model_validate({"injection": "revision", "channel": channel})
    assert namespace_labels(mesh) == {"istio.io/rev": revision}


@pytest.mark.parametrize("injection", ["default", "revision"])
def test_namespace_gets_exactly_one_injection_mechanism(injection: str) -> None:
    labels = namespace_labels(MeshSpec.model_validate({"injection": injection}))
    assert len(labels.keys() & {"istio-injection", "istio.io/rev"}) == 1
    assert len(labels) == 1


@pytest.mark.parametrize("injection", ["default", "revision"])
def test_injected_namespace_passes_the_strict_schema(injection: str) -> None:
    labels = namespace_labels(MeshSpec.model_validate({"injection": injection}))

    validate_manifest(injected_namespace("sample", labels))


def test_injected_namespace_carries_the_control_planes_labels_and_managed_by() -> None:
    labels = injected_namespace("sample", {"istio.io/rev": "asm-1-24"})["metadata"]["labels"]

    assert labels == {"app.kubernetes.io/managed-by": "meshfleet", "istio.io/rev": "asm-1-24"}
