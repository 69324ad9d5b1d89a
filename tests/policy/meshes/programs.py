"""Multi-cluster meshes written without meshfleet: plain pulumi_kubernetes, as Istio's guides do it."""

from __future__ import annotations

from typing import Any

import pulumi
import pulumi_kubernetes as kubernetes

KUBECONFIG = "apiVersion: v1\nkind: Config\n"


def cluster(name: str) -> pulumi.ResourceOptions:
    return pulumi.ResourceOptions(provider=kubernetes.Provider(f"{name}-k8s", kubeconfig=KUBECONFIG))


def istiod(
    on: pulumi.ResourceOptions, name: str, network: str, mesh_config: dict[str, Any] | None = None
) -> None:
    kubernetes.helm.v3.Release(
        f"{name}-istiod",
        chart="istiod",
        namespace="istio-system",
        values={
            "global": {"meshID": "mesh1", "network": network, "multiCluster": {"clusterName": name}},
            "meshConfig": mesh_config or {},
        },
        opts=on,
    )


def cacerts(on: pulumi.ResourceOptions, name: str, root: str) -> None:
    kubernetes.core.v1.Secret(
        f"{name}-cacerts",
        metadata=kubernetes.meta.v1.ObjectMetaArgs(
            name="cacerts", namespace="istio-system", annotations={"meshfleet.io/trust-root": root}
        ),
        string_data=pulumi.Output.secret({"root-cert.pem": "PEM", "ca-cert.pem": "PEM"}),
        opts=on,
    )


def east_west(
    on: pulumi.ResourceOptions,
    name: str,
    network: str,
    service_type: str = "LoadBalancer",
    annotations: dict[str, str] | None = None,
) -> None:
    # samples/multicluster/gen-eastwest-gateway.sh, as a plain Service.
    kubernetes.core.v1.Service(
        f"{name}-eastwest",
        metadata=kubernetes.meta.v1.ObjectMetaArgs(
            name="istio-eastwestgateway",
            namespace="istio-system",
            labels={"istio": "eastwestgateway", "topology.istio.io/network": network},
            annotations=annotations,
        ),
        spec=kubernetes.core.v1.ServiceSpecArgs(
            type=service_type,
            selector={"istio": "eastwestgateway"},
            ports=[
                kubernetes.core.v1.ServicePortArgs(name="status-port", port=15021),
                kubernetes.core.v1.ServicePortArgs(name="tls", port=15443),
            ],
        ),
        opts=on,
    )


def egress_gateway(on: pulumi.ResourceOptions, name: str) -> None:
    labels = {"app": "istio-egressgateway", "istio": "egressgateway"}
    kubernetes.apps.v1.Deployment(
        f"{name}-egress",
        metadata=kubernetes.meta.v1.ObjectMetaArgs(name="istio-egressgateway", namespace="istio-egress"),
        spec=kubernetes.apps.v1.DeploymentSpecArgs(
            selector=kubernetes.meta.v1.LabelSelectorArgs(match_labels=labels),
            template=kubernetes.core.v1.PodTemplateSpecArgs(
                metadata=kubernetes.meta.v1.ObjectMetaArgs(
                    labels=labels, annotations={"inject.istio.io/templates": "gateway"}
                ),
                spec=kubernetes.core.v1.PodSpecArgs(
                    containers=[kubernetes.core.v1.ContainerArgs(name="istio-proxy", image="auto")]
                ),
            ),
        ),
        opts=on,
    )


def two_primaries(
    *, roots: tuple[str | None, str | None] = ("root", "root"), networks: tuple[str, str] = ("n1", "n1")
) -> tuple[pulumi.ResourceOptions, pulumi.ResourceOptions]:
    """Two clusters whose istiods read each other (multi-primary), each with the given root."""
    a, b = cluster("a"), cluster("b")
    for on, name, root, network, peer in (
        (a, "a", roots[0], networks[0], "b"),
        (b, "b", roots[1], networks[1], "a"),
    ):
        istiod(on, name, network)
        if root is not None:
            cacerts(on, name, root)
        kubernetes.core.v1.Secret(
            f"remote-{peer}-in-{name}",
            metadata=kubernetes.meta.v1.ObjectMetaArgs(
                name=f"istio-remote-secret-{peer}",
                namespace="istio-system",
                labels={"istio/multiCluster": "true"},
                annotations={"networking.istio.io/cluster": peer},
            ),
            string_data=pulumi.Output.secret({peer: "kubeconfig"}),
            opts=on,
        )
    return a, b
