"""InClusterControlPlane: istiod installed in a cluster by revision, from Istio's Helm charts.

Cloud-neutral: it takes the cluster's Kubernetes provider and nothing of its cloud, so the
attached clusters' package and GKE with `mesh.controlPlane: in-cluster` both use it.

Charts go through `helm.v3.Release`, not `helm.v4.Chart`: istiod's chart renders with
server-side lookups and hooks that only a real install resolves, and a Release records its
chart, version and values as inputs, which is what an offline plan can show and a review can
read. Its provider waits, by default (`skip_await` unset), until every object of the release is
ready: the `istiod` release is done once istiod's Deployment is available, so its injector
answers before any gateway Pod with `image: auto` is created.
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_kubernetes as kubernetes

from components.render.injection import REVISION_LABEL
from components.render.istiod import (
    BASE_CHART,
    BASE_RELEASE,
    CHART_REPOSITORY,
    ISTIOD_CHART,
    base_values,
    base_version,
    chart_version,
    default_revision,
    istio_system_namespace,
    istiod_release_name,
    istiod_values,
)
from components.render.mtls import ROOT_NAMESPACE
from components.render.trust import CA_CERT, CA_KEY, CERT_CHAIN, ROOT_CERT, cacerts_metadata
from components.spec.models import IstiodSpec
from components.spec.trust import TrustRootSpec

from .cluster import ControlPlane
from .trust import plugin_ca

TOKEN = "meshfleet:index:InClusterControlPlane"

READER_SERVICE_ACCOUNT = "istio-reader-service-account"
"""The reader account the `base` chart creates, "to be used for multicluster remote secret
creation" (manifests/charts/base/templates/reader-serviceaccount.yaml)."""
READER_TOKEN_SECRET = f"{READER_SERVICE_ACCOUNT}-istio-remote-secret-token"
"""The token Secret's name, as `istioctl create-remote-secret` names it (istioctl/pkg/
multicluster/remote_secret.go, `tokenSecretName`)."""
SERVICE_ACCOUNT_TOKEN = "kubernetes.io/service-account-token"
SERVICE_ACCOUNT_NAME_ANNOTATION = "kubernetes.io/service-account.name"


@dataclass(frozen=True)
class InClusterControlPlaneArgs:
    istiod: IstiodSpec
    """Revisions (each pinned to a chart version), the default revision, mesh ID, trust domain."""
    cluster: str
    """The cluster's name in the mesh (`global.multiCluster.clusterName`), the spec's name."""
    network: str
    """The cluster's Istio network (`PlatformSpec.mesh_network`): `global.network` and the
    `topology.istio.io/network` label of istio-system."""
    provider: kubernetes.Provider
    """The cluster's Kubernetes provider; never the ambient kubeconfig."""
    remote_reader: bool = False
    """Also create the reader account's token Secret, which the other clusters' remote secrets
    carry (a mesh of several in-cluster control planes). Off for one cluster: a long-lived
    token nobody uses is only a credential to leak."""
    trust_root: TrustRootSpec | None = None
    """The mesh's root of trust (`mesh.trustRoot`): the cluster gets a plug-in CA chained to it
    (`components.mesh.trust.plugin_ca`), the Secret `cacerts`, created before every istiod,
    which reads it at start. None: istiod signs with a root of its own, which no other
    cluster trusts."""
    outbound_traffic_policy: str = "ALLOW_ANY"
    """`meshConfig.outboundTrafficPolicy.mode` (`PlatformSpec.outbound_traffic_policy`)."""


