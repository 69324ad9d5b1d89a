"""Strict schemas of GKE's own kinds: BackendConfig, MultiClusterService, MultiClusterIngress.

BackendConfig: the upstream CRD vendored in `tests/crds/gke/` (see its README), v1
`openAPIV3Schema`, made strict the way a typo-catching validator must: an object with
`properties` and without `x-kubernetes-preserve-unknown-fields` is closed
(`additionalProperties: false`; the API server would silently prune unknown fields),
`nullable: true` also allows null, and `x-kubernetes-int-or-string` allows either.

MultiClusterService (networking.gke.io/v1) and MultiClusterIngress (networking.gke.io/v1beta1):
Google publishes no CRD or OpenAPI schema for them, so the schemas below are written by hand,
field by field, from GKE's documentation of the two resources:

- https://cloud.google.com/kubernetes-engine/docs/how-to/multi-cluster-ingress
  ("Deploying Ingress across clusters": the MultiClusterService and MultiClusterIngress
  manifests, "MultiClusterService spec" with `template.spec` (ports, selector) and
  `clusters[].link`, "MultiClusterIngress spec" with `template.spec.backend`
  (serviceName, servicePort), `rules`, `tls`, and the annotations);
- https://cloud.google.com/kubernetes-engine/docs/concepts/multi-cluster-ingress
  (what the config cluster holds);
- seed 004 step 6, which deploys exactly these fields.

They cover the fields those pages document and close every object, so a misspelt or
undocumented field fails. They are narrower than the real API where the pages are silent.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jsonschema
import yaml

CRDS = Path(__file__).parent / "crds" / "gke"

_STRING_MAP: dict[str, Any] = {"type": "object", "additionalProperties": {"type": "string"}}

# metadata as every kind here takes it (ObjectMeta's fields a manifest sets).
_METADATA: dict[str, Any] = {
    "type": "object",
    "required": ["name"],
    "additionalProperties": False,
    "properties": {
        "name": {"type": "string"},
        "namespace": {"type": "string"},
        "labels": _STRING_MAP,
        "annotations": _STRING_MAP,
    },
}


def _closed(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "additionalProperties": False, "properties": properties}
    if required:
        schema["required"] = required
    return schema


def _object(api_version: str, kind: str, spec: dict[str, Any]) -> dict[str, Any]:
    return _closed(
        {
            "apiVersion": {"const": api_version},
            "kind": {"const": kind},
            "metadata": _METADATA,
            "spec": spec,
        },
        ["apiVersion", "kind", "metadata", "spec"],
    )


_INT_OR_STRING: dict[str, Any] = {"type": ["integer", "string"]}

# MultiClusterService: spec.template is a Service template (its spec: ports, selector);
# spec.clusters optionally restricts the member clusters by link ("region/name").
MULTI_CLUSTER_SERVICE = _object(
    "networking.gke.io/v1",
    "MultiClusterService",
    _closed(
        {
            "template": _closed(
                {
                    "metadata": _closed({"labels": _STRING_MAP, "annotations": _STRING_MAP}),
                    "spec": _closed(
                        {
                            "selector": _STRING_MAP,
                            "ports": {
                                "type": "array",
                                "items": _closed(
                                    {
                                        "name": {"type": "string"},
                                        "protocol": {"enum": ["TCP", "UDP", "SCTP"]},
                                        "port": {"type": "integer", "minimum": 1, "maximum": 65535},
                                        "targetPort": _INT_OR_STRING,
                                    },
                                    ["port"],
                                ),
                            },
                        }
                    ),
                },
                ["spec"],
            ),
            "clusters": {"type": "array", "items": _closed({"link": {"type": "string"}}, ["link"])},
        },
        ["template"],
    ),
)

_BACKEND = _closed(
    {"serviceName": {"type": "string"}, "servicePort": _INT_OR_STRING}, ["serviceName", "servicePort"]
)

# MultiClusterIngress: spec.template.spec is an Ingress spec (v1beta1 field names) whose
# backends name MultiClusterServices.
MULTI_CLUSTER_INGRESS = _object(
    "networking.gke.io/v1beta1",
    "MultiClusterIngress",
    _closed(
        {
            "template": _closed(
                {
                    "spec": _closed(
                        {
                            "backend": _BACKEND,
                            "rules": {
                                "type": "array",
                                "items": _closed(
                                    {
                                        "host": {"type": "string"},
                                        "http": _closed(
                                            {
                                                "paths": {
                                                    "type": "array",
                                                    "items": _closed(
                                                        {"path": {"type": "string"}, "backend": _BACKEND},
                                                        ["backend"],
                                                    ),
                                                }
                                            },
                                            ["paths"],
                                        ),
                                    }
                                ),
                            },
                            "tls": {
                                "type": "array",
                                "items": _closed({"secretName": {"type": "string"}}, ["secretName"]),
                            },
                        }
                    )
                },
                ["spec"],
            )
        },
        ["template"],
    ),
)


def strict_openapi(schema: Mapping[str, Any]) -> dict[str, Any]:
    """A CRD's structural schema as a strict JSON Schema (see the module docstring)."""
    out: dict[str, Any] = {k: v for k, v in schema.items() if not k.startswith("x-kubernetes-")}
    if schema.get("x-kubernetes-int-or-string"):
        out["type"] = ["integer", "string"]
    if out.pop("nullable", False) and "type" in out:
        types = out["type"] if isinstance(out["type"], list) else [out["type"]]
        out["type"] = [*types, "null"]
    if "properties" in schema:
        out["properties"] = {k: strict_openapi(v) for k, v in schema["properties"].items()}
        if not schema.get("x-kubernetes-preserve-unknown-fields") and "additionalProperties" not in schema:
            out["additionalProperties"] = False
    if isinstance(schema.get("additionalProperties"), Mapping):
        out["additionalProperties"] = strict_openapi(schema["additionalProperties"])
    if isinstance(schema.get("items"), Mapping):
        out["items"] = strict_openapi(schema["items"])
    return out


