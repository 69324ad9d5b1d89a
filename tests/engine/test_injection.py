"""Which revision Istio's injection webhooks give a Pod, held against meshguard's reading of them."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from components.engine.meshes import injected_revision
from policy.meshguard.gateways import _injection_problem  # pyright: ignore[reportPrivateUsage]

NAMESPACE_LABELS: list[dict[str, Any]] = [
    {},
    {"istio-injection": "enabled"},
    {"istio-injection": "disabled"},
    {"istio.io/rev": "1-30"},
    {"istio-injection": "enabled", "istio.io/rev": "1-30"},
]
POD_LABELS: list[dict[str, Any]] = [
    {},
    {"istio.io/rev": "1-30"},
    {"istio.io/rev": "canary"},
    {"sidecar.istio.io/inject": "true"},
    {"sidecar.istio.io/inject": "false"},
    {"sidecar.istio.io/inject": "false", "istio.io/rev": "1-30"},
]


def named(namespace: dict[str, Any], pod: dict[str, Any]) -> str:
    """The revision the labels ask for: the Pod's own, else its namespace's, else the default."""
    return pod.get("istio.io/rev") or namespace.get("istio.io/rev") or "default"


@pytest.mark.parametrize(("namespace", "pod"), list(itertools.product(NAMESPACE_LABELS, POD_LABELS)))
def test_a_gateway_gets_the_revision_it_names_exactly_when_meshguard_finds_no_problem(
    namespace: dict[str, Any], pod: dict[str, Any]
) -> None:
    ok = _injection_problem("istio-gateway", namespace, pod) is None

    assert ok == (injected_revision(namespace, pod) == named(namespace, pod))


def test_a_namespace_labelled_istio_injection_gets_the_default_revision_over_its_own_rev() -> None:
    assert injected_revision({"istio-injection": "enabled", "istio.io/rev": "1-30"}, {}) == "default"


def test_a_namespace_rev_wins_over_the_pods_rev() -> None:
    assert injected_revision({"istio.io/rev": "1-30"}, {"istio.io/rev": "canary"}) == "1-30"


def test_a_pod_labelled_inject_false_gets_nothing_in_an_injected_namespace() -> None:
    assert injected_revision({"istio.io/rev": "1-30"}, {"sidecar.istio.io/inject": "false"}) is None


def test_without_a_default_revision_istio_injection_enabled_injects_nothing() -> None:
    # The AKS add-on runs named revisions only (Microsoft's "Istio-based service mesh add-on").
    assert injected_revision({"istio-injection": "enabled"}, {}, default=None) is None
