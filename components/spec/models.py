"""The platform spec: pure data, parsed from `meshfleet:platform` in a stack's config.

Field names are snake_case in Python and camelCase in YAML. Every model forbids unknown
keys, so a misspelt field is an error instead of a silently ignored setting. Rules that
need more than one field (overlaps, references, capacity) live in `rules/`.
"""

from __future__ import annotations

import inspect
import re
from typing import Annotated, Any, Literal, Union, final

from pydantic import AfterValidator, BeforeValidator, Discriminator, Field, Tag, model_validator

from .attached import AttachedClusterSpec
from .azure import AksClusterSpec, AzureSpec
from .base import Bounds, Cidr, DnsLabel, Revision, SpecModel
from .cluster import ClusterModel, ControlPlaneKind, Created, Reach
from .errors import quoted
from .formats import DisplayName, Host, IPv4, LabelKey, LabelValue, ServiceHost, UriPath, Zone, is_subdomain
from .limits import BOOT_DISK_GB, BootDiskGb, CanaryReplicas, NodeCount, Replicas
from .trust import TrustRootSpec


def _gke_cluster_name(value: str) -> str:
    if len(value) > 40:
        raise ValueError(f"{quoted(value)} is {len(value)} characters; GKE cluster names have at most 40")
    return value


def _chart_version(value: str) -> str:
    # Pinned exactly: a range or a tag would let a `pulumi up` install another istiod. An ASM
    # release (MAJOR.MINOR.POINT-asm.REV) pins one build too; which of the two a revision may
    # name depends on `mesh.istiod.distribution` (rules/control_planes.py).
    if not re.fullmatch(r"[0-9]+\.[0-9]+\.[0-9]+(-asm\.[0-9]+)?", value):
        raise ValueError(
            f"{quoted(value)} must be an exact version: an Istio chart version, MAJOR.MINOR.PATCH"
            " (e.g. 1.24.2), or an ASM release, MAJOR.MINOR.POINT-asm.REV (e.g. 1.28.5-asm.9)"
        )
    return value


def _fqdn(value: str) -> str:
    # Google-managed certificates cover fully qualified domains, and an egress host's
    # ServiceEntry resolves its host by DNS: neither takes a wildcard.
    if "." not in value or not is_subdomain(value):
        raise ValueError(
            f"{quoted(value)} must be a fully qualified domain without wildcard (e.g. shop.example.com)"
        )
    return value


Fqdn = Annotated[str, AfterValidator(_fqdn)]


class SubnetSpec(SpecModel):
    name: DnsLabel
    """Subnet name, unique in the network."""
    region: DnsLabel
    """GCP region of the subnet, e.g. asia-northeast1."""
    cidr: Cidr
    """Primary range: node IPs."""
    pods: Cidr
    """Secondary range for Pod IPs (IP aliasing)."""
    services: Cidr
    """Secondary range for Service cluster IPs."""


NatLogging = Literal["ALL", "ERRORS_ONLY", "TRANSLATIONS_ONLY", "NONE"]


class NatSpec(SpecModel):
    logging: NatLogging = "ALL"
    """Cloud NAT log filter; NONE turns logging off. Default ALL: every translation and error."""


ProjectId = Annotated[str, Field(pattern=r"^[a-z][-a-z0-9]{4,28}[a-z0-9]$")]
"""A GCP project id: 6-30 characters, lowercase letters, digits and '-'."""


class GcpNetworkSpec(SpecModel):
    name: DnsLabel
    """Custom-mode VPC name."""
    project: ProjectId | None = None
    """The project that owns the VPC, its subnets, router, NAT and firewall rules: the Shared
    VPC host project when clusters live in other (service) projects. Default: `gcp.project`."""
    subnets: list[SubnetSpec] = Field(min_length=1)
    """Subnets; one Cloud Router + NAT is created per distinct region."""
    nat: NatSpec = NatSpec()
    """Cloud NAT settings. Private nodes have no external IPs, so NAT is always created."""


SharedVpcAttachment = Literal["managed", "existing"]


class GcpSpec(SpecModel):
    project: ProjectId
    """GCP project id (6-30 characters, lowercase letters, digits and '-'): the project of the
    network, the fleet and every cluster unless `network.project`, `fleetProject` or a
    cluster's `project` names another."""
    network: GcpNetworkSpec
    """The VPC of the GKE clusters: its subnets, Cloud Router and NAT."""
    fleet_project: ProjectId | None = None
    """The fleet host project: fleet memberships, the `servicemesh`, `multiclusteringress` and
    `multiclusterservicediscovery` features and the Workload Identity pool
    (`<fleetProject>.svc.id.goog`) live there. Required when clusters live in another project
    than `gcp.project` (Google recommends a fleet host project of its own then). Default:
    `gcp.project`."""
    shared_vpc: SharedVpcAttachment = "managed"
    """With clusters in service projects: `managed` enables Shared VPC on the network's host
    project and attaches each service project (abandoned, never undone, on destroy: other
    stacks may use them); `existing` declares that the organisation's Shared VPC admin did both
    already, for deployers without `roles/compute.xpnAdmin`. Applies only when a GKE cluster's
    `project` is not the network's project; ignored otherwise (nothing is attached)."""
    owns_mesh_feature: bool = True
    """This stack creates the fleet host project's `servicemesh` fleet feature, which exists
    once per project. Set false on every other stack that shares the fleet host project: they
    enrol their clusters in the existing feature, and their destroy never removes it. Applies
    when a GKE cluster runs the managed control plane; ignored otherwise (no feature is made)."""


