"""IstioGateway: an injected Envoy gateway, in its own namespace, on its cluster's explicit provider."""

from __future__ import annotations

from typing import Any

import pulumi_kubernetes as kubernetes
import pytest

from components.engine import Plan
from components.gcp.mesh import CloudServiceMesh, CloudServiceMeshArgs
from components.mesh.gateway import IstioGateway, IstioGatewayArgs
from components.render.injection import namespace_labels as injection_labels
from components.spec.models import GatewaySpec, MeshSpec
from tests.harness import (
    DEPLOYMENT,
    FEATURE_MEMBERSHIP,
    HPA,
    ISTIO_GATEWAY,
    K8S_PROVIDER,
    K8S_SERVICE,
    K8S_SERVICE_ACCOUNT,
    NAMESPACE,
    PDB,
    ROLE,
    ROLE_BINDING,
    STACK_URN,
    kubernetes_objects,
    plan_of,
)

COMPONENT_URN = f"urn:pulumi:test::meshfleet::{ISTIO_GATEWAY}::gw"
PROVIDER_URN = f"urn:pulumi:test::meshfleet::{K8S_PROVIDER}::tokyo-1-k8s"
POD_LABELS = {"app": "istio-ingressgateway", "istio": "ingressgateway"}

# One object of each kind, in the order the component creates them.
OBJECT_TYPES = [NAMESPACE, K8S_SERVICE_ACCOUNT, ROLE, ROLE_BINDING, DEPLOYMENT, K8S_SERVICE, HPA, PDB]


def gateway_plan(
    gateway: dict[str, Any] | None = None, mesh: dict[str, Any] | None = None, **args: Any
) -> Plan:
    """The plan of one IstioGateway on a managed cluster; `args` override IstioGatewayArgs fields."""
    spec = GatewaySpec.model_validate(
        gateway or {"name": "istio-ingressgateway", "kind": "ingress", "namespace": "istio-gateway"}
    )
    mesh_spec = MeshSpec.model_validate(mesh or {"channel": "stable", "injection": "revision"})

    def build() -> None:
        provider = kubernetes.Provider("tokyo-1-k8s", kubeconfig="apiVersion: v1\nkind: Config\n")
        csm = CloudServiceMesh(
            "csm", CloudServiceMeshArgs(project="acme-mesh-dev", memberships={"tokyo-1": "tokyo-1"})
        )
        IstioGateway(
            "gw",
            IstioGatewayArgs(
                **{
                    "gateway": spec,
                    "injection_labels": injection_labels(mesh_spec),
                    "provider": provider,
                    "mesh_ready": csm.ready("tokyo-1"),
                    **args,
                }
            ),
        )

    return plan_of(build)


@pytest.fixture(scope="module")
def plan() -> Plan:
    return gateway_plan()


def manifest(plan: Plan, type_: str) -> dict[str, Any]:
    return next(r for r in kubernetes_objects(plan, COMPONENT_URN) if r.type == type_).inputs


def namespace_labels(plan: Plan) -> dict[str, str]:
    return manifest(plan, NAMESPACE)["metadata"]["labels"]


def test_component_type_token_is_meshfleet_index_istio_gateway(plan: Plan) -> None:
    component = plan.find(ISTIO_GATEWAY, "gw")

    assert (component.urn, component.custom, component.parent) == (COMPONENT_URN, False, STACK_URN)


def test_creates_one_object_of_each_gateway_kind(plan: Plan) -> None:
    assert [r.type for r in kubernetes_objects(plan, COMPONENT_URN)] == OBJECT_TYPES


def test_every_kubernetes_object_uses_the_clusters_explicit_provider(plan: Plan) -> None:
    objects = kubernetes_objects(plan, COMPONENT_URN)

    assert plan.get(PROVIDER_URN).type == K8S_PROVIDER
    assert [r.provider for r in objects] == [PROVIDER_URN] * len(OBJECT_TYPES)


def test_children_are_parented_to_the_component(plan: Plan) -> None:
    assert {r.parent for r in kubernetes_objects(plan, COMPONENT_URN)} == {COMPONENT_URN}


