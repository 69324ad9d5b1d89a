"""The mesh's root of trust for in-cluster control planes: Istio's plug-in CA.

Istio's multicluster install guides make a common root a prerequisite ("Configure trust"):
each istiod that starts without one signs workload certificates with a root of its own, and
mTLS between clusters then fails under STRICT. Istio's "Plug in CA Certificates" task gives
each cluster an intermediate CA chained to one root, as the Secret `cacerts` in istio-system.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import DnsLabel, SpecModel
from .formats import ConfigKey

TRUST_ROOT_TAG = "meshfleet-trust-root"
"""The Azure tag naming the root an AKS cluster's plug-in CA chains to (on its ManagedCluster)."""

INTERMEDIATE_VALIDITY_DAYS = 3650
"""Istio's tools/certs (common.mk, INTERMEDIATE_DAYS): the intermediates of its "Plug in CA
Certificates" task are valid ten years."""


class TrustRootSpec(SpecModel):
    """Where the mesh's root comes from; its private key is only ever a Pulumi secret."""

    name: DnsLabel = "mesh-root"
    """The root's name, written on every `cacerts` Secret (annotation `meshfleet.io/trust-root`),
    so that plans, `mesh.json` and meshguard tell which clusters share it. Give a new root a new
    name."""
    issuer: Literal["root", "intermediates"] = "root"
    """root: meshfleet signs one intermediate per cluster (pulumi-tls: a key, a CSR and a
    certificate signed by the root key from secret config); intermediates: you sign them
    yourself, and give each cluster's as secret config (`<cluster>-ca-cert`, `<cluster>-ca-key`,
    `<cluster>-cert-chain`), so the root key never reaches Pulumi at all."""
    root_cert: ConfigKey = "mesh-root-cert"
    """Key, in the `meshfleet` config namespace, of the root certificate (PEM), `root-cert.pem`
    of every cluster."""
    root_key: ConfigKey = "mesh-root-key"
    """Key, in the `meshfleet` config namespace, of the root's private key (PEM), which must be
    a secret (`pulumi config set --secret meshfleet:mesh-root-key < root-key.pem`). Used with
    issuer root only; ignored with issuer intermediates (the key is never read)."""
    generation: int = Field(default=1, ge=1, le=1_000_000)
    """The intermediates' generation. Raising it rotates every cluster's intermediate: with
    issuer root a new key and certificate, with issuer intermediates the values you set in
    config; either way every `cacerts` Secret changes, and istiod reloads it (see the README,
    "One root of trust")."""
    validity_days: int = Field(default=INTERMEDIATE_VALIDITY_DAYS, ge=1, le=36500)
    """Validity of the intermediates meshfleet signs (issuer root). Default ten years, as Istio's
    tools/certs; the root's own validity bounds it. Ignored with issuer intermediates: you set
    their validity when you sign them."""
