"""meshfleet: Pulumi components for multi-cluster service-mesh platforms.

Layers, each importing only those below it (components/REFERENCE.md, "Architecture"): `cli` on top; `platform`
(MeshPlatform) and `clouds` (the builder of each cloud); the cloud packages (`gcp`); `mesh`
(cloud-neutral Kubernetes-side components); `render` (pure renderers); `spec` (the platform
spec, no Pulumi). `engine` is the offline engine and knows none of them.
"""