def test_child_names_are_component_name_and_role(plan: Plan) -> None:
    assert [r.name for r in kubernetes_objects(plan, COMPONENT_URN)] == [
        "gw-namespace",
        "gw-sa",
        "gw-role",
        "gw-rolebinding",
        "gw-deployment",
        "gw-service",
        "gw-hpa",
        "gw-pdb",
    ]


def test_namespace_is_labelled_with_the_managed_revision_for_revision_injection(plan: Plan) -> None:
    labels = namespace_labels(plan)

    assert labels["istio.io/rev"] == "asm-managed-stable"
    assert "istio-injection" not in labels


@pytest.mark.parametrize(
    ("channel", "revision"), [("rapid", "asm-managed-rapid"), ("regular", "asm-managed")]
)
def test_namespace_revision_follows_the_mesh_channel(channel: str, revision: str) -> None:
    plan = gateway_plan(mesh={"channel": channel, "injection": "revision"})

    assert namespace_labels(plan)["istio.io/rev"] == revision


def test_namespace_is_labelled_istio_injection_enabled_for_default_injection() -> None:
    labels = namespace_labels(gateway_plan(mesh={"injection": "default"}))

    assert labels["istio-injection"] == "enabled"
    assert "istio.io/rev" not in labels


def test_namespace_is_the_gateways_own(plan: Plan) -> None:
    assert manifest(plan, NAMESPACE)["metadata"]["name"] == "istio-gateway"


def test_namespaced_objects_live_in_the_gateway_namespace(plan: Plan) -> None:
    namespaced = [r for r in kubernetes_objects(plan, COMPONENT_URN) if r.type != NAMESPACE]

    assert {r.inputs["metadata"]["namespace"] for r in namespaced} == {"istio-gateway"}


def test_namespaced_objects_wait_for_the_namespace(plan: Plan) -> None:
    namespace = plan.find(NAMESPACE, "gw-namespace")
    namespaced = [r for r in kubernetes_objects(plan, COMPONENT_URN) if r.type != NAMESPACE]

    assert [namespace.urn in r.dependencies for r in namespaced] == [True] * (len(OBJECT_TYPES) - 1)


def test_deployment_template_asks_for_the_gateway_injection_template(plan: Plan) -> None:
    template = manifest(plan, DEPLOYMENT)["spec"]["template"]

    assert template["metadata"]["annotations"]["inject.istio.io/templates"] == "gateway"


def test_deployment_proxy_image_is_auto(plan: Plan) -> None:
    containers = manifest(plan, DEPLOYMENT)["spec"]["template"]["spec"]["containers"]

    assert [(c["name"], c["image"]) for c in containers] == [("istio-proxy", "auto")]


def test_deployment_pods_carry_the_app_and_istio_labels(plan: Plan) -> None:
    spec = manifest(plan, DEPLOYMENT)["spec"]

    assert spec["selector"]["matchLabels"] == POD_LABELS
    assert POD_LABELS.items() <= spec["template"]["metadata"]["labels"].items()


def test_deployment_leaves_replicas_to_the_autoscaler(plan: Plan) -> None:
    assert "replicas" not in manifest(plan, DEPLOYMENT)["spec"]


def test_deployment_runs_as_the_gateway_service_account(plan: Plan) -> None:
    pod = manifest(plan, DEPLOYMENT)["spec"]["template"]["spec"]

    assert pod["serviceAccountName"] == manifest(plan, K8S_SERVICE_ACCOUNT)["metadata"]["name"]


def test_deployment_waits_for_the_mesh_feature_membership(plan: Plan) -> None:
    deployment = plan.find(DEPLOYMENT, "gw-deployment")

    assert plan.find(FEATURE_MEMBERSHIP, "csm-tokyo-1").urn in deployment.dependencies


