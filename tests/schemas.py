"""Strict schema checks for rendered manifests, shared by every test that renders one.

Each validator raises AssertionError when a manifest would not be accepted as written: an
unknown or misspelt field, a wrong type, or a kind we have no schema for. A kind without a
schema fails too: a check that passes whatever it cannot check proves nothing (the
kubernetes-validate command line exits 0 on unknown kinds, so we call its API instead).

Schemas come from installed packages only (kubernetes-validate, cloudcoil-models-istio),
so these checks run offline, from a plain clone of the repository.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from collections.abc import Mapping
from typing import Any

import cloudcoil.models.istio
import kubernetes_validate
import pydantic
from cloudcoil.resources import Resource
from kubernetes_validate.utils import (
    InvalidSchemaError,
    SchemaNotFoundError,
    VersionNotSupportedError,
    all_versions,
)

from tests.gke_schemas import validate_gke

GKE_GROUPS = frozenset({"cloud.google.com", "networking.gke.io"})
"""API groups of GKE's own kinds, validated by `tests.gke_schemas` (a kind there without a
schema fails, as everywhere)."""

KUBERNETES_VERSION = "1.33.0"
"""Schemas to validate against. Pinned (rather than the package's newest) so that upgrading
kubernetes-validate cannot change silently what passes; 1.33 is a minor that GKE's release
channels serve. Every API version we render (apps/v1, autoscaling/v2, policy/v1, ...) exists
in it."""


def validate_manifest(obj: Mapping[str, Any]) -> None:
    """Validate `obj` with the Istio models if its API group is Istio's, GKE's schemas if it is
    one of GKE's kinds (`tests.gke_schemas`), else Kubernetes'."""
    group = _api_version(obj).rpartition("/")[0]  # "" for the core group ("v1")
    if group == "istio.io" or group.endswith(".istio.io"):
        validate_istio(obj)
    elif group in GKE_GROUPS:
        validate_gke(obj, _as_json(obj))
    else:
        validate_kubernetes(obj)


def validate_kubernetes(obj: Mapping[str, Any]) -> None:
    """Validate `obj` against kubernetes-validate's strict schema (no unknown fields)."""
    if KUBERNETES_VERSION not in all_versions():
        raise AssertionError(
            f"kubernetes-validate {kubernetes_validate.__version__} has no schemas for "
            f"Kubernetes {KUBERNETES_VERSION}; choose one of {sorted(set(all_versions()))}"
        )
    _api_version(obj)
    _kind(obj)
    try:
        kubernetes_validate.validate(_as_json(obj), KUBERNETES_VERSION, strict=True)
    except kubernetes_validate.ValidationError as exc:
        path = ".".join(str(part) for part in exc.path) or "<root>"
        raise AssertionError(f"{_describe(obj)}: {path}: {exc.message}") from None
    except (SchemaNotFoundError, VersionNotSupportedError, InvalidSchemaError) as exc:
        raise AssertionError(f"{_describe(obj)}: no usable schema: {exc.message}") from None


def validate_istio(obj: Mapping[str, Any]) -> None:
    """Validate `obj` against the cloudcoil model of its Istio apiVersion and kind.

    strict: no type coercion ("80" is not a port number); extra="forbid": unknown fields
    fail at every depth (the models themselves ignore them); by_name=False: only the
    camelCase field names the API server knows (the models also accept snake_case names,
    which a real Istio CRD would prune or reject).
    """
    key = (_api_version(obj), _kind(obj))
    model = _istio_models().get(key)
    if model is None:
        raise AssertionError(f"{_describe(obj)}: no Istio schema for apiVersion {key[0]!r}, kind {key[1]!r}")
    try:
        model.model_validate(_as_json(obj), strict=True, extra="forbid", by_alias=True, by_name=False)
    except pydantic.ValidationError as exc:
        raise AssertionError(f"{_describe(obj)}: {exc}") from None


@functools.cache
def _istio_models() -> dict[tuple[str, str], type[Resource]]:
    """(apiVersion, kind) -> model, for every Istio resource cloudcoil-models-istio ships."""
    models: dict[tuple[str, str], type[Resource]] = {}
    package = cloudcoil.models.istio
    for module_info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        module = importlib.import_module(module_info.name)
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Resource) and value is not Resource:
                gvk = value.gvk()
                models[(gvk.api_version, gvk.kind)] = value
    return models


def _as_json(value: Any) -> Any:
    """`value` as JSON data: plain dicts and lists, and whole numbers as ints.

    Pulumi carries every number as a double, so manifests recorded from a Pulumi program
    hold 80.0 where we wrote 80; on the wire to the API server both are the JSON number 80.
    Strict validation would reject 80.0 for an integer field, so whole floats become ints
    here. A fractional number is left alone and still fails where an integer is required.
    """
    if isinstance(value, Mapping):
        return {key: _as_json(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_as_json(item) for item in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _api_version(obj: Mapping[str, Any]) -> str:
    value = obj.get("apiVersion")
    if not isinstance(value, str) or not value:
        raise AssertionError(f"manifest has no apiVersion: {dict(obj)!r}")
    return value


def _kind(obj: Mapping[str, Any]) -> str:
    value = obj.get("kind")
    if not isinstance(value, str) or not value:
        raise AssertionError(f"manifest has no kind: {dict(obj)!r}")
    return value


def _describe(obj: Mapping[str, Any]) -> str:
    metadata = obj.get("metadata") or {}
    name = metadata.get("name", "?") if isinstance(metadata, Mapping) else "?"
    return f"{obj.get('apiVersion')} {obj.get('kind')} {name}"
