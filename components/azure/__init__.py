"""Azure: what `cloud: azure` builds, an AKS cluster with the Istio service-mesh add-on (Microsoft's
"Deploy ingress gateways for Istio service mesh add-on for Azure Kubernetes Service").

`AksFleet` is the builder `components.clouds` registers for AKS; the components it composes
(AzureNetwork, AksCluster) can be used on their own.
"""

from .cluster import AksCluster, AksClusterArgs
from .fleet import AksFleet
from .network import AzureNetwork, AzureNetworkArgs

__all__ = ["AksCluster", "AksClusterArgs", "AksFleet", "AzureNetwork", "AzureNetworkArgs"]