class AuthorizedNetworkSpec(SpecModel):
    name: DisplayName
    """Display name of the range."""
    cidr: Cidr
    """Range allowed to reach the cluster's control plane."""


class NodePoolSpec(Bounds):
    machine_type: str = "e2-standard-4"
    """Node machine type, a Compute Engine machine type (predefined or custom) with at least
    4 vCPU: Cloud Service Mesh's minimum per node. Default e2-standard-4."""
    min: NodeCount = Field(default=1, ge=0)
    """Autoscaler minimum. For a regional cluster this counts nodes per zone. With the pool's
    vCPUs it must reach the mesh's minimum of 8 vCPU."""
    max: NodeCount = Field(default=3, ge=1)
    """Autoscaler maximum. For a regional cluster this counts nodes per zone."""
    zones: list[Zone] | None = None
    """Node zones, each a zone of the cluster's region, each once. Default: GKE's, which for a
    regional cluster is three zones of the region."""
    disk_size_gb: BootDiskGb = Field(default=100, ge=BOOT_DISK_GB[0])
    """Boot disk size."""


def _cased(convert: Any) -> BeforeValidator:
    # Channels are names, not case-sensitive words: `releaseChannel: stable` and
    # `channel: STABLE` mean what they say. Each is normalised to its API's casing (GKE's
    # enum is upper case, the managed revision asm-managed-stable lower), so the plan and
    # today's files are unchanged. Anything but a string is left for the type check.
    return BeforeValidator(lambda value: convert(value) if isinstance(value, str) else value)


ReleaseChannel = Annotated[Literal["RAPID", "REGULAR", "STABLE"], _cased(str.upper)]
"""GKE release channel, in any case; normalised to upper case as GKE's API spells it."""
MeshChannel = Annotated[Literal["rapid", "regular", "stable"], _cased(str.lower)]
"""Managed control plane channel, in any case; normalised to lower case (asm-managed-stable)."""
Cloud = Literal["gcp", "azure", "attached"]
"""The clouds meshfleet ships; `components.clouds` registers the package that builds each, and
`register_cluster_model` adds another cloud's (a `cloud` value is then any registered one)."""


# final: pyright then refuses the model if it leaves out a trait of `ClusterModel`.
@final
class GkeClusterSpec(ClusterModel):
    name: Annotated[DnsLabel, AfterValidator(_gke_cluster_name)]
    """Cluster name, unique in the platform; GKE allows at most 40 characters."""
    cloud: Literal["gcp"] = "gcp"
    """A private GKE cluster (the default when `cloud` is not set)."""
    location: DnsLabel
    """A region (regional cluster, recommended) or a zone of the subnet's region."""
    subnet: DnsLabel
    """Name of the subnet in `gcp.network.subnets` the nodes live in."""
    master_cidr: Cidr
    """The control plane's private /28 range."""
    release_channel: ReleaseChannel = "STABLE"
    """GKE release channel, in any case; Cloud Service Mesh's managed control plane requires
    one (Google's "Provision a managed Cloud Service Mesh control plane on GKE"). Default
    STABLE."""
    authorized_networks: list[AuthorizedNetworkSpec] = []
    """Ranges allowed to reach the control plane; empty means only private access."""
    master_global_access: bool = True
    """Reach the private endpoint from every region of the VPC (GKE's control plane global
    access). Default true."""
    node_pool: NodePoolSpec = NodePoolSpec()
    """The cluster's node pool (meshfleet removes GKE's default pool). GKE Standard only:
    refused on an Autopilot cluster (`autopilot: true`), which has no node pools."""
    project: ProjectId | None = None
    """The cluster's (service) project: the cluster and its node account live there; its
    network is the Shared VPC of `gcp.network.project`, its fleet `gcp.fleetProject`. Another
    project than `gcp.project` needs `gcp.fleetProject` (refused without). Default: `gcp.project`."""
    autopilot: bool = False
    """A GKE Autopilot cluster: GKE manages the nodes (no `nodePool`), the mesh is the managed
    Cloud Service Mesh through the fleet API, gateways get requests Autopilot accepts. Only with
    the managed control plane: refused with `mesh.controlPlane: in-cluster`."""
    network: DnsLabel | None = None
    """The cluster's Istio network (`topology.istio.io/network` on its in-cluster istiod and
    its gateways), which tells istiod when to go through an east-west gateway. Default: the
    VPC's name, which all GKE clusters of the platform share."""

    def control_plane(self, platform: PlatformSpec) -> ControlPlaneKind:
        return platform.mesh.control_plane

    def reach(self) -> Reach:
        return Created()

    def default_network(self, platform: PlatformSpec) -> str:
        # One network: the Pods of every GKE cluster of the VPC reach each other directly.
        return platform.gcp_section().network.name

    def revisions(self, platform: PlatformSpec) -> tuple[str, ...]:
        if platform.mesh.control_plane == "in-cluster":
            istiod = platform.mesh.istiod
            return tuple(r.name for r in istiod.revisions) if istiod is not None else ()
        # One managed channel per cluster: Google's "Installing and upgrading gateways with
        # Istio APIs" says more than one is unsupported.
        return (platform.mesh.revision,)

    @property
    def internal_load_balancer(self) -> bool:
        # networking.gke.io/load-balancer-type: Internal
        return True