class InClusterControlPlane(pulumi.ComponentResource):
    """istio-system, the plug-in CA `cacerts` (with `trustRoot`), the `base` release, one
    `istiod-<revision>` release per revision.

    Outputs: `namespace`, `cacerts` (or None), `base`, `istiods` (release by revision),
    `reader_token` (the token Secret, or None), and `control_plane`, the `ControlPlane` mesh
    objects join: ready once the default revision's istiod is, injecting namespaces labelled
    `istio.io/rev=<default>`.
    """

    def __init__(
        self, name: str, args: InClusterControlPlaneArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__(TOKEN, name, None, opts)
        istiod = args.istiod
        on_cluster = pulumi.ResourceOptions(parent=self, provider=args.provider)
        repository = kubernetes.helm.v3.RepositoryOptsArgs(repo=CHART_REPOSITORY)

        namespace = istio_system_namespace(args.network)
        self.namespace = kubernetes.core.v1.Namespace(
            f"{name}-namespace", metadata=namespace["metadata"], opts=on_cluster
        )
        in_namespace = pulumi.ResourceOptions.merge(
            on_cluster, pulumi.ResourceOptions(depends_on=[self.namespace])
        )
        # The release names are set, not left to Pulumi's auto-naming: they are Helm's release
        # names (`helm list -n istio-system`), and istiod's chart names its objects after them.
        self.base = kubernetes.helm.v3.Release(
            f"{name}-base",
            name=BASE_RELEASE,
            chart=BASE_CHART,
            version=base_version(istiod),
            namespace=ROOT_NAMESPACE,
            repository_opts=repository,
            values=base_values(istiod),
            opts=in_namespace,
        )
        ca = plugin_ca(f"{name}-ca", args.trust_root, args.cluster, self) if args.trust_root else None
        cacerts = cacerts_metadata(ca.root, ca.generation) if ca is not None else {}
        self.cacerts = (
            kubernetes.core.v1.Secret(
                f"{name}-cacerts",
                metadata=kubernetes.meta.v1.ObjectMetaArgs(
                    name=cacerts["name"],
                    namespace=cacerts["namespace"],
                    labels=cacerts["labels"],
                    annotations=cacerts["annotations"],
                ),
                type="Opaque",
                # Each file a secret (pulumi-kubernetes also makes the whole stringData one).
                string_data={
                    CA_CERT: pulumi.Output.secret(ca.ca_cert),
                    CA_KEY: pulumi.Output.secret(ca.ca_key),
                    ROOT_CERT: pulumi.Output.secret(ca.root_cert),
                    CERT_CHAIN: pulumi.Output.secret(ca.cert_chain),
                },
                opts=in_namespace,
            )
            if ca is not None
            else None
        )
        # Every istiod needs the CRDs and the reader account of `base`, and its plug-in CA: an
        # istiod that starts without `cacerts` signs with a root of its own and never watches
        # for it (pilot/pkg/bootstrap/istio_ca.go, createIstioCA).
        after_base = pulumi.ResourceOptions.merge(
            on_cluster,
            pulumi.ResourceOptions(
                depends_on=[self.namespace, self.base, *([self.cacerts] if self.cacerts is not None else [])]
            ),
        )
        self.istiods = {
            r.name: kubernetes.helm.v3.Release(
                f"{name}-revision-{r.name}",
                name=istiod_release_name(r.name),
                chart=ISTIOD_CHART,
                version=chart_version(r),
                namespace=ROOT_NAMESPACE,
                repository_opts=repository,
                values=istiod_values(
                    istiod,
                    r.name,
                    cluster=args.cluster,
                    network=args.network,
                    outbound_traffic_policy=args.outbound_traffic_policy,
                ),
                opts=after_base,
            )
            for r in istiod.revisions
        }

        self.reader_token = (
            kubernetes.core.v1.Secret(
                f"{name}-reader-token",
                metadata=kubernetes.meta.v1.ObjectMetaArgs(
                    name=READER_TOKEN_SECRET,
                    namespace=ROOT_NAMESPACE,
                    annotations={SERVICE_ACCOUNT_NAME_ANNOTATION: READER_SERVICE_ACCOUNT},
                ),
                type=SERVICE_ACCOUNT_TOKEN,
                # The account must exist first: the token controller fills `token` and
                # `ca.crt` in only for an existing account, and pulumi-kubernetes waits for them
                # on a Secret of this type (pulumi/pulumi-kubernetes#2048).
                opts=after_base,
            )
            if args.remote_reader
            else None
        )

        default = default_revision(istiod)
        self.control_plane = ControlPlane(
            # Objects injected by the default revision wait for that revision alone, so adding
            # or removing another revision leaves every mesh object's dependencies as they are.
            ready=(self.istiods[default],),
            injection_labels={REVISION_LABEL: default},
            revisions=tuple(r.name for r in istiod.revisions),
            root_namespace=ROOT_NAMESPACE,
            revision_ready={revision: (release,) for revision, release in self.istiods.items()},
        )
        self.register_outputs({"revisions": list(self.control_plane.revisions), "default_revision": default})
