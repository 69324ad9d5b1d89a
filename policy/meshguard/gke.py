"""Private GKE clusters fit for a mesh (Google's "Set up a multi-cluster mesh on managed Cloud Service
Mesh")."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pulumi_policy import (
    EnforcementLevel,
    PolicyResource,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
)

from .capacity import autopilot_nodes
from .kinds import GCP_FIREWALL, GKE_CLUSTER, GKE_NODE_POOL
from .values import UNKNOWN, Unknowns, elements, fix_in_words_of, get, text

WEBHOOK_PORT = 15017
"""Port of the sidecar injector webhook on the nodes; the API server must reach it."""

RELEASE_CHANNELS = ("RAPID", "REGULAR", "STABLE", "EXTENDED")


def _cluster_name(props: Any, fallback: str) -> str:
    return text(get(props, "name")) or fallback


# --- private-gke ----------------------------------------------------------------------------


def _validate_private_gke(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type != GKE_CLUSTER:
        return
    props = args.props
    cluster = f"GKE cluster {_cluster_name(props, args.name)}"
    unknowns = Unknowns()
    private_nodes = get(props, "privateClusterConfig", "enablePrivateNodes")
    if private_nodes is UNKNOWN:
        unknowns.note(args.name, "privateClusterConfig", "enablePrivateNodes")
    elif private_nodes is not True:
        report_violation(
            f"{cluster} does not set privateClusterConfig.enablePrivateNodes, so its nodes get public "
            "IP addresses; make the nodes private (with a /28 masterIpv4CidrBlock).",
            None,
        )
    authorized = get(props, "masterAuthorizedNetworksConfig")
    if authorized is UNKNOWN:
        unknowns.note(args.name, "masterAuthorizedNetworksConfig")
    elif authorized is None:
        fix = fix_in_words_of(
            args.urn,
            "list the networks that may reach it in the cluster's authorizedNetworks",
            "list the networks that may reach it",
        )
        report_violation(
            f"{cluster} has no masterAuthorizedNetworksConfig, so its control plane's public endpoint "
            f"accepts connections from any address; {fix} (an empty list allows private access only).",
            None,
        )
    autopilot = get(props, "enableAutopilot")
    if autopilot is not True:  # Autopilot always has Workload Identity and a release channel
        for problem in _standard_cluster_problems(args, unknowns):
            if autopilot is UNKNOWN:
                unknowns.note(args.name, "enableAutopilot")  # an Autopilot cluster would be fine
            else:
                report_violation(f"{cluster} {problem}", None)
    unknowns.raise_if_any()


def _standard_cluster_problems(args: ResourceValidationArgs, unknowns: Unknowns) -> list[str]:
    """What a GKE Standard cluster lacks for the mesh: Workload Identity, a release channel."""
    problems = []
    identity = get(args.props, "workloadIdentityConfig")
    # A workload pool computed by the program (<project>.svc.id.goog of a project output) is set.
    pool = get(identity, "workloadPool")
    if identity is UNKNOWN:
        unknowns.note(args.name, "workloadIdentityConfig")
    elif pool is not UNKNOWN and not pool:
        problems.append(
            "does not enable Workload Identity (workloadIdentityConfig.workloadPool, "
            "<project>.svc.id.goog), which Cloud Service Mesh requires."
        )
    channel = get(args.props, "releaseChannel", "channel")
    if channel is UNKNOWN:
        unknowns.note(args.name, "releaseChannel", "channel")
    elif channel not in RELEASE_CHANNELS:
        fix = fix_in_words_of(args.urn, "set the cluster's releaseChannel", "set releaseChannel.channel")
        problems.append(
            f"is on no release channel (releaseChannel.channel {text(channel) or 'unset'}); "
            f"the managed mesh follows the cluster's channel, so {fix} to RAPID, REGULAR or STABLE."
        )
    return problems


private_gke = ResourceValidationPolicy(
    name="private-gke",
    description=(
        "GKE clusters have private nodes, master authorized networks, Workload Identity "
        "and a release channel."
    ),
    validate=_validate_private_gke,
    enforcement_level=EnforcementLevel.MANDATORY,
)


# --- private-gke-webhook-firewall -----------------------------------------------------------


@dataclass
class _Targets:
    """What a firewall rule can match on a cluster's nodes: their network tags, or their accounts."""

    names: set[str] = field(default_factory=set)
    unknown: bool = False
    """A value that decides them is unknown during the preview."""
    incomplete: bool = False
    """Some are not in the program: the Compute Engine default account, pools declared elsewhere."""


