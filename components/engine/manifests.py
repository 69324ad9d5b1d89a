"""Hydrated Kubernetes manifests, per cluster, from a Plan.

Every Kubernetes object the program registers as a typed resource (or
``apiextensions.CustomResource``) becomes the manifest Pulumi would apply. Objects are
grouped by the name of the explicit ``kubernetes.Provider`` they use (one provider per
cluster); objects on the ambient provider go under ``"default"``. Markers stay as they are
in the Plan, so secrets show as ``<secret>`` and unknowns as ``<unknown>``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from .plan import Plan, PlannedResource, urn_name

# libyaml's emitter writes the same YAML as PyYAML's pure-Python one, a few times faster; a
# fleet's preview writes hundreds of manifests.
_DUMPER: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

DEFAULT_CLUSTER = "default"
_PROVIDER_TYPE = "pulumi:providers:kubernetes"

# Type-token modules that are Pulumi constructs, not Kubernetes API groups.
_NOT_API_GROUPS = {"helm.sh", "yaml", "kustomize"}

# Objects others depend on go first, as kubectl/helm would apply them.
_KIND_ORDER = [
    "CustomResourceDefinition",
    "Namespace",
    "ServiceAccount",
    "ClusterRole",
    "Role",
    "ClusterRoleBinding",
    "RoleBinding",
]

# Cluster-scoped kinds, for naming files only; anything else without a namespace lives in
# the provider's default namespace.
_CLUSTER_SCOPED = {
    "APIService",
    "ClusterRole",
    "ClusterRoleBinding",
    "CSIDriver",
    "CustomResourceDefinition",
    "IngressClass",
    "MutatingWebhookConfiguration",
    "Namespace",
    "Node",
    "PersistentVolume",
    "PriorityClass",
    "RuntimeClass",
    "StorageClass",
    "ValidatingWebhookConfiguration",
}


def _api_version_kind(resource: PlannedResource) -> tuple[str, str] | None:
    """apiVersion and kind from the inputs (typed resources set them), else from the token."""
    api_version, kind = resource.inputs.get("apiVersion"), resource.inputs.get("kind")
    if isinstance(api_version, str) and isinstance(kind, str):
        return api_version, kind
    _, module, kind = resource.type.split(":", 2)
    group, _, version = module.partition("/")
    if not version or group in _NOT_API_GROUPS:
        return None
    # The core group has no prefix in apiVersion: "core/v1" -> "v1".
    return (version if group == "core" else module), kind


def _is_manifest_resource(resource: PlannedResource, include_patches: bool) -> bool:
    if not resource.custom or resource.read_id is not None:
        return False
    if not resource.type.startswith("kubernetes:") or resource.type == _PROVIDER_TYPE:
        return False
    # Server-side-apply patches are partial objects, not manifests of their own.
    return include_patches or not resource.type.endswith("Patch")


def _manifest(resource: PlannedResource, api_version: str, kind: str) -> dict[str, Any]:
    metadata = dict(resource.inputs.get("metadata") or {})
    if "name" not in metadata:
        # Pulumi would auto-name the object "<resource name>-<random suffix>"; the suffix
        # is unknowable offline, so the manifest uses the resource name.
        metadata = dict(sorted({**metadata, "name": resource.name}.items()))
    body = {
        key: value
        for key, value in sorted(resource.inputs.items())
        if key not in ("apiVersion", "kind", "metadata") and not key.startswith("__")
    }
    return {"apiVersion": api_version, "kind": kind, "metadata": metadata, **body}


def _cluster_key(resource: PlannedResource) -> str:
    return urn_name(resource.provider) if resource.provider else DEFAULT_CLUSTER


def _default_namespace(plan: Plan, resource: PlannedResource) -> str:
    if resource.provider:
        try:
            namespace = plan.get(resource.provider).inputs.get("namespace")
        except KeyError:
            namespace = None
        if isinstance(namespace, str):
            return namespace
    return "default"


def _namespace(manifest: dict[str, Any]) -> str:
    return str(manifest["metadata"].get("namespace") or "")


def _sort_key(manifest: dict[str, Any]) -> tuple[int, str, str, str]:
    kind = manifest["kind"]
    rank = _KIND_ORDER.index(kind) if kind in _KIND_ORDER else len(_KIND_ORDER)
    return rank, kind, _namespace(manifest), str(manifest["metadata"]["name"])


def _collect(plan: Plan, include_patches: bool) -> dict[str, list[tuple[PlannedResource, dict[str, Any]]]]:
    clusters: dict[str, list[tuple[PlannedResource, dict[str, Any]]]] = {}
    for resource in plan.resources:
        if not _is_manifest_resource(resource, include_patches):
            continue
        api_version_kind = _api_version_kind(resource)
        if api_version_kind is None:
            continue
        manifest = _manifest(resource, *api_version_kind)
        clusters.setdefault(_cluster_key(resource), []).append((resource, manifest))
    for entries in clusters.values():
        entries.sort(key=lambda entry: _sort_key(entry[1]))
    return dict(sorted(clusters.items()))


def kubernetes_manifests(plan: Plan, *, include_patches: bool = False) -> dict[str, list[dict[str, Any]]]:
    """Manifests per cluster key (the explicit provider's name, or ``"default"``).

    Within a cluster: CRDs, Namespaces, ServiceAccounts, RBAC, then the rest, each group by
    kind, namespace and name. ``*Patch`` resources are left out unless ``include_patches``.
    """
    return {
        cluster: [manifest for _, manifest in entries]
        for cluster, entries in _collect(plan, include_patches).items()
    }


def _safe(part: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", part).strip("-") or "unnamed"


def write_manifests(plan: Plan, out_dir: str | Path, *, include_patches: bool = False) -> list[Path]:
    """Write one folder per cluster and one YAML file per object; return the paths written.

    Files are named ``<namespace or "cluster">_<kind>_<name>.yaml`` and start with a comment
    naming the Pulumi resource. Existing files are overwritten, others are left alone.
    """
    written: list[Path] = []
    for cluster, entries in _collect(plan, include_patches).items():
        folder = Path(out_dir) / _safe(cluster)
        folder.mkdir(parents=True, exist_ok=True)
        taken: set[str] = set()
        for resource, manifest in entries:
            kind = manifest["kind"]
            scope = "cluster" if kind in _CLUSTER_SCOPED else _namespace(manifest)
            scope = scope or _default_namespace(plan, resource)
            stem = f"{_safe(scope)}_{kind.lower()}_{_safe(str(manifest['metadata']['name']))}"
            if stem in taken:  # e.g. two objects whose names are both unknown
                stem = f"{stem}_{_safe(resource.name)}"
            taken.add(stem)
            path = folder / f"{stem}.yaml"
            header = f"# pulumi resource: {resource.urn}\n"
            path.write_text(header + yaml.dump(manifest, Dumper=_DUMPER, sort_keys=False), encoding="utf-8")
            written.append(path)
    return written
