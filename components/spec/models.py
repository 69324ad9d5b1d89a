"""The platform spec: pure data, parsed from `meshfleet:platform` in a stack's config.

Field names are snake_case in Python and camelCase in YAML. Every model forbids unknown
keys, so a misspelt field is an error instead of a silently ignored setting. Rules that
need more than one field (overlaps, references, capacity) live in `rules.py`.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator
from pydantic.alias_generators import to_camel

from .errors import quoted
from .formats import DisplayName, Host, LabelKey, LabelValue, ServiceHost, UriPath, Zone, is_subdomain
from .limits import BOOT_DISK_GB, BootDiskGb, NodeCount, Replicas

DNS_LABEL = re.compile(r"^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$")


def _dns_label(value: str) -> str:
    if not DNS_LABEL.fullmatch(value):
        raise ValueError(
            f"{quoted(value)} must be a DNS label (lowercase letters, digits and '-', "
            "starting with a letter, ending with a letter or digit, at most 63 characters)"
        )
    return value


def _cidr(value: str) -> str:
    try:
        ipaddress.IPv4Network(value, strict=True)
    except ValueError as exc:
        raise ValueError(f"{quoted(value)} is not an IPv4 CIDR block ({exc})") from None
    return value


def _gke_cluster_name(value: str) -> str:
    if len(value) > 40:
        raise ValueError(f"{quoted(value)} is {len(value)} characters; GKE cluster names have at most 40")
    return value


def _managed_domain(value: str) -> str:
    # Google-managed certificates cover fully qualified domains; wildcards are not supported.
    if "." not in value or not is_subdomain(value):
        raise ValueError(
            f"{quoted(value)} must be a fully qualified domain without wildcard (e.g. shop.example.com)"
        )
    return value


DnsLabel = Annotated[str, AfterValidator(_dns_label)]
Cidr = Annotated[str, AfterValidator(_cidr)]
ManagedDomain = Annotated[str, AfterValidator(_managed_domain)]


class SpecModel(BaseModel):
    """Base of every spec model: camelCase aliases, no unknown keys, no coercion, immutable."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="forbid",
        frozen=True,
        # Strict: `protect: "yes"` is no boolean, "3" no integer and 3 no string. Config reaches
        # the program as JSON (Config.get_object), which keeps YAML's integers integers.
        strict=True,
        # The docstrings under the fields document them in the source only: reading them into
        # descriptions (use_attribute_docstrings) tokenizes this module once per model, a fifth
        # of the time `meshfleet preview` takes to refuse a bad spec.
    )


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
    """Cloud NAT log filter; NONE turns logging off. Default ALL, as in seed 004 step 1."""


class GcpNetworkSpec(SpecModel):
    name: DnsLabel
    """Custom-mode VPC name."""
    subnets: list[SubnetSpec] = Field(min_length=1)
    """Subnets; one Cloud Router + NAT is created per distinct region."""
    nat: NatSpec = NatSpec()
    """Cloud NAT settings. Private nodes have no external IPs, so NAT is always created."""


class GcpSpec(SpecModel):
    project: Annotated[str, Field(pattern=r"^[a-z][-a-z0-9]{4,28}[a-z0-9]$")]
    """GCP project id (6-30 characters, lowercase letters, digits and '-')."""
    network: GcpNetworkSpec
    owns_mesh_feature: bool = True
    """This stack creates the project's `servicemesh` fleet feature, which exists once per
    project. Set false on every other stack that shares the project: they enrol their clusters
    in the existing feature, and their destroy never removes it."""


class AuthorizedNetworkSpec(SpecModel):
    name: DisplayName
    """Display name of the range."""
    cidr: Cidr
    """Range allowed to reach the cluster's control plane."""


class _Bounds(SpecModel):
    """A min/max pair (autoscaler bounds); subclasses declare the fields with their defaults."""

    min: int
    max: int

    @model_validator(mode="after")
    def _min_not_above_max(self) -> _Bounds:
        if self.min > self.max:
            raise ValueError(f"min ({self.min}) must not exceed max ({self.max})")
        return self


