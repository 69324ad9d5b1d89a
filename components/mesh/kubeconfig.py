"""Clusters meshfleet does not create: their kubeconfig from secret stack config, and a provider.

One helper for every cloud of that shape (`spec.cluster.KubeconfigClusterSpec`): attached
clusters, or a new cloud whose clusters exist already. The kubeconfig reaches the provider,
the `kubeconfigs` stack output and the remote secrets only as a Pulumi secret, and an offline
preview, which cannot decrypt it, sees an unknown secret and needs no real one.
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_kubernetes as kubernetes
from pulumi.runtime.config import is_config_secret

from components.spec.cluster import CONFIG_NAMESPACE, KubeconfigSecret


def secret_kubeconfig(cluster: str, secret: KubeconfigSecret) -> pulumi.Output[str]:
    """The kubeconfig of `cluster`, a secret, from `meshfleet:<secret.key>`.

    A missing key fails the program with Pulumi's own one-line message (`ConfigMissingError`
    names the key and `pulumi config set --secret`); a key stored in clear is refused, since
    the stack file holding it would already have leaked the credentials.
    """
    config = pulumi.Config(CONFIG_NAMESPACE)
    # Through the secret getter: a plain read of a secret would hand the program its clear text.
    if config.get_secret(secret.key) is not None and not is_config_secret(secret.full_key):
        raise pulumi.RunError(
            f"{secret.full_key}: the kubeconfig of cluster {cluster} is stored in clear; store it as a"
            f" secret: pulumi config set --secret {secret.full_key} < kubeconfig.yaml"
        )
    return config.require_secret(secret.key)


@dataclass(frozen=True)
class KubeconfigCluster:
    """A cluster reached by its secret kubeconfig: the provider every object on it uses."""

    provider: kubernetes.Provider
    kubeconfig: pulumi.Output[str]
    """The kubeconfig, a secret (the `kubeconfigs` stack output, remote secrets' server)."""


def kubeconfig_cluster(
    name: str, cluster: str, secret: KubeconfigSecret, opts: pulumi.ResourceOptions
) -> KubeconfigCluster:
    """The Kubernetes provider `name` of `cluster`, configured with its secret kubeconfig."""
    kubeconfig = secret_kubeconfig(cluster, secret)
    provider = kubernetes.Provider(name, kubeconfig=kubeconfig, opts=opts)
    return KubeconfigCluster(provider=provider, kubeconfig=kubeconfig)
