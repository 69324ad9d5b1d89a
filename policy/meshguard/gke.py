"""Private GKE clusters fit for a mesh (seed 004, steps 2-3)."""

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

from .kinds import GCP_FIREWALL, GKE_CLUSTER, GKE_NODE_POOL
from .values import UNKNOWN, elements, get, require, text

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
    private_nodes = require(get(props, "privateClusterConfig", "enablePrivateNodes"), "enablePrivateNodes")
    if private_nodes is not True:
        report_violation(
            f"{cluster} does not set privateClusterConfig.enablePrivateNodes, so its nodes get public "
            "IP addresses; make the nodes private (with a /28 masterIpv4CidrBlock).",
            None,
        )
    if require(get(props, "masterAuthorizedNetworksConfig"), "masterAuthorizedNetworksConfig") is None:
        report_violation(
            f"{cluster} has no masterAuthorizedNetworksConfig, so its control plane's public endpoint "
            "accepts connections from any address; list the networks that may reach it (an empty list "
            "allows private access only).",
            None,
        )
    if get(props, "enableAutopilot") is True:
        return  # Autopilot always has Workload Identity and a release channel
    if not get(props, "workloadIdentityConfig", "workloadPool"):
        report_violation(
            f"{cluster} does not enable Workload Identity (workloadIdentityConfig.workloadPool, "
            "<project>.svc.id.goog), which Cloud Service Mesh requires.",
            None,
        )
    channel = get(props, "releaseChannel", "channel")
    if channel is not UNKNOWN and channel not in RELEASE_CHANNELS:
        report_violation(
            f"{cluster} is on no release channel (releaseChannel.channel {text(channel) or 'unset'}); "
            "the managed mesh follows the cluster's channel, so set RAPID, REGULAR or STABLE.",
            None,
        )


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
class _Nodes:
    """What a firewall rule can target on a cluster's nodes: network tags and service accounts."""

    tags: set[str] = field(default_factory=set)
    accounts: set[str] = field(default_factory=set)
    tags_known: bool = True
    accounts_known: bool = True
    pools: int = 0


def _last_segment(value: str) -> str:
    return value.rstrip("/").rsplit("/", 1)[-1]


def _add_node_config(nodes: _Nodes, node_config: Any) -> None:
    nodes.pools += 1
    if node_config is UNKNOWN:
        nodes.tags_known = nodes.accounts_known = False
        return
    tags = elements(node_config, "tags")
    if tags is UNKNOWN or any(t is UNKNOWN for t in tags):
        nodes.tags_known = False
    else:
        nodes.tags |= {t for t in (text(x) for x in tags) if t}
    account = get(node_config, "serviceAccount")
    if account is UNKNOWN:
        nodes.accounts_known = False
    else:
        # No account: the Compute Engine default one, whose address is not in the program.
        nodes.accounts.add(text(account) or "default")
        if account is None:
            nodes.accounts_known = False


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
    nodes = _Nodes()
    inline = elements(cluster.props, "nodePools")
    if inline is UNKNOWN:
        nodes.tags_known = nodes.accounts_known = False
    else:
        for pool in inline:
            _add_node_config(nodes, get(pool, "nodeConfig", default={}))
    if not inline and get(cluster.props, "removeDefaultNodePool") is not True:
        _add_node_config(nodes, get(cluster.props, "nodeConfig", default={}))
    for pool in resources:
        if pool.resource_type == GKE_NODE_POOL and _pool_belongs(pool, cluster):
            _add_node_config(nodes, get(pool.props, "nodeConfig", default={}))
    if nodes.pools == 0:
        nodes.tags_known = nodes.accounts_known = False
    return nodes


def _covers_port(ports: Any) -> bool | None:
    if ports is UNKNOWN:
        return None
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
    return None if undecided else False


def _allows_webhook(
    firewall: PolicyResource, master: ipaddress.IPv4Network, cluster: PolicyResource, nodes: _Nodes
) -> bool | None:
    """Whether ``firewall`` lets the master range reach the webhook port on the cluster's nodes.

    None when an unknown value decides it.
    """
    props = firewall.props
    disabled, direction = get(props, "disabled"), get(props, "direction")
    if disabled is UNKNOWN or direction is UNKNOWN:
        return None
    if disabled is True or (direction or "INGRESS") != "INGRESS":
        return False
    network, cluster_network = text(get(props, "network")), text(get(cluster.props, "network"))
    if network and cluster_network and _last_segment(network) != _last_segment(cluster_network):
        return False
    verdicts = [_from_master(props, master), _opens_webhook(props), _reaches_nodes(props, nodes)]
    if False in verdicts:
        return False
    return None if None in verdicts else True


def _from_master(props: Any, master: ipaddress.IPv4Network) -> bool | None:
    ranges = elements(props, "sourceRanges")
    if ranges is UNKNOWN:
        return None
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
    return None if undecided else False


def _opens_webhook(props: Any) -> bool | None:
    allows = elements(props, "allows")
    if allows is UNKNOWN:
        return None
    undecided = False
    for allow in allows:
        protocol = get(allow, "protocol")
        if protocol is UNKNOWN or allow is UNKNOWN:
            undecided = True
            continue
        if text(protocol) not in ("tcp", "all", "6"):
            continue
        covered = _covers_port(elements(allow, "ports"))
        if covered:
            return True
        if covered is None:
            undecided = True
    return None if undecided else False


def _reaches_nodes(props: Any, nodes: _Nodes) -> bool | None:
    tags, accounts = elements(props, "targetTags"), elements(props, "targetServiceAccounts")
    if tags is UNKNOWN or accounts is UNKNOWN:
        return None
    if not tags and not accounts:
        return True  # every instance of the network
    if tags:
        if any(t is UNKNOWN for t in tags) or not nodes.tags_known:
            return None
        return bool({text(t) for t in tags} & nodes.tags)
    if any(a is UNKNOWN for a in accounts) or not nodes.accounts_known:
        return None
    return bool({text(a) for a in accounts} & nodes.accounts)


def _validate_webhook_firewall(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    firewalls = [r for r in args.resources if r.resource_type == GCP_FIREWALL]
    for cluster in args.resources:
        if cluster.resource_type != GKE_CLUSTER or get(cluster.props, "enableAutopilot") is True:
            continue
        if get(cluster.props, "privateClusterConfig", "enablePrivateNodes") is not True:
            continue
        master_cidr = text(get(cluster.props, "privateClusterConfig", "masterIpv4CidrBlock"))
        if master_cidr is None:
            continue
        try:
            master = ipaddress.IPv4Network(master_cidr, strict=False)
        except ValueError:
            continue
        nodes = _nodes_of(cluster, args.resources)
        verdicts = [_allows_webhook(firewall, master, cluster, nodes) for firewall in firewalls]
        if True in verdicts or None in verdicts:
            continue
        report_violation(
            f"private GKE cluster {_cluster_name(cluster.props, cluster.name)} has no INGRESS firewall "
            f"rule allowing tcp:{WEBHOOK_PORT} from its master range {master_cidr} to its nodes, so the "
            "API server cannot call the sidecar injector webhook and gateways and sidecars are never "
            "injected.",
            cluster.urn,
        )


private_gke_webhook_firewall = StackValidationPolicy(
    name="private-gke-webhook-firewall",
    description=(
        "Every private GKE cluster has a firewall rule allowing tcp 15017 from its master range to its nodes."
    ),
    validate=_validate_webhook_firewall,
    enforcement_level=EnforcementLevel.MANDATORY,
)

POLICIES = [private_gke, private_gke_webhook_firewall]