class NodePoolSpec(_Bounds):
    machine_type: str = "e2-standard-4"
    """Node machine type. Default e2-standard-4: the seeds' minimum of 4 vCPU per node."""
    min: NodeCount = Field(default=1, ge=0)
    """Autoscaler minimum. For a regional cluster this counts nodes per zone."""
    max: NodeCount = Field(default=3, ge=1)
    """Autoscaler maximum. For a regional cluster this counts nodes per zone."""
    zones: list[Zone] | None = None
    """Node zones. Default: GKE's, which for a regional cluster is three zones of the region."""
    disk_size_gb: BootDiskGb = Field(default=100, ge=BOOT_DISK_GB[0])
    """Boot disk size."""


ReleaseChannel = Literal["RAPID", "REGULAR", "STABLE"]
Cloud = Literal["gcp"]
"""Where a cluster runs; `components.clouds` registers the package that builds each."""


class ClusterSpec(SpecModel):
    name: Annotated[DnsLabel, AfterValidator(_gke_cluster_name)]
    """Cluster name, unique in the platform; GKE allows at most 40 characters."""
    cloud: Cloud = "gcp"
    """Only GKE clusters are supported in this version."""
    location: DnsLabel
    """A region (regional cluster, recommended) or a zone of the subnet's region."""
    subnet: DnsLabel
    """Name of the subnet in `gcp.network.subnets` the nodes live in."""
    master_cidr: Cidr
    """The control plane's private /28 range."""
    release_channel: ReleaseChannel = "STABLE"
    """GKE release channel; the managed mesh requires one. STABLE as in seed 004."""
    authorized_networks: list[AuthorizedNetworkSpec] = []
    """Ranges allowed to reach the control plane; empty means only private access."""
    master_global_access: bool = True
    """Reach the private endpoint from every region of the VPC (seed 004)."""
    node_pool: NodePoolSpec = NodePoolSpec()


class MeshSpec(SpecModel):
    control_plane: Literal["managed"] = "managed"
    """Cloud Service Mesh managed control plane; in-cluster and aks-addon come later."""
    channel: Literal["rapid", "regular", "stable"] = "stable"
    """Managed control plane channel; gives the revision asm-managed[-rapid|-stable]."""
    injection: Literal["default", "revision"] = "revision"
    """Namespace injection label: istio-injection=enabled, or istio.io/rev=<revision>."""
    mtls: Literal["STRICT", "PERMISSIVE"] = "STRICT"
    """Mesh-wide mTLS mode (PeerAuthentication `default` in istio-system). STRICT: no plain text."""
    multi_cluster: bool | None = None
    """One mesh across the clusters (seed 004): Pods of each cluster reach Pods of the others
    (the `<network>-istio-multicluster-pods` firewall rule), and every cluster's managed
    control plane discovers the endpoints of the others (`asm-options` ConfigMap,
    `multicluster_mode: connected`). Default (unset): on with two clusters or more; false opts
    out explicitly; true with one cluster changes nothing. See `PlatformSpec.multi_cluster`."""

    @property
    def revision(self) -> str:
        """The managed revision label value, as seeds 000/003 name them."""
        return "asm-managed" if self.channel == "regular" else f"asm-managed-{self.channel}"


class ReplicasSpec(_Bounds):
    min: Replicas = Field(default=3, ge=1)
    """HPA minimum; 3 keeps the gateway available through a zone loss."""
    max: Replicas = Field(default=5, ge=1)
    """HPA maximum."""


class GatewaySpec(SpecModel):
    name: DnsLabel
    """Gateway Deployment/Service name, e.g. istio-ingressgateway."""
    kind: Literal["ingress"] = "ingress"
    """Only ingress gateways in this version."""
    namespace: DnsLabel
    """The gateway's own namespace, never a control-plane or system namespace."""
    replicas: ReplicasSpec = ReplicasSpec()
    """Autoscaling bounds of the gateway Deployment."""
    service_type: Literal["LoadBalancer", "ClusterIP", "NodePort"] = "LoadBalancer"
    """Type of the gateway Service."""
    clusters: list[DnsLabel] | None = Field(default=None, min_length=1)
    """Names of the clusters the gateway runs on. Default: every cluster, so traffic can fail
    over between them (seed 004)."""


class UriMatchSpec(SpecModel):
    exact: UriPath | None = None
    prefix: UriPath | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> UriMatchSpec:
        if (self.exact is None) == (self.prefix is None):
            raise ValueError("set exactly one of exact or prefix")
        return self


class MatchSpec(SpecModel):
    uri: UriMatchSpec


class ServiceRefSpec(SpecModel):
    host: ServiceHost
    """Destination host: a Service name in the route's namespace, or an FQDN."""
    port: int = Field(ge=1, le=65535)