@dataclass
class _Nodes:
    """What firewall rules can target on a cluster's nodes, from every node pool of the cluster."""

    tags: _Targets = field(default_factory=_Targets)
    accounts: _Targets = field(default_factory=_Targets)

    def unknown(self) -> None:
        self.tags.unknown = self.accounts.unknown = True


def _last_segment(value: str) -> str:
    return value.rstrip("/").rsplit("/", 1)[-1]


def _add_node_config(nodes: _Nodes, node_config: Any) -> None:
    if node_config is UNKNOWN:
        nodes.unknown()
        return
    tags = elements(node_config, "tags")
    if tags is UNKNOWN or any(t is UNKNOWN for t in tags):
        nodes.tags.unknown = True
    else:
        nodes.tags.names |= {t for t in (text(x) for x in tags) if t}
    account = get(node_config, "serviceAccount")
    if account is UNKNOWN:
        nodes.accounts.unknown = True
    elif account is None:
        nodes.accounts.incomplete = True  # the default account, whose address is not in the program
    else:
        nodes.accounts.names.add(text(account) or "default")


def _pool_belongs(pool: PolicyResource, cluster: PolicyResource) -> bool:
    if any(dep.urn == cluster.urn for dep in pool.property_dependencies.get("cluster", [])):
        return True
    named, name = text(get(pool.props, "cluster")), _cluster_name(cluster.props, "")
    if not named or not name or (named != name and _last_segment(named) != name):
        return False
    # A pool names its cluster by name: the same project and location too, when both say.
    for key in ("project", "location"):
        mine, theirs = text(get(pool.props, key)), text(get(cluster.props, key))
        if mine and theirs and mine != theirs:
            return False
    return True


def _nodes_of(cluster: PolicyResource, resources: Iterable[PolicyResource]) -> _Nodes:
    nodes, pools = _Nodes(), 0
    inline = elements(cluster.props, "nodePools")
    if inline is UNKNOWN:
        nodes.unknown()  # which pools the cluster has inline, if any, is not known
    else:
        for pool in inline:
            _add_node_config(nodes, get(pool, "nodeConfig", default={}))
        pools += len(inline)
        if not inline:
            removed = get(cluster.props, "removeDefaultNodePool")
            if removed is UNKNOWN:
                nodes.unknown()
            elif removed is not True:
                _add_node_config(nodes, get(cluster.props, "nodeConfig", default={}))
                pools += 1
    for pool in resources:
        if pool.resource_type == GKE_NODE_POOL and _pool_belongs(pool, cluster):
            _add_node_config(nodes, get(pool.props, "nodeConfig", default={}))
            pools += 1
    if pools == 0 and not (nodes.tags.unknown and nodes.accounts.unknown):
        nodes.tags.incomplete = nodes.accounts.incomplete = True  # its pools are declared elsewhere
    return nodes


# Whether a firewall rule does what the policy asks: True, False, UNKNOWN (an unknown value
# decides it) or None (what decides it is not in the program).


def _all_of(verdicts: list[Any]) -> Any:
    """Every one must hold: False if one fails, else None or UNKNOWN if one is undecided."""
    for outcome in (False, None, UNKNOWN):
        if any(v is outcome for v in verdicts):
            return outcome
    return True


def _covers_port(ports: Any) -> Any:
    if ports is UNKNOWN:
        return UNKNOWN
    if not ports:
        return True  # no ports: every port
    undecided = False
    for port in ports:
        value = text(port)
        if value is None:
            undecided = True
            continue
        low, _, high = value.partition("-")
        try:
            if int(low) <= WEBHOOK_PORT <= int(high or low):
                return True
        except ValueError:
            continue
    return UNKNOWN if undecided else False


def _allows_webhook(
    firewall: PolicyResource, master: ipaddress.IPv4Network, cluster: PolicyResource, nodes: _Nodes
) -> Any:
    """Whether ``firewall`` lets the master range reach the webhook port on the cluster's nodes."""
    props = firewall.props
    disabled, direction = get(props, "disabled"), get(props, "direction")
    if disabled is UNKNOWN or direction is UNKNOWN:
        return UNKNOWN
    if disabled is True or (direction or "INGRESS") != "INGRESS":
        return False
    # Networks are often ids only the cloud knows: only two known, different ones rule a rule out.
    network, cluster_network = text(get(props, "network")), text(get(cluster.props, "network"))
    if network and cluster_network and _last_segment(network) != _last_segment(cluster_network):
        return False
    return _all_of([_from_master(props, master), _opens_webhook(props), _reaches_nodes(props, nodes)])


