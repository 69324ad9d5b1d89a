"""What a cluster hands the mesh layer, whichever cloud built it (or none did).

Each cloud package builds its own clusters and control planes and describes every cluster to
`MeshPlatform` with one `MeshCluster`. The platform then creates the mesh objects on each
(the mesh-wide mTLS policy, namespaces, gateways, routes) from these fields alone, so it never
asks which cloud a cluster is on. The kinds this has to carry:

- GKE with Cloud Service Mesh: the fleet enrolment, then a readiness gate per cluster (the
  Istio CRDs served, the managed revision reconciled), is what mesh objects wait for, and the
  managed revision (`asm-managed-stable`) or `istio-injection=enabled` labels namespaces;
- AKS with the Istio add-on: the ManagedCluster's mesh profile is the control plane, its
  revisions (`asm-1-24`) label namespaces, and its root namespace is `aks-istio-system`;
- a cluster meshfleet does not create (on-prem, attached) or a GKE cluster with in-cluster
  istiod: the provider comes from a kubeconfig, and the control plane is the Helm release
  of `istiod` at a revision, which the cloud package installs with `components.mesh`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import pulumi
import pulumi_kubernetes as kubernetes

from components.render.mtls import ROOT_NAMESPACE


@dataclass(frozen=True)
class ControlPlane:
    """The mesh control plane of one cluster, as the objects that join it see it."""

    ready: tuple[pulumi.Resource, ...]
    """What every mesh object on the cluster waits for: resources that exist once the control
    plane can take them. Its CRDs must be served before Istio objects, and its injector must
    run before gateway Pods (`image: auto`). A managed control plane that appears after its
    enrolment needs a gate such as `components.mesh.readiness.ControlPlaneReadiness`."""
    injection_labels: Mapping[str, str]
    """The one label a namespace needs for its Pods to get this control plane's proxy, e.g.
    `{"istio.io/rev": "asm-managed-stable"}` or `{"istio-injection": "enabled"}`."""
    revisions: tuple[str, ...]
    """Revisions running on the cluster; more than one during a canary upgrade."""
    root_namespace: str = ROOT_NAMESPACE
    """Istio's root namespace, where mesh-wide policies go (the AKS add-on's is aks-istio-system)."""
    revision_ready: Mapping[str, tuple[pulumi.Resource, ...]] = field(default_factory=dict)
    """What a Pod pinned to one revision (a gateway's own `istio.io/rev`, a canary) waits for,
    by revision, where revisions are installed one by one (in-cluster istiod). Empty where
    `ready` covers every revision (a managed control plane)."""
    internal_lb_annotations: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """The Service annotations that make this cluster's LoadBalancer internal, e.g. GKE's
    `networking.gke.io/load-balancer-type: Internal` or AKS's
    `service.beta.kubernetes.io/azure-load-balancer-internal: "true"`. East-west gateways get
    them (Google's "Installing and upgrading gateways": public by default). Empty: the cluster has no such
    load balancer (on-prem),
    and an east-west Service stays as its spec says."""

    proxy_resources: Mapping[str, Mapping[str, str]] | None = None
    """Requests and limits of gateway proxies on this cluster, where its platform needs its own
    (GKE Autopilot: `components.render.gateway.AUTOPILOT_PROXY_RESOURCES`). None: the sample's."""


@dataclass(frozen=True)
class RemoteAccess:
    """How the other clusters' istiods read this cluster's API server (Istio remote secrets)."""

    server: pulumi.Input[str]
    """The API server's URL as the other clusters' istiod Pods reach it, e.g. a GKE cluster's
    private endpoint (Google's "Set up a multi-cluster mesh on managed Cloud Service Mesh") or the server
    of an attached cluster's kubeconfig (what
    `istioctl create-remote-secret` uses by default)."""
    reader_token: kubernetes.core.v1.Secret
    """The `kubernetes.io/service-account-token` Secret of `istio-reader-service-account` on
    this cluster; its `data` (`token`, `ca.crt`) is filled in by the cluster and read back."""


@dataclass(frozen=True)
class MeshCluster:
    """One cluster, ready for mesh objects: its provider, its control plane and its identity."""

    name: str
    """The cluster's name in the spec; mesh objects are named after it."""
    provider: kubernetes.Provider
    """Kubernetes provider for the cluster; every object on it uses this, never the ambient one."""
    control_plane: ControlPlane
    """The control plane mesh objects join and wait for."""
    cluster_name: pulumi.Input[str]
    """The cluster's name at its cloud (an output of the cloud resource); stack output `clusterNames`."""
    kubeconfig: pulumi.Input[str]
    """Credentials of the provider, a Pulumi secret; stack output `kubeconfigs`."""
    remote_access: RemoteAccess | None = None
    """Set on a cluster whose in-cluster istiod shares a mesh with other in-cluster istiods:
    each of the others gets a remote secret for this one. None with a managed control plane,
    whose multi-cluster discovery is the cloud's (GKE: `asm-options`)."""


@dataclass(frozen=True)
class MeshObjects:
    """What the platform created on the clusters, for a cloud's second phase
    (`components.clouds.AfterMesh`)."""

    namespaces: Mapping[str, Mapping[str, kubernetes.core.v1.Namespace]]
    """Cluster name -> namespace name -> the Namespace the platform created there (gateway
    and route namespaces; never the built-in ones)."""