def _cloud_tag(value: Any) -> Any:
    # `cloud` may be left out for GKE, the first cloud meshfleet had; any other value picks
    # its model, and one that names no cloud is reported as such.
    if isinstance(value, dict):
        return value.get("cloud", "gcp")
    return getattr(value, "cloud", None)


ClusterSpec = Annotated[
    Annotated[GkeClusterSpec, Tag("gcp")]
    | Annotated[AksClusterSpec, Tag("azure")]
    | Annotated[AttachedClusterSpec, Tag("attached")],
    Discriminator(_cloud_tag),
]
"""One cluster of the platform, by its `cloud`: GKE (default), AKS, or attached. What code
outside a cloud's own package knows of a cluster is its `ClusterModel` traits."""

CLUSTER_MODELS: dict[str, type[ClusterModel]] = {
    "gcp": GkeClusterSpec,
    "azure": AksClusterSpec,
    "attached": AttachedClusterSpec,
}
"""`cloud` value -> its cluster model: the members of `PlatformSpec.clusters`' union."""


class IstiodRevisionSpec(SpecModel):
    name: Revision
    """The revision: istiod's `revision` value and the `istio.io/rev` label, e.g. 1-24-2."""
    version: Annotated[str, AfterValidator(_chart_version)]
    """The pinned version: with `distribution: istio`, the version of Istio's `base` and
    `istiod` charts and images, e.g. 1.24.2; with `distribution: asm`, the ASM release, e.g.
    1.28.5-asm.9, whose MAJOR.MINOR.POINT is the Istio version it is built from and pins the
    charts (anthos-service-mesh-packages, docs/versioning.md)."""


class IstiodSpec(SpecModel):
    """The in-cluster control plane: Istio's Helm charts, installed by revision in istio-system."""

    revisions: list[IstiodRevisionSpec] = Field(min_length=1)
    """Revisions installed side by side: one, or more during a canary upgrade."""
    revision: Revision | None = None
    """The revision namespaces are labelled with (`istio.io/rev`). Default: the first of `revisions`."""
    mesh_id: DnsLabel = "mesh1"
    """The mesh ID (`global.meshID`), the same on every cluster of one mesh."""
    trust_domain: Annotated[str, Field(min_length=1, max_length=253)] = "cluster.local"
    """The SPIFFE trust domain (`meshConfig.trustDomain`)."""
    distribution: Literal["istio", "asm"] = "istio"
    """Whose build of istiod runs, on every in-cluster control plane of the mesh (attached
    clusters, and GKE with `mesh.controlPlane: in-cluster`). `istio`: upstream Istio, its
    charts with their own images. `asm`: Anthos Service Mesh (now Cloud Service Mesh) with an
    in-cluster control plane, as Google's "Installing Anthos Service Mesh on GKE on VMware" installs
    it with the `asm-onprem` profile (renamed `asm-multicloud` in ASM 1.6): the same Istio
    charts at the Istio version of the ASM release, with ASM's images (`gke.gcr.io/asm`
    `pilot` and `proxyv2`, tagged with the release) and the profile's values (two istiod
    replicas, no locality load balancing, Prometheus telemetry); each revision's `version`
    is then an ASM release, e.g. 1.28.5-asm.9. istiod stays the CA, as asmcli's `--ca
    citadel` installs it (with the plug-in CA of `mesh.trustRoot` when set), and the mesh ID
    and trust domain stay the fields above (asmcli would set `proj-<fleet project number>`
    and `<fleet>.svc.id.goog` for Mesh CA, which meshfleet does not install)."""