def _from_master(props: Any, master: ipaddress.IPv4Network) -> Any:
    ranges = elements(props, "sourceRanges")
    if ranges is UNKNOWN:
        return UNKNOWN
    undecided = False
    for source in ranges:
        value = text(source)
        if value is None:
            undecided = True
            continue
        try:
            network = ipaddress.ip_network(value, strict=False)
        except ValueError:
            continue
        if isinstance(network, ipaddress.IPv4Network) and master.subnet_of(network):
            return True
    return UNKNOWN if undecided else False


def _opens_webhook(props: Any) -> Any:
    allows = elements(props, "allows")
    if allows is UNKNOWN:
        return UNKNOWN
    undecided = False
    for allow in allows:
        protocol = get(allow, "protocol")
        if protocol is UNKNOWN:
            undecided = True
            continue
        if text(protocol) not in ("tcp", "all", "6"):
            continue
        covered = _covers_port(elements(allow, "ports"))
        if covered is True:
            return True
        if covered is UNKNOWN:
            undecided = True
    return UNKNOWN if undecided else False


def _reaches_nodes(props: Any, nodes: _Nodes) -> Any:
    tags, accounts = elements(props, "targetTags"), elements(props, "targetServiceAccounts")
    if tags is UNKNOWN or accounts is UNKNOWN:
        return UNKNOWN
    if not tags and not accounts:
        return True  # every instance of the network
    return _matches(tags, nodes.tags) if tags else _matches(accounts, nodes.accounts)


def _matches(wanted: list[Any], targets: _Targets) -> Any:
    if {text(w) for w in wanted if w is not UNKNOWN} & targets.names:
        return True
    if targets.incomplete:
        return None
    return UNKNOWN if targets.unknown or any(w is UNKNOWN for w in wanted) else False


def _validate_webhook_firewall(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    firewalls = [r for r in args.resources if r.resource_type == GCP_FIREWALL]
    unknowns = Unknowns()
    for cluster in args.resources:
        if cluster.resource_type != GKE_CLUSTER:
            continue
        found = _private_master_range(cluster, unknowns)
        if found is None:
            continue
        master_cidr, master = found
        nodes = _nodes_of(cluster, args.resources)
        verdicts = [_allows_webhook(firewall, master, cluster, nodes) for firewall in firewalls]
        if any(v is True for v in verdicts) or any(v is None for v in verdicts):
            continue  # allowed, or what decides it is not in this program
        if any(v is UNKNOWN for v in verdicts):
            unknowns.add(f"the firewall rules or node targets of {cluster.name}")
            continue
        report_violation(
            f"private GKE cluster {_cluster_name(cluster.props, cluster.name)} has no INGRESS firewall "
            f"rule allowing tcp:{WEBHOOK_PORT} from its master range {master_cidr} to its nodes, so the "
            "API server cannot call the sidecar injector webhook and gateways and sidecars are never "
            "injected.",
            cluster.urn,
        )
    unknowns.raise_if_any()


def _private_master_range(
    cluster: PolicyResource, unknowns: Unknowns
) -> tuple[str, ipaddress.IPv4Network] | None:
    """The master range of a private GKE Standard cluster, as written and parsed; None for any
    other cluster, or when it is unknown."""
    autopilot = get(cluster.props, "enableAutopilot")
    private = get(cluster.props, "privateClusterConfig", "enablePrivateNodes")
    if private is not True and private is not UNKNOWN:
        return None
    if autopilot is True:
        # GKE manages an Autopilot cluster's nodes and the rules that reach them.
        unknowns.skip(autopilot_nodes(_cluster_name(cluster.props, cluster.name)))
        return None
    cidr = get(cluster.props, "privateClusterConfig", "masterIpv4CidrBlock")
    deciding = {
        "enableAutopilot": autopilot,
        "privateClusterConfig.enablePrivateNodes": private,
        "privateClusterConfig.masterIpv4CidrBlock": cidr,
    }
    unknown = [path for path, value in deciding.items() if value is UNKNOWN]
    for path in unknown:
        unknowns.note(cluster.name, path)
    cidr = text(cidr)
    if unknown or cidr is None:
        return None
    try:
        return cidr, ipaddress.IPv4Network(cidr, strict=False)
    except ValueError:
        return None


private_gke_webhook_firewall = StackValidationPolicy(
    name="private-gke-webhook-firewall",
    description=(
        "Every private GKE cluster has a firewall rule allowing tcp 15017 from its master range to its nodes."
    ),
    validate=_validate_webhook_firewall,
    enforcement_level=EnforcementLevel.MANDATORY,
)

POLICIES = [private_gke, private_gke_webhook_firewall]
