"""Hydrated Kubernetes manifests from a Plan."""

from __future__ import annotations

from pathlib import Path

import pulumi
import pulumi_kubernetes as k8s
import pytest
import yaml

from components.engine.manifests import kubernetes_manifests, write_manifests
from components.engine.plan import SECRET, UNKNOWN, Plan, PlannedResource
from components.engine.recorder import run_program


def two_clusters() -> None:
    east = k8s.Provider("east", kubeconfig=pulumi.Output.secret("hunter2"))
    west = k8s.Provider("west", kubeconfig=pulumi.Output.secret("hunter2"))
    on_east = pulumi.ResourceOptions(provider=east)
    # Deliberately out of apply order: the manifests must still list dependencies first.
    k8s.apps.v1.Deployment(
        "app",
        metadata={"name": "app", "namespace": "sample"},
        spec={
            "selector": {"match_labels": {"app": "app"}},
            "template": {
                "metadata": {"labels": {"app": "app"}},
                "spec": {"containers": [{"name": "app", "image": "nginx"}]},
            },
        },
        opts=on_east,
    )
    k8s.rbac.v1.RoleBinding(
        "reader-binding",
        metadata={"name": "reader", "namespace": "sample"},
        role_ref={"api_group": "rbac.authorization.k8s.io", "kind": "Role", "name": "reader"},
        subjects=[{"kind": "ServiceAccount", "name": "app", "namespace": "sample"}],
        opts=on_east,
    )
    k8s.rbac.v1.Role(
        "reader",
        metadata={"name": "reader", "namespace": "sample"},
        rules=[{"api_groups": [""], "resources": ["pods"], "verbs": ["get"]}],
        opts=on_east,
    )
    k8s.core.v1.ServiceAccount("app-sa", metadata={"name": "app", "namespace": "sample"}, opts=on_east)
    ns = k8s.core.v1.Namespace("sample", metadata={"name": "sample"}, opts=on_east)
    k8s.core.v1.Secret(
        "token",
        metadata={"name": "token", "namespace": ns.metadata.name},
        string_data={"token": "hunter2"},
        opts=on_east,
    )
    k8s.apiextensions.CustomResource(
        "gateway",
        api_version="networking.istio.io/v1",
        kind="Gateway",
        metadata={"name": "ingress", "namespace": "istio-gateway", "labels": {"uid": east.id}},
        spec={"selector": {"istio": "ingressgateway"}},
        opts=pulumi.ResourceOptions(provider=west),
    )
    k8s.core.v1.ConfigMap("ambient", data={"a": "b"})
    k8s.core.v1.ServicePatch("patch", metadata={"name": "gw", "namespace": "sample"}, opts=on_east)
    k8s.helm.v3.Release("istiod", chart="istiod", version="1.24.2", opts=on_east)


@pytest.fixture(scope="module")
def plan() -> Plan:
    return run_program(two_clusters, project="demo", stack="dev")


def test_manifests_are_grouped_by_provider_name(plan: Plan) -> None:
    assert list(kubernetes_manifests(plan)) == ["default", "east", "west"]


def test_dependencies_come_first_within_a_cluster(plan: Plan) -> None:
    kinds = [m["kind"] for m in kubernetes_manifests(plan)["east"]]

    assert kinds == ["Namespace", "ServiceAccount", "Role", "RoleBinding", "Deployment", "Secret"]


def test_custom_resource_becomes_a_full_manifest(plan: Plan) -> None:
    (gateway,) = kubernetes_manifests(plan)["west"]

    assert gateway == {
        "apiVersion": "networking.istio.io/v1",
        "kind": "Gateway",
        "metadata": {"labels": {"uid": UNKNOWN}, "name": "ingress", "namespace": "istio-gateway"},
        "spec": {"selector": {"istio": "ingressgateway"}},
    }


def test_typed_resource_keeps_its_body_fields(plan: Plan) -> None:
    role = next(m for m in kubernetes_manifests(plan)["east"] if m["kind"] == "Role")

    assert list(role) == ["apiVersion", "kind", "metadata", "rules"]
    assert role["apiVersion"] == "rbac.authorization.k8s.io/v1"


def test_fields_use_kubernetes_wire_names(plan: Plan) -> None:
    binding = next(m for m in kubernetes_manifests(plan)["east"] if m["kind"] == "RoleBinding")

    assert binding["roleRef"] == {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "reader"}


def test_secret_data_is_never_in_clear(plan: Plan) -> None:
    secret = next(m for m in kubernetes_manifests(plan)["east"] if m["kind"] == "Secret")

    assert secret["stringData"] == SECRET
    assert "hunter2" not in yaml.safe_dump(kubernetes_manifests(plan))


