"""A readiness gate per cluster: mesh objects wait until its control plane can take them.

`ControlPlaneReadiness` is the resource (a Pulumi dynamic resource that polls the cluster at
`pulumi up`); `checks` holds what it checks and how it waits, without Pulumi; `kube` reads the
cluster with the official Kubernetes client.
"""

from .checks import ISTIO_APIS, ApiResource, ConditionCheck, ObjectRef, Readiness, ReadinessError, istio_apis
from .resource import ControlPlaneReadiness, ControlPlaneReadinessArgs

__all__ = [
    "ISTIO_APIS",
    "ApiResource",
    "ConditionCheck",
    "ControlPlaneReadiness",
    "ControlPlaneReadinessArgs",
    "ObjectRef",
    "Readiness",
    "ReadinessError",
    "istio_apis",
]
