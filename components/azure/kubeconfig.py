"""Kubeconfig for an AKS cluster, from its user credentials (`listClusterUserCredential`).

Without Entra ID the kubeconfig AKS returns holds a client certificate of the cluster's local
accounts: a credential, so it is only ever handled as a Pulumi secret. With Entra ID (local
accounts disabled), AKS returns an exec kubeconfig for kubelogin, the Azure counterpart of
gke-gcloud-auth-plugin (components/gcp/kubeconfig.py): a client-go credential plugin that
mints short-lived Entra ID tokens, so nothing long-lived ends up in state. AKS's own kubeconfig
asks for `--login devicecode`, an interactive browser flow that no `pulumi up` can answer;
it is converted here to another login mode, as `kubelogin convert-kubeconfig -l <mode>`
does (https://azure.github.io/kubelogin/cli/convert-kubeconfig.html). The default,
`azurecli`, uses the `az login` session, the credentials the azure-native provider itself
falls back to; a CI runner signs in with `az login --service-principal` or
`--federated-token` first, or picks `workloadidentity` / `spn` / `msi`.
"""

from __future__ import annotations

import base64
from typing import Any

import yaml

KUBELOGIN = "kubelogin"
KUBELOGIN_LOGIN_MODES = ("azurecli", "spn", "workloadidentity", "msi", "azd")
"""Non-interactive kubelogin login modes; devicecode and interactive need a person."""


def decode_kubeconfig(value: str) -> str:
    """The kubeconfig text of one `kubeconfigs[].value` of the credentials result (base64)."""
    return base64.b64decode(value).decode()


def kubelogin_kubeconfig(kubeconfig: str, login: str = "azurecli") -> str:
    """`kubeconfig` with every kubelogin user switched to the non-interactive `login` mode.

    Keeps the server id (the AKS Entra ID application the token is for); drops the flags of
    the device-code flow (client and tenant ids), which the other modes take from their own
    credentials. Users that are not kubelogin's are left alone.
    """
    if login not in KUBELOGIN_LOGIN_MODES:
        raise ValueError(f"kubelogin login mode {login!r} is not one of {', '.join(KUBELOGIN_LOGIN_MODES)}")
    config: dict[str, Any] = yaml.safe_load(kubeconfig)
    for user in config.get("users") or []:
        exec_ = (user.get("user") or {}).get("exec")
        if not exec_ or exec_.get("command") != KUBELOGIN:
            continue
        args: list[str] = list(exec_.get("args") or [])
        server_id = args[args.index("--server-id") + 1] if "--server-id" in args else None
        exec_["args"] = ["get-token", "--login", login, *(["--server-id", server_id] if server_id else [])]
        exec_["interactiveMode"] = "Never"
        exec_["installHint"] = "Install kubelogin: az aks install-cli (https://azure.github.io/kubelogin/)"
    return yaml.safe_dump(config, sort_keys=False)