@functools.cache
def backend_config_schema() -> dict[str, Any]:
    """The vendored CRD's v1 schema, strict, with metadata checked like the other kinds."""
    crd = yaml.safe_load((CRDS / "backendconfigs.cloud.google.com.yaml").read_text())
    (version,) = [v for v in crd["spec"]["versions"] if v["name"] == "v1"]
    schema = strict_openapi(version["schema"]["openAPIV3Schema"])
    schema["properties"]["metadata"] = _METADATA
    schema["properties"]["apiVersion"] = {"const": "cloud.google.com/v1"}
    schema["properties"]["kind"] = {"const": "BackendConfig"}
    schema["required"] = ["apiVersion", "kind", "metadata", "spec"]
    return schema


def gke_schema(api_version: str, kind: str) -> dict[str, Any] | None:
    """The strict schema of a GKE kind, or None when it is not one of ours."""
    if (api_version, kind) == ("cloud.google.com/v1", "BackendConfig"):
        return backend_config_schema()
    if (api_version, kind) == ("networking.gke.io/v1", "MultiClusterService"):
        return MULTI_CLUSTER_SERVICE
    if (api_version, kind) == ("networking.gke.io/v1beta1", "MultiClusterIngress"):
        return MULTI_CLUSTER_INGRESS
    return None


def validate_gke(obj: Mapping[str, Any], as_json: Any = None) -> None:
    """Validate `obj` strictly; AssertionError on any error, or when the kind has no schema."""
    api_version, kind = obj.get("apiVersion"), obj.get("kind")
    schema = gke_schema(str(api_version), str(kind))
    name = (obj.get("metadata") or {}).get("name", "?")
    if schema is None:
        raise AssertionError(f"{api_version} {kind} {name}: no GKE schema for this kind")
    data = copy.deepcopy(dict(obj)) if as_json is None else as_json
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(data), key=lambda e: list(e.path))
    if errors:
        first = errors[0]
        path = ".".join(str(p) for p in first.path) or "<root>"
        raise AssertionError(f"{api_version} {kind} {name}: {path}: {first.message}")
