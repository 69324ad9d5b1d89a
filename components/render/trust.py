"""The plug-in CA of an in-cluster control plane: the Secret `cacerts` (pure functions, no Pulumi).

Istio's "Plug in CA Certificates" task, checked against istiod's sources
(pilot/pkg/bootstrap/istio_ca.go, `createIstioCA`, `detectSigningCABundleAndCRL`,
`initCACertsAndCRLWatcher`):

- istiod mounts the Secret `cacerts` of istio-system at /etc/cacerts and signs workload
  certificates with `ca-cert.pem` and `ca-key.pem`, an intermediate CA; `root-cert.pem` is the
  root every cluster trusts, and `cert-chain.pem` the chain from the intermediate to the root
  (tools/certs: `cat ca-cert.pem root-cert.pem > cert-chain.pem`);
- the four files are all or nothing: some of them without the others and istiod fails to start
  ("incomplete signing CA bundle detected");
- istiod decides at start: without `cacerts` it signs with a root it makes itself
  (`istio-ca-secret`), and only an istiod that started with `cacerts` watches the files. So the
  Secret exists before istiod starts, and an istiod started before it must restart;
- the watcher takes a new intermediate under the same root without a restart; a new root it
  refuses ("updating new ROOT-CA not supported") unless ISTIO_MULTIROOT_MESH is on and one
  bundle contains the other.

The intermediate's profile is tools/certs' `intermediate.conf`: CA:true with pathlen:0, key
usages digitalSignature, nonRepudiation, keyEncipherment, keyCertSign, O=Istio,
CN=Intermediate CA, L=<cluster>, DNS SAN istiod.istio-system.svc, an RSA 4096 key.
"""

from __future__ import annotations

from typing import Any

from .labels import MANAGED_BY_LABELS
from .mtls import ROOT_NAMESPACE

CACERTS_SECRET = "cacerts"
"""The Secret istiod's Deployment mounts at /etc/cacerts (`ca.CACertsSecret`)."""
CA_CERT = "ca-cert.pem"
CA_KEY = "ca-key.pem"
ROOT_CERT = "root-cert.pem"
CERT_CHAIN = "cert-chain.pem"
CACERTS_FILES = (CA_CERT, CA_KEY, ROOT_CERT, CERT_CHAIN)
"""The files of a plug-in CA, all required together."""

TRUST_ROOT_ANNOTATION = "meshfleet.io/trust-root"
"""The name of the root a `cacerts` Secret chains to: the PEM itself is a secret (and unknown
until the intermediate is signed), so the plan, `mesh.json` and meshguard compare names."""
GENERATION_ANNOTATION = "meshfleet.io/trust-generation"
"""The intermediates' generation (`mesh.trustRoot.generation`): a rotation shows in the diff."""

INTERMEDIATE_KEY_BITS = 4096
INTERMEDIATE_SAN = f"istiod.{ROOT_NAMESPACE}.svc"
INTERMEDIATE_USES = ("digital_signature", "content_commitment", "key_encipherment", "cert_signing")
"""pulumi-tls's names for tools/certs' key usages (content_commitment is nonRepudiation)."""


def intermediate_subject(cluster: str) -> dict[str, str]:
    """The subject of `cluster`'s intermediate, as tools/certs writes it (L = the cluster)."""
    return {"organization": "Istio", "common_name": "Intermediate CA", "locality": cluster}


def cert_chain(ca_cert: str, root_cert: str) -> str:
    """`cert-chain.pem`: the intermediate, then the root, each ending in one newline."""
    return f"{ca_cert.rstrip()}\n{root_cert.rstrip()}\n"


def cacerts_metadata(root: str, generation: int) -> dict[str, Any]:
    """The metadata of a `cacerts` Secret chained to the root named `root`."""
    return {
        "name": CACERTS_SECRET,
        "namespace": ROOT_NAMESPACE,
        "labels": dict(MANAGED_BY_LABELS),
        "annotations": {TRUST_ROOT_ANNOTATION: root, GENERATION_ANNOTATION: str(generation)},
    }


def cacerts_secret(
    *, root: str, generation: int, ca_cert: str, ca_key: str, root_cert: str, chain: str
) -> dict[str, Any]:
    """The whole `cacerts` Secret (an Opaque Secret with the four files as `stringData`)."""
    return {
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": cacerts_metadata(root, generation),
        "type": "Opaque",
        "stringData": {CA_CERT: ca_cert, CA_KEY: ca_key, ROOT_CERT: root_cert, CERT_CHAIN: chain},
    }