def test_missing_name_falls_back_to_the_resource_name(plan: Plan) -> None:
    (config_map,) = kubernetes_manifests(plan)["default"]

    assert config_map["metadata"] == {"name": "ambient"}


def test_patches_are_left_out_unless_asked_for(plan: Plan) -> None:
    def kinds(manifests: dict[str, list[dict[str, object]]]) -> list[object]:
        return [m["kind"] for m in manifests["east"]]

    assert "Service" not in kinds(kubernetes_manifests(plan))
    assert "Service" in kinds(kubernetes_manifests(plan, include_patches=True))


def test_api_version_and_kind_fall_back_to_the_type_token() -> None:
    bare = Plan(
        project="demo",
        stack="dev",
        resources=[
            PlannedResource(
                urn="urn:pulumi:dev::demo::kubernetes:core/v1:Service::svc",
                type="kubernetes:core/v1:Service",
                name="svc",
                custom=True,
                inputs={"metadata": {"name": "svc"}},
            ),
            PlannedResource(
                urn="urn:pulumi:dev::demo::kubernetes:helm.sh/v3:Release::r",
                type="kubernetes:helm.sh/v3:Release",
                name="r",
                custom=True,
            ),
        ],
    )

    assert kubernetes_manifests(bare) == {
        "default": [{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "svc"}}]
    }


def test_write_manifests_writes_one_file_per_object(plan: Plan, tmp_path: Path) -> None:
    paths = write_manifests(plan, tmp_path)

    names = sorted(str(p.relative_to(tmp_path)) for p in paths)
    assert names == [
        "default/default_configmap_ambient.yaml",
        "east/cluster_namespace_sample.yaml",
        "east/sample_deployment_app.yaml",
        "east/sample_role_reader.yaml",
        "east/sample_rolebinding_reader.yaml",
        "east/sample_secret_token.yaml",
        "east/sample_serviceaccount_app.yaml",
        "west/istio-gateway_gateway_ingress.yaml",
    ]


def test_written_file_is_the_manifest_with_its_source(plan: Plan, tmp_path: Path) -> None:
    write_manifests(plan, tmp_path)

    text = (tmp_path / "west/istio-gateway_gateway_ingress.yaml").read_text()
    assert text.startswith(
        "# pulumi resource: urn:pulumi:dev::demo::kubernetes:networking.istio.io/v1:Gateway::"
    )
    assert yaml.safe_load(text) == kubernetes_manifests(plan)["west"][0]


def test_written_files_are_identical_across_runs(tmp_path: Path) -> None:
    first = [
        p.read_bytes()
        for p in write_manifests(run_program(two_clusters, project="demo", stack="dev"), tmp_path / "a")
    ]
    second = [
        p.read_bytes()
        for p in write_manifests(run_program(two_clusters, project="demo", stack="dev"), tmp_path / "b")
    ]

    assert first == second


def test_written_yaml_is_what_pyyamls_own_emitter_writes(tmp_path: Path) -> None:
    # The manifests are written with libyaml's emitter for speed; a reviewer's diff of the build
    # must not change with it: long, multi-line, quoted, non-ASCII and marker strings alike.
    configmap = {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": "tricky", "namespace": "sample", "labels": {"a": "yes", "b": "1.10"}},
        "data": {
            "long": "x" * 30 + " " + "word " * 40,
            "multi": "line one\nline two: with a colon\n  indented\n",
            "mesh": "defaultConfig:\n  proxyMetadata: {}\nenableAutoMtls: true\n",
            "quoted": "'single' and \"double\" # not a comment",
            "unicode": "café ✓ 東京",
            "empty": "",
            "null-like": "null",
            "unknown": UNKNOWN,
            "secret": SECRET,
        },
        "binaryData": None,
        "list": [[], {}, [1, 2.5, True], {"k": [{"deep": "value"}]}],
    }
    resource = PlannedResource(
        urn="urn:pulumi:dev::demo::kubernetes:core/v1:ConfigMap::tricky",
        type="kubernetes:core/v1:ConfigMap",
        name="tricky",
        custom=True,
        inputs={k: v for k, v in configmap.items() if k not in ("apiVersion",)},
    )
    plan = Plan(project="demo", stack="dev", resources=[resource])
    [path] = write_manifests(plan, tmp_path)
    [manifest] = kubernetes_manifests(plan)["default"]

    header = f"# pulumi resource: {resource.urn}\n"
    assert path.read_text(encoding="utf-8") == header + yaml.dump(
        manifest, Dumper=yaml.SafeDumper, sort_keys=False
    )