class MeshSpec(SpecModel):
    control_plane: Literal["managed", "in-cluster"] = "managed"
    """The control plane of GKE clusters: Cloud Service Mesh's managed one, or istiod installed
    in the cluster (`istiod`). GKE clusters only: AKS clusters always run the Istio add-on, and
    attached clusters the in-cluster istiod, whatever this says."""
    implementation: Literal["TRAFFIC_DIRECTOR", "ISTIOD"] = "TRAFFIC_DIRECTOR"
    """The managed control plane's implementation: TRAFFIC_DIRECTOR, the default for new
    fleets, or ISTIOD (managed istiod). Managed control plane only: refused when no cluster
    runs it, ignored by the clusters that run another. Google chooses it per fleet, no API sets it:
    declare what `gcloud container fleet mesh describe` reports
    (`controlPlaneManagement.implementation`, Google's "Check control plane implementation"
    page). It decides what the spec refuses (east-west gateways, AUTO_PASSTHROUGH), what
    meshguard's `traffic-director-unsupported` checks, and what the readiness gate waits for
    (ISTIOD: the ControlPlaneRevision; TRAFFIC_DIRECTOR, which has none: `mdp-controller`).
    Managed ISTIOD is deprecated in Google's current Cloud Service Mesh docs, with a migration
    to TRAFFIC_DIRECTOR: choose it only for a fleet Google still runs on it."""
    channel: MeshChannel = "stable"
    """Managed control plane channel, in any case; gives the revision
    asm-managed[-rapid|-stable]. Managed control plane only: refused when no cluster runs it;
    in-cluster and add-on control planes take their revision from `mesh.istiod` and the
    cluster's `istio`."""
    injection: Literal["default", "revision"] = "default"
    """Namespace injection label of the managed control plane: `default`,
    istio-injection=enabled, the one label Google's "Installing and upgrading gateways with Istio
    APIs" gives under TRAFFIC_DIRECTOR and recommends under managed istiod; or `revision`,
    istio.io/rev=<asm-managed channel revision>, which that guide keeps for existing users of
    managed istiod (`implementation: ISTIOD`). Managed control plane only: refused when no cluster
    runs it; in-cluster and add-on control planes label by revision."""
    mtls: Literal["STRICT", "PERMISSIVE"] = "STRICT"
    """Mesh-wide mTLS mode (PeerAuthentication `default` in the root namespace of every
    cluster's control plane). STRICT: no plain text."""
    multi_cluster: bool | None = None
    """One mesh across the clusters (Google's "Set up a multi-cluster mesh on managed Cloud
    Service Mesh"): Pods of each cluster reach Pods of the others
    (the `<network>-istio-multicluster-pods` firewall rule), and every cluster's managed
    control plane discovers the endpoints of the others (`asm-options` ConfigMap,
    `multicluster_mode: connected`). Default (unset): on with two clusters or more; false opts
    out explicitly; true with one cluster changes nothing. See `PlatformSpec.multi_cluster`."""

    istiod: IstiodSpec | None = None
    """The in-cluster istiod: required when a cluster runs the in-cluster control plane
    (attached clusters, or GKE with `controlPlane: in-cluster`), refused when none does."""
    trust_root: TrustRootSpec | None = None
    """The common root of trust of in-cluster control planes (Istio's plug-in CA: a `cacerts`
    Secret per cluster, created before istiod). Required when two clusters or more with
    in-cluster control planes share a mesh; refused when no cluster runs one: the managed mesh
    keeps Google's CA, and AKS clusters take theirs from `istio.pluginCa`."""
    outbound_traffic_policy: Literal["REGISTRY_ONLY", "ALLOW_ANY"] | None = None
    """Where the mesh's Pods may send traffic (mesh config `outboundTrafficPolicy.mode`; a
    root-namespace Sidecar on the managed control plane, the shared mesh ConfigMap on AKS).
    Default: REGISTRY_ONLY when the mesh has an egress gateway, else Istio's ALLOW_ANY.
    REGISTRY_ONLY lets sidecars reach only hosts the mesh knows (its Services and the egress
    gateway's ServiceEntries), so the egress gateway is the one way out; ALLOW_ANY lets any Pod
    reach any host directly, around the egress gateway, which then restricts nothing. Set
    ALLOW_ANY only while moving workloads whose external hosts are not listed yet."""

    @property
    def revision(self) -> str:
        """The managed revision label value, as Google's "Installing and upgrading gateways with
        Istio APIs" names them."""
        return "asm-managed" if self.channel == "regular" else f"asm-managed-{self.channel}"


class GatewayCanarySpec(SpecModel):
    revision: Revision
    """The revision the canary Pods get (`istio.io/rev`): another revision every cluster of
    the gateway runs, so an in-cluster istiod revision (the managed control plane runs one
    channel per cluster: refused there)."""
    replicas: CanaryReplicas | None = None
    """Pods of the canary Deployment, which has no autoscaler of its own: the share of traffic
    it takes is about replicas / (replicas + the main Deployment's Pods, at least
    `replicas.min`). Default: unset, Kubernetes' one Pod."""


