"""`ClusterApi` on the official Kubernetes Python client, from a kubeconfig.

Used only inside the dynamic provider, at `pulumi up`: the client is imported there, never
when a program is previewed. It follows the kubeconfig as kubectl does, exec plugins included
(GKE's gke-gcloud-auth-plugin), so it needs what the Kubernetes provider already needs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import yaml

from .checks import ClusterAccessDenied, ClusterUnavailable, ObjectRef

# One request never hangs the wait: a request that takes longer counts as "did not answer".
REQUEST_TIMEOUT_SECONDS = 30


class KubernetesApi:
    """The two reads of a readiness check, against the cluster a kubeconfig points to."""

    def __init__(self, kubeconfig: str) -> None:
        from kubernetes import client, config

        api_client = config.new_client_from_config_dict(yaml.safe_load(kubeconfig))
        self._custom = client.CustomObjectsApi(api_client)
        self._core = client.CoreV1Api(api_client)
        self._client = api_client

    def served_resources(self, group_version: str) -> frozenset[str] | None:
        group, version = _split(group_version)
        found = self._call(
            lambda: self._custom.get_api_resources(group, version, _request_timeout=REQUEST_TIMEOUT_SECONDS)
        )
        return None if found is None else frozenset(r.name for r in found.resources or ())

    def get_object(self, check: ObjectRef) -> Mapping[str, Any] | None:
        group, version = _split(check.group_version)
        if not group:
            # The core group lives under /api, which CustomObjectsApi (always /apis) cannot
            # reach; the gates read core objects of one kind only (the add-on's Services).
            if (version, check.plural) != ("v1", "services"):
                raise ValueError(f"readiness reads no core {version} {check.plural}, only v1 services")
            found = self._call(
                lambda: self._core.read_namespaced_service(
                    check.name, check.namespace, _request_timeout=REQUEST_TIMEOUT_SECONDS
                )
            )
            return None if found is None else found.to_dict()
        return self._call(
            lambda: self._custom.get_namespaced_custom_object(
                group,
                version,
                check.namespace,
                check.plural,
                check.name,
                _request_timeout=REQUEST_TIMEOUT_SECONDS,
            )
        )

    @staticmethod
    def _call(read: Any) -> Any:
        """`read()`, with 404 as None and every other failure as one of the checks' errors."""
        from kubernetes.client.exceptions import ApiException
        from urllib3.exceptions import HTTPError

        try:
            return read()
        except ApiException as err:
            if err.status == 404:
                return None
            reason = f"{err.status} {err.reason}"
            if err.status in (401, 403):
                raise ClusterAccessDenied(
                    f"{reason}: the kubeconfig's credentials were refused or may not read it"
                ) from err
            raise ClusterUnavailable(reason) from err
        except (HTTPError, OSError) as err:
            raise ClusterUnavailable(str(err)) from err


def _split(group_version: str) -> tuple[str, str]:
    group, _, version = group_version.rpartition("/")
    return group, version
