"""MultiClusterIngress: a global load balancer before one gateway of every cluster (Google's "Setting up
Multi Cluster Ingress").

Two phases, because the mesh layer creates gateway namespaces after the cloud is built:
`MultiClusterIngress(...)` makes the fleet features, the importer's IAM and the static IP;
`deploy_objects(...)` then adds the BackendConfig, MultiClusterService and MultiClusterIngress
to the config cluster, once its gateway namespace exists (`GkeFleet.after_mesh`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pulumi
import pulumi_gcp as gcp
import pulumi_kubernetes as kubernetes

from components.render.mci import PRE_SHARED_CERTS_ANNOTATION, STATIC_IP_ANNOTATION, mci_objects
from components.spec.models import GatewaySpec

TOKEN = "meshfleet:index:MultiClusterIngress"

MCI_APIS = (
    # "Setting up Multi Cluster Ingress": gcloud services enable multiclusteringress, gkehub,
    # container, multiclusterservicediscovery (cloud.google.com/kubernetes-engine/docs/how-to/
    # multi-cluster-ingress-setup).
    "multiclusteringress.googleapis.com",
    "multiclusterservicediscovery.googleapis.com",
    # "Configuring multi-cluster Services": MCS also needs Cloud DNS, Cloud Service Mesh's
    # Traffic Director and Resource Manager (cloud.google.com/kubernetes-engine/docs/how-to/
    # multi-cluster-services, "Enabling MCS").
    "dns.googleapis.com",
    "trafficdirector.googleapis.com",
    "cloudresourcemanager.googleapis.com",
)
"""APIs enabled besides `apis.MESH_PLATFORM_APIS` when a spec has `multiClusterIngress`."""

# The MCS importer runs as this Kubernetes service account in every member cluster; through
# Workload Identity it lists the VPC's network endpoints ("Configuring multi-cluster Services":
# roles/compute.networkViewer for PROJECT_ID.svc.id.goog[gke-mcs/gke-mcs-importer]).
IMPORTER_ROLE = "roles/compute.networkViewer"


def importer_member(project: str) -> str:
    """The MCS importer's Workload Identity principal in `project`'s pool."""
    return f"serviceAccount:{project}.svc.id.goog[gke-mcs/gke-mcs-importer]"


def membership_path(project: str, membership_id: pulumi.Input[str]) -> pulumi.Output[str]:
    """The full resource name the `multiclusteringress` feature takes as its config membership."""
    return pulumi.Output.concat("projects/", project, "/locations/global/memberships/", membership_id)


@dataclass(frozen=True)
class BuiltIngress:
    """The cloud side of a Multi Cluster Ingress that another stack (the clusters layer) built."""

    address: pulumi.Input[str] | None = None
    """The static IP the clusters layer exported (`mciAddress`), with `static_ip`."""


@dataclass(frozen=True)
class MultiClusterIngressArgs:
    project: str
    """Fleet host project; the features, the IAM binding and the address live in it."""
    config_membership: pulumi.Input[str]
    """Fleet membership id (global) of the config cluster, which holds the MCI objects."""
    static_ip: bool = False
    """Reserve a global static IP and name it in the MultiClusterIngress. Default false: an
    ephemeral address, which changes when the MultiClusterIngress is recreated."""
    pre_shared_certificates: Sequence[str] = ()
    """Names of existing compute SslCertificates to serve HTTPS with; needs `static_ip`."""
    managed_domains: Sequence[str] = ()
    """Domains of a Google-managed certificate to create and serve HTTPS with; needs `static_ip`."""
    name_prefix: str = ""
    """Start of the address's physical name (the spec's prefix), so stacks sharing a project
    do not collide."""
    network_project: str | None = None
    """The project that owns the VPC whose network endpoints the MCS importer reads (the Shared
    VPC host project): its `roles/compute.networkViewer` binding goes there. Default: `project`."""
    workload_identity_clusters: Sequence[pulumi.Resource] = ()
    """Clusters with Workload Identity (the config cluster): the importer's IAM binding waits
    for them, since the project's pool `<project>.svc.id.goog` exists only once one does.
    Default none: the binding may race the pool on a fresh project."""


class MultiClusterIngress(pulumi.ComponentResource):
    """The `multiclusteringress` and `multiclusterservicediscovery` fleet features, the MCS
    importer's IAM binding and, if asked, a global static IP; `deploy_objects` adds the
    Kubernetes objects on the config cluster.

    Outputs: `ingress_feature`, `discovery_feature`, `importer_binding`, `address` (None
    without a static IP), `certificate` (the managed certificate, or None), `objects` (the
    CustomResources, once deployed).
    """

    def __init__(
        self,
        name: str,
        args: MultiClusterIngressArgs,
        opts: pulumi.ResourceOptions | None = None,
        built: BuiltIngress | None = None,
    ) -> None:
        super().__init__(TOKEN, name, None, opts)
        self._name = name
        self.ingress_feature: gcp.gkehub.Feature | None = None
        self.discovery_feature: gcp.gkehub.Feature | None = None
        self.importer_binding: gcp.projects.IAMMember | None = None
        self.address: gcp.compute.GlobalAddress | None = None
        self.certificate: gcp.compute.ManagedSslCertificate | None = None
        physical = f"{args.name_prefix}-mci" if args.name_prefix else "mci"
        if built is None:
            self._cloud(name, args, physical)
            self._address = self.address.address if self.address is not None else None
            certificate = self.certificate.name if self.certificate is not None else None
        else:
            # Another stack built the cloud side: only what the objects name is read back.
            self._address = built.address if args.static_ip else None
            certificate = f"{physical}-cert" if args.managed_domains else None
        certificates: list[pulumi.Input[str]] = list(args.pre_shared_certificates)
        if certificate is not None:
            certificates.append(certificate)
        # One comma-separated list of certificate names, as the annotation takes it.
        self._certificates = (
            pulumi.Output.all(*certificates).apply(lambda names: ",".join(str(n) for n in names))
            if certificates
            else None
        )
        self.objects: list[kubernetes.apiextensions.CustomResource] = []
        self.register_outputs({"address": self.address.address if self.address else None})

    def _cloud(self, name: str, args: MultiClusterIngressArgs, physical: str) -> None:
        """The fleet features, the importer's IAM binding, the address and the certificate."""
        child = pulumi.ResourceOptions(parent=self)
        self.discovery_feature = gcp.gkehub.Feature(
            f"{name}-discovery",
            name="multiclusterservicediscovery",
            project=args.project,
            location="global",
            opts=child,
        )
        self.ingress_feature = gcp.gkehub.Feature(
            f"{name}-feature",
            name="multiclusteringress",
            project=args.project,
            location="global",
            spec=gcp.gkehub.FeatureSpecArgs(
                multiclusteringress=gcp.gkehub.FeatureSpecMulticlusteringressArgs(
                    config_membership=membership_path(args.project, args.config_membership)
                )
            ),
            # MCI derives its Services through multi-cluster service discovery.
            opts=pulumi.ResourceOptions(parent=self, depends_on=[self.discovery_feature]),
        )
        # The member lives in the project's Workload Identity pool, which GKE creates with the
        # first cluster that has Workload Identity: bound before, IAM answers "Identity Pool
        # does not exist". The discovery feature alone does not wait for any cluster.
        self.importer_binding = gcp.projects.IAMMember(
            f"{name}-mcs-importer",
            # Google's "Configuring multi-cluster Services" with Shared VPC: the fleet host's
            # pool reads the host project's network.
            project=args.network_project or args.project,
            role=IMPORTER_ROLE,
            member=importer_member(args.project),
            opts=pulumi.ResourceOptions(
                parent=self, depends_on=[self.discovery_feature, *args.workload_identity_clusters]
            ),
        )
        self.address = (
            gcp.compute.GlobalAddress(
                f"{name}-ip",
                project=args.project,
                name=f"{args.name_prefix}-mci" if args.name_prefix else "mci",
                # An external address: the load balancer MCI programs is the global external
                # Application Load Balancer.
                address_type="EXTERNAL",
                opts=child,
            )
            if args.static_ip
            else None
        )
        self.certificate = (
            gcp.compute.ManagedSslCertificate(
                f"{name}-cert",
                project=args.project,
                name=f"{physical}-cert",
                managed=gcp.compute.ManagedSslCertificateManagedArgs(domains=list(args.managed_domains)),
                opts=child,
            )
            if args.managed_domains
            else None
        )

    def deploy_objects(
        self,
        gateway: GatewaySpec,
        *,
        provider: kubernetes.Provider,
        namespace: kubernetes.core.v1.Namespace,
        ready: Sequence[pulumi.Resource],
    ) -> list[kubernetes.apiextensions.CustomResource]:
        """Create the BackendConfig, MultiClusterService and MultiClusterIngress of `gateway`
        on the config cluster (`provider`), in `namespace`, after `ready` (its control-plane
        gate) and the fleet features, whose controllers take the objects."""
        annotations: dict[str, pulumi.Input[str]] = {}
        if self._address is not None:
            annotations[STATIC_IP_ANNOTATION] = self._address
        if self._certificates is not None:
            annotations[PRE_SHARED_CERTS_ANNOTATION] = self._certificates
        objs = mci_objects(gateway, ingress_annotations=annotations)
        features = [self.ingress_feature] if self.ingress_feature is not None else []
        depends = [*ready, namespace, *features]
        for manifest in objs.manifests():
            self.objects.append(
                kubernetes.apiextensions.CustomResource(
                    f"{self._name}-{manifest['kind'].lower()}",
                    api_version=manifest["apiVersion"],
                    kind=manifest["kind"],
                    metadata=manifest["metadata"],
                    spec=manifest["spec"],
                    opts=pulumi.ResourceOptions(parent=self, provider=provider, depends_on=depends),
                )
            )
        return self.objects