class EgressHostSpec(SpecModel):
    host: Fqdn
    """The external host, e.g. api.example.com: a fully qualified domain, which the
    ServiceEntry resolves by DNS (no wildcard)."""
    port: int = Field(default=443, ge=1, le=65535)
    """The host's port."""
    protocol: Literal["TLS", "HTTP"] = "TLS"
    """TLS: passed through by SNI (the application originates TLS); HTTP: plain HTTP."""


ServiceType = Literal["LoadBalancer", "ClusterIP", "NodePort"]
GatewayKind = Literal["ingress", "egress", "east-west"]
DEFAULT_SERVICE_TYPE: dict[GatewayKind, ServiceType] = {
    "ingress": "LoadBalancer",
    "egress": "ClusterIP",
    "east-west": "LoadBalancer",
}
"""A gateway Service's type when the spec sets none: only ingress and east-west gateways take
traffic from outside the cluster (the east-west one through an internal load balancer)."""

GatewayPortName = Literal["status-port", "http2", "https", "tls"]
GATEWAY_PORTS: dict[GatewayKind, tuple[GatewayPortName, ...]] = {
    "ingress": ("status-port", "http2", "https"),
    "egress": ("http2", "https"),
    "east-west": ("status-port", "tls"),
}
"""The names of the Service ports each gateway kind exposes (`components.render.gateway`)."""
NodePort = Annotated[int, Field(ge=30000, le=32767)]
"""Kubernetes' default nodePort range."""


class ReplicasSpec(Bounds):
    min: Replicas = Field(default=3, ge=1)
    """HPA minimum; 3 keeps the gateway available through a zone loss."""
    max: Replicas = Field(default=5, ge=1)
    """HPA maximum."""


