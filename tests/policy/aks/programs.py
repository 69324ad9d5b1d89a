"""AKS programs as a Pulumi program without meshfleet writes them (azure-native, pulumi_kubernetes)."""

from __future__ import annotations

import base64
from collections.abc import Sequence

import pulumi
import pulumi_azure_native as azure
import pulumi_kubernetes as kubernetes

AKS_CLUSTER = "azure-native:containerservice:ManagedCluster"
SERVICE_PATCH = "kubernetes:core/v1:ServicePatch"
EXTERNAL = "aks-istio-ingressgateway-external"
INTERNAL = "aks-istio-ingressgateway-internal"
ADDON_NAMESPACE = "aks-istio-ingress"

PRIVATE = azure.containerservice.ManagedClusterAPIServerAccessProfileArgs(enable_private_cluster=True)


def addon(*revisions: str) -> azure.containerservice.ServiceMeshProfileArgs:
    """The Istio add-on with ``revisions`` installed and its external ingress gateway."""
    return azure.containerservice.ServiceMeshProfileArgs(
        mode="Istio",
        istio=azure.containerservice.IstioServiceMeshArgs(
            revisions=list(revisions) or None,
            components=azure.containerservice.IstioComponentsArgs(
                ingress_gateways=[
                    azure.containerservice.IstioIngressGatewayArgs(mode="External", enabled=True)
                ]
            ),
        ),
    )


def aks_cluster(
    name: str = "aks",
    *,
    mesh: azure.containerservice.ServiceMeshProfileArgs | None = None,
    access: azure.containerservice.ManagedClusterAPIServerAccessProfileArgs | None = PRIVATE,
    opts: pulumi.ResourceOptions | None = None,
) -> azure.containerservice.ManagedCluster:
    group = azure.resources.ResourceGroup(f"{name}-rg", resource_group_name=f"{name}-rg", opts=opts)
    return azure.containerservice.ManagedCluster(
        name,
        resource_group_name=group.name,
        resource_name_=f"{name}-1",
        location="japaneast",
        dns_prefix=name,
        service_mesh_profile=mesh,
        api_server_access_profile=access,
        agent_pool_profiles=[
            azure.containerservice.ManagedClusterAgentPoolProfileArgs(
                name="system", mode="System", vm_size="Standard_D4s_v5", count=3
            )
        ],
        opts=opts,
    )


def user_kubeconfig(cluster: azure.containerservice.ManagedCluster) -> pulumi.Output[str]:
    """The cluster's user kubeconfig, from the credentials call (unknown before the cluster exists)."""
    credentials = azure.containerservice.list_managed_cluster_user_credentials_output(
        resource_group_name=f"{cluster.pulumi_resource_name}-rg", resource_name=cluster.name
    )
    return credentials.kubeconfigs.apply(lambda k: base64.b64decode(k[0].value).decode())


def aks_provider(
    cluster: azure.containerservice.ManagedCluster,
    name: str = "aks-k8s",
    *,
    depends: bool = True,
    opts: pulumi.ResourceOptions | None = None,
) -> kubernetes.Provider:
    """A provider on ``cluster``'s credentials; ``depends`` adds dependsOn, which ties it to the
    cluster even in the preview that creates it."""
    extra = pulumi.ResourceOptions(depends_on=[cluster] if depends else None)
    return kubernetes.Provider(
        name, kubeconfig=user_kubeconfig(cluster), opts=pulumi.ResourceOptions.merge(opts, extra)
    )


def labelled_namespace(
    name: str, labels: dict[str, str], provider: kubernetes.Provider | None
) -> kubernetes.core.v1.Namespace:
    return kubernetes.core.v1.Namespace(
        name, metadata={"name": name, "labels": labels}, opts=pulumi.ResourceOptions(provider=provider)
    )


def gateway_patch(
    gateway: str = EXTERNAL,
    annotations: dict[str, str] | None = None,
    *,
    namespace: str = ADDON_NAMESPACE,
    provider: kubernetes.Provider | None = None,
) -> kubernetes.core.v1.ServicePatch:
    """The add-on's gateway Service patched with ``annotations`` (server-side apply)."""
    return kubernetes.core.v1.ServicePatch(
        f"{gateway}-patch",
        metadata={"name": gateway, "namespace": namespace, "annotations": annotations or {}},
        spec=kubernetes.core.v1.ServiceSpecPatchArgs(external_traffic_policy="Local"),
        opts=pulumi.ResourceOptions(provider=provider),
    )


def gateway_service(
    gateway: str = EXTERNAL,
    *,
    namespace: str | None = ADDON_NAMESPACE,
    provider: kubernetes.Provider | None = None,
    annotations: dict[str, str] | None = None,
) -> kubernetes.core.v1.Service:
    """A Service of the add-on gateway's name, created (owned) by the program."""
    return kubernetes.core.v1.Service(
        f"{gateway}-service",
        metadata=kubernetes.meta.v1.ObjectMetaArgs(
            name=gateway, namespace=namespace, annotations=annotations or {}
        ),
        spec={
            "type": "LoadBalancer",
            "selector": {"istio": gateway},
            "ports": [{"name": "http2", "port": 80}],
        },
        opts=pulumi.ResourceOptions(provider=provider),
    )


def revisions_program(revisions: Sequence[str], labels: dict[str, str]) -> None:
    """One add-on cluster running ``revisions``, and a namespace ``apps`` labelled ``labels``."""
    cluster = aks_cluster(mesh=addon(*revisions))
    labelled_namespace("apps", labels, aks_provider(cluster))
