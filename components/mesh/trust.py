"""A cluster's plug-in CA: the intermediate that chains its istiod to the mesh's one root.

`plugin_ca` reads the root (or the cluster's ready-made intermediate) from the stack's secret
config, as `mesh.trustRoot` says, and with issuer `root` signs an intermediate for the cluster
with pulumi-tls (`ClusterIntermediateCa`). What comes back is the four files of the `cacerts`
Secret (`components.render.trust`), all Pulumi secrets: the root key reaches only the
LocallySignedCert's input, which Pulumi encrypts in state, and never a spec, plan or manifest.
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_tls as tls
from pulumi.runtime.config import is_config_secret

from components.render.trust import (
    INTERMEDIATE_KEY_BITS,
    INTERMEDIATE_SAN,
    INTERMEDIATE_USES,
    cert_chain,
    intermediate_subject,
)
from components.spec.cluster import CONFIG_NAMESPACE
from components.spec.trust import TrustRootSpec

TOKEN = "meshfleet:index:ClusterIntermediateCa"
HOURS_PER_DAY = 24


@dataclass(frozen=True)
class PluginCa:
    """The files of one cluster's `cacerts` Secret, each a secret Output, and the root's name."""

    root: str
    """The root's name (`mesh.trustRoot.name`)."""
    generation: int
    """The intermediates' generation (`mesh.trustRoot.generation`)."""
    ca_cert: pulumi.Output[str]
    ca_key: pulumi.Output[str]
    root_cert: pulumi.Output[str]
    cert_chain: pulumi.Output[str]


def secret_config(key: str, what: str) -> pulumi.Output[str]:
    """The secret config value `meshfleet:<key>`; one stored in clear is refused, since the
    stack file holding it would already have leaked it."""
    full_key = f"{CONFIG_NAMESPACE}:{key}"
    config = pulumi.Config(CONFIG_NAMESPACE)
    if config.get_secret(key) is not None and not is_config_secret(full_key):
        raise pulumi.RunError(
            f"{full_key}: {what} is stored in clear; store it as a secret:"
            f" pulumi config set --secret {full_key} < file.pem"
        )
    return config.require_secret(key)


@dataclass(frozen=True)
class ClusterIntermediateCaArgs:
    cluster: str
    """The cluster's name in the mesh: the intermediate's locality (L), as Istio's tools/certs."""
    root_cert: pulumi.Input[str]
    """The root certificate (PEM) that signs the intermediate."""
    root_key: pulumi.Input[str]
    """The root's private key (PEM), a secret."""
    generation: int
    """The intermediates' generation: a new one is a new key and certificate."""
    validity_days: int
    """How long the intermediate is valid."""


class ClusterIntermediateCa(pulumi.ComponentResource):
    """An RSA key, a CSR and the intermediate certificate the root signs for one cluster.

    Outputs: `private_key_pem` and `cert_pem` (secrets).
    """

    def __init__(
        self, name: str, args: ClusterIntermediateCaArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__(TOKEN, name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        # The key's name carries the generation: no input of a tls PrivateKey can change, so a
        # rotation is a new key (created, then the old one deleted), which the diff shows.
        key = tls.PrivateKey(
            f"{name}-key-g{args.generation}", algorithm="RSA", rsa_bits=INTERMEDIATE_KEY_BITS, opts=child
        )
        subject = intermediate_subject(args.cluster)
        request = tls.CertRequest(
            f"{name}-csr",
            private_key_pem=key.private_key_pem,
            subject=tls.CertRequestSubjectArgs(
                organization=subject["organization"],
                common_name=subject["common_name"],
                locality=subject["locality"],
                # A new generation is a new subject too, so the request (and with it the
                # certificate) is replaced even where the key's new name goes unnoticed.
                serial_number=str(args.generation),
            ),
            dns_names=[INTERMEDIATE_SAN],
            opts=child,
        )
        cert = tls.LocallySignedCert(
            f"{name}-cert",
            cert_request_pem=request.cert_request_pem,
            ca_cert_pem=args.root_cert,
            ca_private_key_pem=pulumi.Output.secret(args.root_key),
            validity_period_hours=args.validity_days * HOURS_PER_DAY,
            is_ca_certificate=True,
            # pathlen:0, as tools/certs: the intermediate signs workloads, never another CA.
            max_path_length=0,
            set_subject_key_id=True,
            allowed_uses=list(INTERMEDIATE_USES),
            opts=child,
        )
        self.private_key_pem = pulumi.Output.secret(key.private_key_pem)
        self.cert_pem = pulumi.Output.secret(cert.cert_pem)
        self.register_outputs({"cert_pem": self.cert_pem})


def plugin_ca(name: str, trust: TrustRootSpec, cluster: str, parent: pulumi.Resource) -> PluginCa:
    """The plug-in CA of `cluster` under `trust`: signed here (issuer root) or read from config
    (issuer intermediates: `<cluster>-ca-cert`, `<cluster>-ca-key`, `<cluster>-cert-chain`)."""
    root_cert = secret_config(trust.root_cert, "the mesh's root certificate")
    if trust.issuer == "root":
        ca = ClusterIntermediateCa(
            name,
            ClusterIntermediateCaArgs(
                cluster=cluster,
                root_cert=root_cert,
                root_key=secret_config(trust.root_key, "the mesh's root key"),
                generation=trust.generation,
                validity_days=trust.validity_days,
            ),
            opts=pulumi.ResourceOptions(parent=parent),
        )
        ca_cert, ca_key = ca.cert_pem, ca.private_key_pem
        chain = pulumi.Output.secret(pulumi.Output.all(ca_cert, root_cert).apply(lambda p: cert_chain(*p)))
    else:
        ca_cert = secret_config(f"{cluster}-ca-cert", f"the intermediate certificate of {cluster}")
        ca_key = secret_config(f"{cluster}-ca-key", f"the intermediate key of {cluster}")
        chain = secret_config(f"{cluster}-cert-chain", f"the certificate chain of {cluster}")
    return PluginCa(
        root=trust.name,
        generation=trust.generation,
        ca_cert=ca_cert,
        ca_key=ca_key,
        root_cert=root_cert,
        cert_chain=chain,
    )