class GatewaySpec(SpecModel):
    name: DnsLabel
    """Gateway Deployment/Service name, e.g. istio-ingressgateway. On an add-on gateway it must
    be the add-on's own, `aks-istio-ingressgateway-<addon>` (refused otherwise)."""
    kind: GatewayKind = "ingress"
    """ingress: traffic into the mesh; egress: the mesh's way out to `egressHosts`; east-west:
    port 15443 between the networks of a multi-network mesh. east-west needs istiod (managed
    ISTIOD or in-cluster) on every cluster of the gateway: refused with TRAFFIC_DIRECTOR or
    the AKS add-on. Add-on gateways are ingress (refused otherwise)."""
    namespace: DnsLabel
    """The gateway's own namespace, never a control-plane or system namespace. Add-on gateways
    are in aks-istio-ingress (refused otherwise), which no other gateway or route may use."""
    replicas: ReplicasSpec = ReplicasSpec()
    """Autoscaling bounds of the gateway Deployment. Not on add-on gateways (refused): the
    add-on scales its own."""
    service_type: ServiceType | None = None
    """Type of the gateway Service. Default by kind: LoadBalancer for ingress and east-west
    (internal for east-west), ClusterIP for egress, which only the mesh's own Pods reach. Not on
    add-on gateways (refused): the add-on owns their Service."""
    clusters: list[DnsLabel] | None = Field(default=None, min_length=1)
    """Names of the clusters the gateway runs on. Default: every cluster, so traffic can fail
    over between them. Required on add-on gateways, naming AKS clusters only, and on every
    gateway of a spec with AKS clusters."""
    load_balancer_ip: IPv4 | None = Field(default=None, alias="loadBalancerIP")
    """A static IP for the LoadBalancer Service (e.g. 203.0.113.1 on an attached cluster whose
    load balancer takes requested addresses, as Google's "Installing Anthos Service Mesh on
    GKE on VMware" does).
    Spelt `loadBalancerIP` in YAML, as in the Kubernetes Service. Applies only when the Service
    is a LoadBalancer (`serviceType`, or the kind's default): refused otherwise, and on add-on
    gateways."""
    load_balancer_source_ranges: list[Cidr] = []
    """Source ranges allowed through a LoadBalancer Service (`spec.loadBalancerSourceRanges`).
    Required for an east-west gateway on an attached cluster, where meshfleet knows no internal
    load balancer: list the other networks' ranges, so that 15443 is not open to the Internet.
    Applies only when the Service is a LoadBalancer: refused otherwise."""
    node_ports: dict[GatewayPortName, NodePort] = {}
    """Pinned nodePorts of a NodePort Service by port name (status-port, http2, https, tls), for a
    manually configured VIP in front of the nodes (Google's "Installing Anthos Service Mesh on
    GKE on VMware"). Applies only to a NodePort Service: refused otherwise, and on add-on
    gateways; each port the gateway's kind exposes, none pinned twice on a cluster."""
    vip: IPv4 | None = None
    """The manually configured VIP in front of the nodePorts (Google's "Installing Anthos Service
    Mesh on GKE on VMware"); recorded in the Service's annotation `meshfleet.io/vip` (Kubernetes
    has no field for it), never configured by meshfleet. Applies only to a NodePort Service:
    refused otherwise, and on add-on gateways."""
    node_selector: dict[LabelKey, LabelValue] | None = None
    """Which nodes istiod announces to the mesh's other networks for a NodePort east-west
    gateway: the Service's `traffic.istio.io/nodeSelector` annotation, a label selector.
    istiod registers a NodePort Service as a network gateway only with that annotation, and
    then announces the ExternalIP address of each node whose labels match, on the `tls`
    port's nodePort (Istio's pilot/pkg/serviceregistry/kube/controller, `network.go`
    updateServiceNodePortAddresses and `controller.go` onNodeEvent: a node without an
    ExternalIP address is never announced). Default for a NodePort east-west gateway of a
    multi-network mesh: `{}`, every node; set labels to announce only the nodes other networks
    reach. A `vip` in front of the nodes is not announced (istiod knows nothing of it). Applies
    to east-west gateways with serviceType NodePort only: refused on others."""
    revision: Revision | None = None
    """Pin the gateway's Pods to this revision with their own `istio.io/rev` label (Google's
    "Installing and upgrading gateways with Istio APIs", in-place upgrade). Default: the
    namespace's label decides. Must be a revision every cluster of the gateway runs (refused
    otherwise); gateways sharing a namespace all pin one or none. Not on add-on gateways
    (refused): the add-on pins its own."""
    restarted_at: str | None = None
    """A rollout restart (an RFC 3339 time, as `kubectl rollout restart` writes it): changing this
    value stamps `kubectl.kubernetes.io/restartedAt` on the pod template, so the Pods are
    replaced and get the control plane's current proxy (Google's "Installing and upgrading
    gateways with Istio APIs", in-place upgrade with the managed control plane). Not on add-on
    gateways (refused): the add-on restarts its own."""
    canary: GatewayCanarySpec | None = None
    """A canary Deployment `<name>-canary` on another revision behind the same Service (Google's
    "Installing and upgrading gateways with Istio APIs", canary upgrade). Promote by moving the
    gateway to that revision and removing this; roll back by removing it. Needs the gateway's
    own `revision`, and a control plane that runs two revisions at once (in-cluster istiod):
    refused on the managed control plane and on add-on gateways."""
    egress_hosts: list[EgressHostSpec] = []
    """External hosts that leave the mesh through this egress gateway. Applies to `kind:
    egress` only (refused on other kinds and on add-on gateways); each host once in the
    platform."""
    addon: Literal["external", "internal"] | None = None
    """On AKS: the Istio add-on's external or internal ingress gateway, which the add-on
    creates and owns (`aks-istio-ingressgateway-<addon>` in aks-istio-ingress); meshfleet
    enables it and patches its Service. Applies to AKS clusters only: `clusters` is required
    and must name AKS clusters (refused otherwise)."""
    annotations: dict[LabelKey, str] = {}
    """Annotations of an add-on gateway's Service, from the set the add-on supports
    (Microsoft's "Deploy ingress gateways for Istio service mesh add-on for Azure
    Kubernetes Service"). Applies to
    add-on gateways (`addon`) only: refused on others, whose Services meshfleet renders whole."""
    external_traffic_policy: Literal["Cluster", "Local"] | None = None
    """The gateway Service's externalTrafficPolicy. Local keeps client source IPs and skips a
    second hop, but spreads traffic per node, not per Pod: nodes with fewer gateway Pods get as
    much as nodes with more (Microsoft's "Deploy ingress gateways for Istio
    service mesh add-on for Azure Kubernetes Service"). Default: Kubernetes' (Cluster). Applies
    to add-on gateways (`addon`) only: refused on others, whose Services are rendered whole."""

    @property
    def service(self) -> ServiceType:
        """The gateway Service's type: `serviceType`, else its kind's default."""
        return self.service_type or DEFAULT_SERVICE_TYPE[self.kind]


class UriMatchSpec(SpecModel):
    exact: UriPath | None = None
    """Match this path exactly. Set exactly one of `exact` and `prefix`."""
    prefix: UriPath | None = None
    """Match paths that start with this prefix. Set exactly one of `exact` and `prefix`."""

    @model_validator(mode="after")
    def _exactly_one(self) -> UriMatchSpec:
        if (self.exact is None) == (self.prefix is None):
            raise ValueError("set exactly one of exact or prefix")
        return self


class MatchSpec(SpecModel):
    uri: UriMatchSpec
    """The request path to match (the VirtualService's `match[].uri`)."""