class RouteTlsSpec(SpecModel):
    credential_name: DnsLabel
    """Kubernetes Secret (in the gateway namespace) holding the certificate."""
    hosts: list[Host] = Field(min_length=1)
    """Host names served over HTTPS."""


class RouteSpec(SpecModel):
    name: DnsLabel
    namespace: DnsLabel
    """Namespace of the Gateway, VirtualService and DestinationRule objects."""
    service: ServiceRefSpec
    gateway: DnsLabel | None = None
    """Name of an entry in `gateways`: an edge route, for requests entering through that
    gateway. Unset: a mesh route, for requests of the mesh's own workloads to the service host
    (seed 004 step 5, a canary inside the mesh); it has no Istio Gateway, hosts or TLS."""
    clusters: list[DnsLabel] | None = Field(default=None, min_length=1)
    """Names of the clusters the route goes to; its gateway must run on each. Default: every
    cluster (its gateway's, for an edge route, must then be every cluster too)."""
    hosts: list[Host] = Field(default=["*"], min_length=1)
    """Host names the HTTP server accepts (edge routes only)."""
    match: list[MatchSpec] = []
    """URI matches; empty matches every request."""
    subsets: dict[DnsLabel, dict[LabelKey, LabelValue]] = {}
    """Subset name -> pod labels, rendered into the DestinationRule. Istio applies one
    DestinationRule per host and namespace, so routes to the same host in one namespace that
    define subsets define the same ones, and the first of them renders it for all."""
    weights: dict[str, int] = {}
    """Subset name -> percentage of traffic; must add up to 100. Empty sends all traffic to the host."""
    tls: RouteTlsSpec | None = None
    """Also serve HTTPS on 443 (SIMPLE TLS, minimum TLS 1.2)."""


class MciCertificatesSpec(SpecModel):
    """HTTPS on the Multi Cluster Ingress load balancer, through `networking.gke.io/pre-shared-certs`."""

    pre_shared: list[DnsLabel] = []
    """Names of existing compute SslCertificates in the project (uploaded or managed elsewhere)."""
    managed_domains: list[ManagedDomain] = Field(default=[], max_length=100)
    """Domains of one Google-managed certificate this stack creates (at most 100, Google's
    limit); it becomes active once their DNS points at the static IP."""


class MultiClusterIngressSpec(SpecModel):
    """Multi Cluster Ingress in front of one ingress gateway of every cluster (seed 004 step 6)."""

    config_cluster: DnsLabel
    """The GKE cluster that holds the MultiClusterIngress and MultiClusterService objects (the
    fleet's config membership); the others only run the gateway pods behind them."""
    gateway: DnsLabel
    """Name of the ingress gateway in `gateways` the load balancer sends traffic to. Its Service
    must be ClusterIP: the load balancer replaces a LoadBalancer Service of its own per cluster."""
    static_ip: bool = False
    """Reserve a global static IP for the load balancer (an ephemeral one changes when the
    MultiClusterIngress is recreated). GKE needs one for HTTPS."""
    certificates: MciCertificatesSpec | None = None
    """Serve HTTPS with these certificates (requires staticIp). Default: HTTP only."""


class PlatformSpec(SpecModel):
    environment: DnsLabel
    """Environment name, e.g. dev, staging, prod."""
    protect: bool = False
    """Protect networks and clusters from deletion (Pulumi protect + GKE deletion protection)."""
    name_prefix: DnsLabel | None = None
    """Start of every physical name that stacks sharing a project could collide on (VPC,
    subnets, routers, clusters, fleet memberships, node accounts, firewall rules).
    Default: the environment, so that dev and staging can share one project."""
    gcp: GcpSpec
    clusters: list[ClusterSpec] = Field(min_length=1)
    mesh: MeshSpec = MeshSpec()
    gateways: list[GatewaySpec] = []
    routes: list[RouteSpec] = []
    multi_cluster_ingress: MultiClusterIngressSpec | None = None
    """Multi Cluster Ingress in front of a gateway; default none."""

    @property
    def multi_cluster(self) -> bool:
        """Whether the clusters form one mesh: `mesh.multiCluster`, by default on with two or more."""
        if self.mesh.multi_cluster is False:
            return False
        return len(self.clusters) >= 2

    @property
    def prefix(self) -> str:
        """The prefix of physical names: `namePrefix`, else the environment."""
        return self.name_prefix or self.environment
