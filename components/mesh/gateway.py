"""IstioGateway: an injected Envoy gateway in a namespace of its own (Google's "Installing and upgrading
gateways" guides; Google's "Set up a multi-cluster mesh on managed Cloud Service Mesh"):
ingress, egress (with its egress hosts' Istio objects) or east-west (with its cross-network
Gateway)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import pulumi
import pulumi_kubernetes as kubernetes

from components.mesh.istio_objects import istio_object
from components.render.egress import egress_objects
from components.render.gateway import SAMPLE_PROXY_RESOURCES, gateway_objects, gateway_pod_labels
from components.spec import check_gateway
from components.spec.models import GatewaySpec

TOKEN = "meshfleet:index:IstioGateway"


@dataclass(frozen=True)
class IstioGatewayArgs:
    gateway: GatewaySpec
    """The validated gateway spec: name, namespace, replicas, Service type."""
    injection_labels: Mapping[str, str]
    """The namespace label that makes the cluster's control plane inject the gateway's proxy
    (`MeshCluster.control_plane.injection_labels`)."""
    provider: kubernetes.Provider
    """The cluster's Kubernetes provider; never the ambient kubeconfig."""
    mesh_ready: Sequence[pulumi.Resource] = field(default_factory=tuple)
    """What must exist before the gateway's Deployment and Service: the control plane's
    readiness (`ControlPlane.ready`), whose injector replaces `image: auto`. Without it the
    Pods keep the image "auto" and the Service never gets endpoints."""
    namespace: kubernetes.core.v1.Namespace | None = None
    """The Namespace to run in, when it is shared (Google's "Installing and upgrading gateways" puts
    ingress and egress gateways
    in one). Default: the component creates its own, labelled for injection."""
    network: str | None = None
    """The cluster's Istio network (`PlatformSpec.mesh_network`); an east-west gateway's Pods
    announce it (`topology.istio.io/network`). Unused by other kinds."""
    internal_lb_annotations: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """The cluster's annotations for an internal LoadBalancer Service
    (`ControlPlane.internal_lb_annotations`); an east-west gateway's Service gets them."""
    revision_ready: Mapping[str, Sequence[pulumi.Resource]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    """What Pods pinned to a revision wait for, by revision (`ControlPlane.revision_ready`): the
    Deployment pinned by the gateway's `revision` and the canary each wait for their own
    revision's istiod, besides `mesh_ready`, so a canary never starts before its injector."""

    proxy_resources: Mapping[str, Mapping[str, str]] | None = None
    """The proxy container's requests and limits (`ControlPlane.proxy_resources`); None: the sample's."""


def _pinned_ready(args: IstioGatewayArgs, revision: str | None) -> list[pulumi.Resource]:
    return list(args.revision_ready.get(revision, ())) if revision is not None else []


class IstioGateway(pulumi.ComponentResource):
    """Namespace, ServiceAccount, Role/RoleBinding, Deployment, Service, HPA and PDB of one
    gateway; its `<name>-canary` Deployment during a canary upgrade; an egress gateway's
    ServiceEntry, Gateway and VirtualService per egress host and its DestinationRule; an
    east-west gateway's `cross-network-gateway`.

    Outputs: every object as a resource (`canary` None without one, `istio` the Istio
    objects), `pod_labels` (plain: the selector an Istio Gateway must use), `namespace_name`
    and `service_name`.
    """

    def __init__(self, name: str, args: IstioGatewayArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        # The platform's rules for one gateway, before anything is registered: istio-system or
        # kube-system is refused rather than created or taken over as the gateway's namespace.
        check_gateway(args.gateway, "IstioGatewayArgs.gateway")
        super().__init__(TOKEN, name, None, opts)
        objs = gateway_objects(
            args.gateway,
            args.injection_labels,
            network=args.network,
            internal_lb_annotations=args.internal_lb_annotations,
            proxy_resources=args.proxy_resources or SAMPLE_PROXY_RESOURCES,
        )
        on_cluster = pulumi.ResourceOptions(parent=self, provider=args.provider)

        self.namespace = args.namespace or kubernetes.core.v1.Namespace(
            f"{name}-namespace", metadata=objs.namespace["metadata"], opts=on_cluster
        )
        in_namespace = pulumi.ResourceOptions.merge(
            on_cluster, pulumi.ResourceOptions(depends_on=[self.namespace])
        )
        self.service_account = kubernetes.core.v1.ServiceAccount(
            f"{name}-sa", metadata=objs.service_account["metadata"], opts=in_namespace
        )
        self.role = kubernetes.rbac.v1.Role(
            f"{name}-role", metadata=objs.role["metadata"], rules=objs.role["rules"], opts=in_namespace
        )
        self.role_binding = kubernetes.rbac.v1.RoleBinding(
            f"{name}-rolebinding",
            metadata=objs.role_binding["metadata"],
            role_ref=objs.role_binding["roleRef"],
            subjects=objs.role_binding["subjects"],
            opts=pulumi.ResourceOptions.merge(
                in_namespace, pulumi.ResourceOptions(depends_on=[self.role, self.service_account])
            ),
        )

        def deployment(
            role: str, manifest: Mapping[str, Any], revision: str | None
        ) -> kubernetes.apps.v1.Deployment:
            # Its Pods are injected: it waits for the control plane and, when the Pods pin a
            # revision, for that revision's own injector.
            return kubernetes.apps.v1.Deployment(
                f"{name}-{role}",
                metadata=manifest["metadata"],
                spec=manifest["spec"],
                opts=pulumi.ResourceOptions.merge(
                    in_namespace,
                    pulumi.ResourceOptions(
                        depends_on=[
                            self.service_account,
                            self.role_binding,
                            *args.mesh_ready,
                            *_pinned_ready(args, revision),
                        ]
                    ),
                ),
            )

        self.deployment = deployment("deployment", objs.deployment, args.gateway.revision)
        canary = args.gateway.canary
        self.canary = (
            deployment("canary-deployment", objs.canary, canary.revision)
            if objs.canary is not None and canary is not None
            else None
        )
        # The Kubernetes provider awaits a Service's endpoints, which only injected, ready
        # gateway Pods give: created before the control plane, it would wait for nothing.
        self.service = kubernetes.core.v1.Service(
            f"{name}-service",
            metadata=objs.service["metadata"],
            spec=objs.service["spec"],
            opts=pulumi.ResourceOptions.merge(
                in_namespace, pulumi.ResourceOptions(depends_on=list(args.mesh_ready))
            ),
        )
        after_deployment = pulumi.ResourceOptions.merge(
            in_namespace, pulumi.ResourceOptions(depends_on=[self.deployment])
        )
        self.hpa = kubernetes.autoscaling.v2.HorizontalPodAutoscaler(
            f"{name}-hpa", metadata=objs.hpa["metadata"], spec=objs.hpa["spec"], opts=after_deployment
        )
        self.pdb = kubernetes.policy.v1.PodDisruptionBudget(
            f"{name}-pdb", metadata=objs.pdb["metadata"], spec=objs.pdb["spec"], opts=after_deployment
        )

        # Istio objects need the control plane's CRDs served: they wait for its readiness.
        istio_opts = pulumi.ResourceOptions.merge(
            in_namespace, pulumi.ResourceOptions(depends_on=list(args.mesh_ready))
        )
        self.istio: list[kubernetes.apiextensions.CustomResource] = [
            istio_object(f"{name}-{obj['kind'].lower()}/{obj['metadata']['name']}", obj, istio_opts)
            for obj in (*objs.istio, *egress_objects(args.gateway))
        ]

        self.pod_labels = gateway_pod_labels(args.gateway)
        self.namespace_name = args.gateway.namespace
        self.service_name = args.gateway.name
        self.register_outputs(
            {
                "pod_labels": self.pod_labels,
                "namespace_name": self.namespace_name,
                "service_name": self.service_name,
            }
        )