class ServiceRefSpec(SpecModel):
    host: ServiceHost
    """Destination host: a Service name in the route's namespace, or an FQDN."""
    port: int = Field(ge=1, le=65535)
    """The destination's port (the Service port)."""


class RouteTlsSpec(SpecModel):
    credential_name: DnsLabel
    """Kubernetes Secret (in the gateway namespace) holding the certificate."""
    hosts: list[Host] = Field(min_length=1)
    """Host names served over HTTPS."""
    https_redirect: bool = False
    """Answer plain HTTP on port 80 with a 301 to HTTPS (the Istio Gateway's HTTP server gets
    `tls.httpsRedirect: true`), for every host of the route. Applies to edge routes, which are
    the only ones with `tls`. Default false: port 80 serves the route as it is."""


class RouteSpec(SpecModel):
    name: DnsLabel
    """Route name: names its Istio Gateway, VirtualService and DestinationRule."""
    namespace: DnsLabel
    """Namespace of the Gateway, VirtualService and DestinationRule objects. Not aks-istio-ingress,
    which the AKS add-on owns (refused)."""
    service: ServiceRefSpec
    """The destination of the route's requests."""
    gateway: DnsLabel | None = None
    """Name of an entry in `gateways`: an edge route, for requests entering through that
    gateway, which must be an ingress gateway (refused otherwise). Unset: a mesh route, for
    requests of the mesh's own workloads to the service host (a canary inside the mesh); it
    has no Istio Gateway, hosts or TLS."""
    clusters: list[DnsLabel] | None = Field(default=None, min_length=1)
    """Names of the clusters the route goes to; its gateway must run on each. Default: every
    cluster (its gateway's, for an edge route, must then be every cluster too)."""
    hosts: list[Host] = Field(default=["*"], min_length=1)
    """Host names the HTTP server accepts. Edge routes only: refused on a mesh route (no
    `gateway`), which routes requests for its service host."""
    match: list[MatchSpec] = []
    """URI matches; empty matches every request."""
    subsets: dict[DnsLabel, dict[LabelKey, LabelValue]] = {}
    """Subset name -> pod labels, rendered into the DestinationRule. Istio applies one
    DestinationRule per host and namespace, so routes to the same host in one namespace that
    define subsets define the same ones, and the first of them renders it for all."""
    weights: dict[str, int] = {}
    """Subset name -> percentage of traffic; must add up to 100. Empty sends all traffic to the host."""
    tls: RouteTlsSpec | None = None
    """Also serve HTTPS on 443 (SIMPLE TLS, minimum TLS 1.2). Edge routes only: refused on a
    mesh route (no `gateway`)."""


class MciCertificatesSpec(SpecModel):
    """HTTPS on the Multi Cluster Ingress load balancer, through `networking.gke.io/pre-shared-certs`."""

    pre_shared: list[DnsLabel] = []
    """Names of existing compute SslCertificates in the project (uploaded or managed elsewhere)."""
    managed_domains: list[Fqdn] = Field(default=[], max_length=100)
    """Domains of one Google-managed certificate this stack creates (at most 100, Google's
    limit); it becomes active once their DNS points at the static IP."""


class MultiClusterIngressSpec(SpecModel):
    """Multi Cluster Ingress in front of one ingress gateway of every cluster (Google's "Setting
    up Multi Cluster Ingress"). GKE only: refused without a GKE cluster."""

    config_cluster: DnsLabel
    """The GKE cluster that holds the MultiClusterIngress and MultiClusterService objects (the
    fleet's config membership); the others only run the gateway pods behind them."""
    gateway: DnsLabel
    """Name of the ingress gateway in `gateways` the load balancer sends traffic to. Its Service
    must be ClusterIP (refused otherwise): the load balancer replaces a LoadBalancer Service of
    its own per cluster. It must be an ingress gateway."""
    static_ip: bool = False
    """Reserve a global static IP for the load balancer (an ephemeral one changes when the
    MultiClusterIngress is recreated). GKE needs one for HTTPS."""
    certificates: MciCertificatesSpec | None = None
    """Serve HTTPS with these certificates (requires staticIp). Default: HTTP only."""