def test_service_waits_for_the_mesh_feature_membership(plan: Plan) -> None:
    # The Kubernetes provider awaits the Service's endpoints: only injected gateway Pods give them.
    service = plan.find(K8S_SERVICE, "gw-service")

    assert plan.find(FEATURE_MEMBERSHIP, "csm-tokyo-1").urn in service.dependencies


def test_deployment_waits_for_its_service_account_and_role_binding(plan: Plan) -> None:
    deployment = plan.find(DEPLOYMENT, "gw-deployment")

    assert plan.find(K8S_SERVICE_ACCOUNT, "gw-sa").urn in deployment.dependencies
    assert plan.find(ROLE_BINDING, "gw-rolebinding").urn in deployment.dependencies


def test_role_binding_grants_the_role_to_the_gateway_service_account(plan: Plan) -> None:
    binding = manifest(plan, ROLE_BINDING)

    assert binding["roleRef"] == {
        "apiGroup": "rbac.authorization.k8s.io",
        "kind": "Role",
        "name": manifest(plan, ROLE)["metadata"]["name"],
    }
    assert binding["subjects"] == [
        {"kind": "ServiceAccount", "name": "istio-ingressgateway", "namespace": "istio-gateway"}
    ]


def test_service_exposes_status_http_and_https_ports(plan: Plan) -> None:
    ports = manifest(plan, K8S_SERVICE)["spec"]["ports"]

    assert [p["port"] for p in ports] == [15021, 80, 443]


def test_service_selects_the_gateway_pods(plan: Plan) -> None:
    assert manifest(plan, K8S_SERVICE)["spec"]["selector"] == POD_LABELS


def test_service_is_a_load_balancer_by_default(plan: Plan) -> None:
    assert manifest(plan, K8S_SERVICE)["spec"]["type"] == "LoadBalancer"


def test_service_type_follows_the_spec() -> None:
    plan = gateway_plan(
        {"name": "istio-ingressgateway", "namespace": "istio-gateway", "serviceType": "ClusterIP"}
    )

    assert manifest(plan, K8S_SERVICE)["spec"]["type"] == "ClusterIP"


def test_hpa_is_autoscaling_v2_scaling_the_deployment(plan: Plan) -> None:
    hpa = manifest(plan, HPA)

    assert hpa["apiVersion"] == "autoscaling/v2"
    assert hpa["spec"]["scaleTargetRef"] == {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "name": "istio-ingressgateway",
    }


def test_hpa_bounds_follow_the_spec_replicas() -> None:
    plan = gateway_plan(
        {"name": "istio-ingressgateway", "namespace": "istio-gateway", "replicas": {"min": 2, "max": 9}}
    )
    spec = manifest(plan, HPA)["spec"]

    assert (spec["minReplicas"], spec["maxReplicas"]) == (2, 9)


def test_pdb_is_policy_v1_over_the_gateway_pods(plan: Plan) -> None:
    pdb = manifest(plan, PDB)

    assert pdb["apiVersion"] == "policy/v1"
    assert pdb["spec"]["selector"] == {"matchLabels": POD_LABELS}


def test_pod_labels_follow_the_gateway_name() -> None:
    plan = gateway_plan({"name": "edge", "namespace": "edge-gateway"})

    assert manifest(plan, DEPLOYMENT)["spec"]["selector"]["matchLabels"] == {"app": "edge", "istio": "edge"}


def test_pod_labels_output_is_what_the_deployment_selects() -> None:
    spec = GatewaySpec.model_validate({"name": "istio-ingressgateway", "namespace": "istio-gateway"})
    captured: dict[str, dict[str, str]] = {}

    def build() -> None:
        provider = kubernetes.Provider("tokyo-1-k8s", kubeconfig="apiVersion: v1\n")
        gateway = IstioGateway(
            "gw",
            IstioGatewayArgs(gateway=spec, injection_labels=injection_labels(MeshSpec()), provider=provider),
        )
        captured["pod_labels"] = gateway.pod_labels  # a plain dict, not an Output

    plan = plan_of(build)

    assert captured["pod_labels"] == manifest(plan, DEPLOYMENT)["spec"]["selector"]["matchLabels"]
