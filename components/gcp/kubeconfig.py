"""Kubeconfig for a GKE cluster, authenticated through gke-gcloud-auth-plugin."""

from __future__ import annotations

import yaml


def gke_kubeconfig(context: str, endpoint: str, ca_certificate: str) -> str:
    """A kubeconfig that holds no credential of its own.

    Since GKE 1.26 kubectl and client-go reach GKE only through the exec plugin
    gke-gcloud-auth-plugin, which mints short-lived tokens; nothing long-lived ends up in
    state. The plugin is told to use Application Default Credentials, the credentials the
    Google provider itself uses: without the flag it reads gcloud's own login, which a CI
    runner holding only ADC (a key file in GOOGLE_APPLICATION_CREDENTIALS, or workload
    identity federation) does not have, so the clusters would be created and then unreachable.
    """
    config = {
        "apiVersion": "v1",
        "kind": "Config",
        "current-context": context,
        "clusters": [
            {
                "name": context,
                "cluster": {"server": f"https://{endpoint}", "certificate-authority-data": ca_certificate},
            }
        ],
        "contexts": [{"name": context, "context": {"cluster": context, "user": context}}],
        "users": [
            {
                "name": context,
                "user": {
                    "exec": {
                        "apiVersion": "client.authentication.k8s.io/v1beta1",
                        "command": "gke-gcloud-auth-plugin",
                        "args": ["--use_application_default_credentials"],
                        "provideClusterInfo": True,
                        "interactiveMode": "Never",
                        "installHint": "Install gke-gcloud-auth-plugin: "
                        "gcloud components install gke-gcloud-auth-plugin",
                    }
                },
            }
        ],
    }
    return yaml.safe_dump(config, sort_keys=False)
