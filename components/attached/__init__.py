"""Clusters meshfleet does not create (`cloud: attached`): what `components.clouds` builds for them.

`AttachedClusters` reaches each cluster with the kubeconfig of its secret stack config and
installs the in-cluster control plane there; it creates no cloud resource at all.
"""

from .clusters import AttachedClusters

__all__ = ["AttachedClusters"]
