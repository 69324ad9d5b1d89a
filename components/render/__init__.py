"""Pure renderers: a validated spec in, Kubernetes objects out, as the dicts `kubectl apply` takes.

One module per object family, each importing only `components.spec` and no Pulumi, so every
object can be tested on its own against the upstream schemas:

- `labels`: the managed-by label every object carries;
- `injection`: the namespace labels that turn on proxy injection, and labelled Namespaces;
- `gateway`: an Istio ingress gateway (ServiceAccount, Role, Deployment, Service, HPA, PDB);
- `route`: an Istio Gateway, VirtualService and DestinationRule for one service;
- `mtls`: the mesh-wide PeerAuthentication;
- `mci`: Multi Cluster Ingress's BackendConfig, MultiClusterService and MultiClusterIngress;
- `istiod`: the in-cluster control plane's Helm values (base and istiod charts);
- `remote_secret`: Istio remote secrets between in-cluster control planes.

The components in `components.mesh` pass these manifests to typed `pulumi_kubernetes` resources.
"""