class PlatformSpec(SpecModel):
    environment: DnsLabel
    """Environment name, e.g. dev, staging, prod."""
    protect: bool = False
    """Protect networks and clusters from deletion: Pulumi `protect` on the VPC or VNet and the
    clusters meshfleet creates, plus GKE's deletion protection. Attached clusters are not
    meshfleet's to delete."""
    name_prefix: DnsLabel | None = None
    """Start of every physical name that stacks sharing a project could collide on (VPC,
    subnets, routers, clusters, fleet memberships, node accounts, firewall rules).
    Default: the environment, so that dev and staging can share one project."""
    gcp: GcpSpec | None = None
    """The GCP project and VPC: required when a cluster has `cloud: gcp`, refused when none has."""
    azure: AzureSpec | None = None
    """The Azure resource group and VNet: required when a cluster has `cloud: azure`, refused
    when none has."""
    clusters: list[ClusterSpec] = Field(min_length=1)
    """The clusters, each by its `cloud`: gcp (GKE, the default), azure (AKS with the Istio
    add-on) or attached. A field of another cloud's cluster is refused as unknown."""
    mesh: MeshSpec = MeshSpec()
    """The service mesh over the clusters: control planes, mTLS, trust and outbound traffic."""
    gateways: list[GatewaySpec] = []
    """Istio gateways: ingress, egress and east-west, on the clusters each names."""
    routes: list[RouteSpec] = []
    """HTTP routes to services: edge routes through an ingress gateway, mesh routes inside."""
    multi_cluster_ingress: MultiClusterIngressSpec | None = None
    """Multi Cluster Ingress in front of a gateway; default none."""

    @property
    def multi_cluster(self) -> bool:
        """Whether the clusters form one mesh: `mesh.multiCluster`, by default on with two or more."""
        if self.mesh.multi_cluster is False:
            return False
        return len(self.clusters) >= 2

    @property
    def outbound_traffic_policy(self) -> Literal["REGISTRY_ONLY", "ALLOW_ANY"]:
        """The mesh's outbound traffic policy on every cluster: `mesh.outboundTrafficPolicy`,
        else REGISTRY_ONLY when a gateway of the spec is an egress gateway, else ALLOW_ANY."""
        if self.mesh.outbound_traffic_policy is not None:
            return self.mesh.outbound_traffic_policy
        return "REGISTRY_ONLY" if any(g.kind == "egress" for g in self.gateways) else "ALLOW_ANY"

    def control_plane(self, cluster: ClusterSpec) -> ControlPlaneKind:
        """Which control plane `cluster` runs, as its model says: GKE's follows
        `mesh.controlPlane`, AKS runs the Istio add-on and an attached cluster the in-cluster istiod."""
        return cluster.control_plane(self)

    def mesh_network(self, cluster: ClusterSpec) -> str:
        """The Istio network of `cluster` (`topology.istio.io/network`): its `network`, else its
        model's default (GKE: the VPC's name, one network; AKS and attached: the cluster's name)."""
        return cluster.network if cluster.network is not None else cluster.default_network(self)

    def network_project(self) -> str:
        """The project that owns the VPC (the Shared VPC host project)."""
        gcp = self.gcp_section()
        return gcp.network.project or gcp.project

    def fleet_project(self) -> str:
        """The fleet host project: memberships, fleet features, the Workload Identity pool."""
        gcp = self.gcp_section()
        return gcp.fleet_project or gcp.project

    def cluster_project(self, cluster: GkeClusterSpec) -> str:
        """The project a GKE cluster and its node account live in."""
        return cluster.project or self.gcp_section().project

    def revisions(self, cluster: ClusterSpec) -> tuple[str, ...]:
        """The control-plane revisions `cluster` runs, as its model says (GKE managed: the channel's
        one; in-cluster: `mesh.istiod.revisions`; AKS: the add-on's `istio.revisions`): what gateway
        Pods may name, and what the cluster's builder hands the mesh layer. Asked in one place."""
        return cluster.revisions(self)

    def gcp_section(self) -> GcpSpec:
        """The `gcp` section, for code that builds GKE clusters (the rules make it present then)."""
        if self.gcp is None:
            raise ValueError("platform.gcp: is required with GKE clusters")
        return self.gcp

    def azure_section(self) -> AzureSpec:
        """The `azure` section, for code that builds AKS clusters (the rules make it present then)."""
        if self.azure is None:
            raise ValueError("platform.azure: is required with AKS clusters")
        return self.azure

    @property
    def prefix(self) -> str:
        """The prefix of physical names: `namePrefix`, else the environment."""
        return self.name_prefix or self.environment


def register_cluster_model(cloud: str, model: type[ClusterModel]) -> None:
    """Accept clusters with `cloud: <cloud>` as `model` in every spec parsed from now on.

    For a cloud outside this package (`components.clouds.register` calls it with the cloud's
    builder). The union is rebuilt with the new member, tagged by `cloud` as the others are.
    """
    if inspect.isabstract(model):
        missing = ", ".join(sorted(model.__abstractmethods__))
        raise TypeError(f"{model.__name__} leaves out traits of ClusterModel: {missing}")
    CLUSTER_MODELS[cloud] = model
    members = tuple(Annotated[m, Tag(tag)] for tag, m in CLUSTER_MODELS.items())
    union = Annotated[Union[members], Discriminator(_cloud_tag)]  # noqa: UP007 (built at run time)
    PlatformSpec.model_fields["clusters"].annotation = list[union]
    PlatformSpec.model_rebuild(force=True)
