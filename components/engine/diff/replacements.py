"""Which input changes make Pulumi replace a resource: a curated, documented list.

An offline diff has no provider to ask, so it flags replacements from this table. Each entry
names a type (an exact type token, or a ``fnmatch`` pattern such as ``kubernetes:*``), an input
path in wire (camelCase) form without list indices, and one line saying why. A change at that
path, inside it, or of a whole object containing it, matches.

Two effects:

- ``replace``: the provider deletes and recreates the resource (``+-`` in ``pulumi preview``).
- ``disruptive``: an in-place update that still recreates what runs on it (a node pool's
  machine type: GKE replaces every node, surge by surge).

Sources, checked for the provider versions this package pins (pulumi-gcp 9-10, i.e.
terraform-provider-google 6.x; pulumi-kubernetes 4.x): the ``ForceNew`` fields of the
Terraform provider's schemas (``description``/"Changing this forces a new resource" in the
pulumi-gcp docs), and pulumi-kubernetes' ``forceNewProperties`` (provider/pkg/provider/diff.go)
and ``DiffConfig``. Deliberate choices:

- a subnet's ``ipCidrRange`` replaces the subnet unless the new range contains the old one
  (GCP expands a primary range in place, it never shrinks or moves it);
- a node pool's ``machineType``, ``diskSizeGb`` and ``diskType`` update in place since
  terraform-provider-google 5.10, but recreate every node: flagged ``disruptive``;
- ``policy/v1`` PodDisruptionBudgets, a Service's ``type`` and labels/annotations anywhere
  update in place: not listed.

``CONTAINED_IN`` lists inputs naming the resource another lives in: when that resource is
replaced, the dependent goes with it even though the input's value (a name) stays the same.

The resource's own ``replaceOnChanges`` option is honoured by the diff on top of this table.
"""

from __future__ import annotations

import fnmatch
import ipaddress
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

Effect = Literal["replace", "disruptive"]


def _cidr_not_expanded(old: Any, new: Any) -> bool:
    """True unless ``new`` is a CIDR that contains ``old`` (an in-place expansion)."""
    try:
        before = ipaddress.ip_network(str(old))
        after = ipaddress.ip_network(str(new))
    except ValueError:
        return True  # unknown, secret or absent on one side: assume the worst
    expanded = after.prefixlen <= before.prefixlen and before.network_address in after
    return not expanded


@dataclass(frozen=True)
class ReplaceRule:
    """One input path whose change replaces (or disrupts) resources of a type."""

    type: str
    """Type token, or an fnmatch pattern (``kubernetes:*``)."""
    path: str
    """Input path in wire form, dot-separated, without list indices (``nodeConfig.machineType``)."""
    reason: str
    """One line: why this change replaces the resource."""
    effect: Effect = "replace"
    when: Callable[[Any, Any], bool] | None = None
    """Given the old and new values, whether the rule applies (None: always)."""
    unless_input: str | None = None
    """The rule does not apply when the resource sets this top-level input."""

    def matches_type(self, type_: str) -> bool:
        return self.type == type_ or ("*" in self.type and fnmatch.fnmatchcase(type_, self.type))


def _rules(type_: str, reason_by_path: Mapping[str, str]) -> list[ReplaceRule]:
    return [ReplaceRule(type_, path, reason) for path, reason in reason_by_path.items()]


_PROJECT = "the project is part of the resource's identity"

_NETWORK = "gcp:compute/network:Network"
_SUBNETWORK = "gcp:compute/subnetwork:Subnetwork"
_ROUTER = "gcp:compute/router:Router"
_ROUTER_NAT = "gcp:compute/routerNat:RouterNat"
_FIREWALL = "gcp:compute/firewall:Firewall"
_CLUSTER = "gcp:container/cluster:Cluster"
_NODE_POOL = "gcp:container/nodePool:NodePool"
_MEMBERSHIP = "gcp:gkehub/membership:Membership"
_FEATURE = "gcp:gkehub/feature:Feature"
_FEATURE_MEMBERSHIP = "gcp:gkehub/featureMembership:FeatureMembership"
_K8S_PROVIDER = "pulumi:providers:kubernetes"

_SECRET_DATA = "pulumi-kubernetes replaces a Secret whose data changes (unless enableSecretMutable)"
_CONFIGMAP_DATA = "pulumi-kubernetes replaces a ConfigMap whose data changes (unless enableConfigMapMutable)"
_NODE_RECREATION = (
    "updated in place since terraform-provider-google 5.10, but GKE recreates every node of the pool"
)

RULES: tuple[ReplaceRule, ...] = (
    # --- GCP networking ---
    *_rules(
        _NETWORK,
        {
            "name": "a VPC's name is its identity",
            "autoCreateSubnetworks": "auto vs custom subnet mode is fixed at creation",
            "description": "a VPC's description can only be set at creation",
            "project": _PROJECT,
        },
    ),
    *_rules(
        _SUBNETWORK,
        {
            "name": "a subnet's name is its identity",
            "network": "a subnet cannot move to another VPC",
            "region": "a subnet is regional: another region is another subnet",
            "description": "a subnet's description can only be set at creation",
            "project": _PROJECT,
        },
    ),
    ReplaceRule(
        _SUBNETWORK,
        "ipCidrRange",
        "GCP only expands a subnet's primary range in place; shrinking or moving it recreates the subnet",
        when=_cidr_not_expanded,
    ),
    *_rules(
        _ROUTER,
        {
            "name": "a Cloud Router's name is its identity",
            "region": "a Cloud Router is regional",
            "network": "a Cloud Router belongs to one VPC",
            "project": _PROJECT,
        },
    ),
    *_rules(
        _ROUTER_NAT,
        {
            "name": "a Cloud NAT's name is its identity",
            "router": "a Cloud NAT is part of one Cloud Router",
            "region": "a Cloud NAT is regional",
            "project": _PROJECT,
        },
    ),
    *_rules(
        _FIREWALL,
        {
            "name": "a firewall rule's name is its identity",
            "network": "a firewall rule belongs to one VPC",
            "direction": "a firewall rule's direction is fixed at creation",
            "project": _PROJECT,
        },
    ),
    # --- GKE ---
    *_rules(
        _CLUSTER,
        {
            "name": "a GKE cluster's name is its identity",
            "location": "a cluster cannot move between regions or zones",
            "project": _PROJECT,
            "network": "a cluster cannot move to another VPC",
            "subnetwork": "a cluster cannot move to another subnet",
            "networkingMode": "VPC-native vs routes-based is fixed at creation",
            "ipAllocationPolicy": "the Pod and Service secondary ranges are fixed at creation",
            "clusterIpv4Cidr": "the Pod range is fixed at creation",
            "privateClusterConfig.masterIpv4CidrBlock": "the control-plane range is fixed at creation",
            "privateClusterConfig.enablePrivateNodes": (
                "switching private nodes recreates the cluster (terraform-provider-google 6.x)"
            ),
            "privateClusterConfig.privateEndpointSubnetwork": "the endpoint subnet is fixed at creation",
            "initialNodeCount": "only used at creation: a change recreates the cluster",
            "defaultMaxPodsPerNode": "the per-node Pod range size is fixed at creation",
            "enableAutopilot": "Autopilot vs Standard is fixed at creation",
            "enableKubernetesAlpha": "alpha clusters are created as such",
            "datapathProvider": "the dataplane (Dataplane V2 or not) is fixed at creation",
            "description": "a cluster's description can only be set at creation",
        },
    ),
    *_rules(
        _NODE_POOL,
        {
            "name": "a node pool's name is its identity",
            "location": "a node pool lives in its cluster's location",
            "cluster": "a node pool cannot move to another cluster",
            "project": _PROJECT,
            "initialNodeCount": "only used at creation: a change recreates the pool",
            "maxPodsPerNode": "the per-node Pod range size is fixed at creation",
            "networkConfig": "a pool's Pod range and networking are fixed at creation",
            "nodeConfig.serviceAccount": "the nodes' service account is fixed at creation",
            "nodeConfig.oauthScopes": "the nodes' OAuth scopes are fixed at creation",
            "nodeConfig.shieldedInstanceConfig": "Secure Boot / integrity monitoring are fixed at creation",
            "nodeConfig.preemptible": "preemptible nodes are created as such",
            "nodeConfig.spot": "Spot nodes are created as such",
            "nodeConfig.guestAccelerators": "GPUs are fixed at creation",
            "nodeConfig.localSsdCount": "local SSDs are fixed at creation",
            "nodeConfig.metadata": "instance metadata is fixed at creation",
            "nodeConfig.minCpuPlatform": "the CPU platform is fixed at creation",
            "nodeConfig.bootDiskKmsKey": "the boot disk key is fixed at creation",
        },
    ),
    *(
        ReplaceRule(_NODE_POOL, path, _NODE_RECREATION, effect="disruptive")
        for path in ("nodeConfig.machineType", "nodeConfig.diskSizeGb", "nodeConfig.diskType")
    ),
    # --- fleet and Cloud Service Mesh ---
    *_rules(
        _MEMBERSHIP,
        {
            "membershipId": "a fleet membership's id is its identity",
            "location": "global vs regional membership is fixed at creation",
            "project": _PROJECT,
            "endpoint.gkeCluster.resourceLink": "a membership registers one cluster",
        },
    ),
    *_rules(
        _FEATURE,
        {
            "name": "a fleet feature's name is its identity",
            "location": "a fleet feature's location is fixed",
            "project": _PROJECT,
        },
    ),
    *_rules(
        _FEATURE_MEMBERSHIP,
        {
            "feature": "a feature membership configures one feature",
            "membership": "a feature membership configures one membership",
            "location": "the feature's location is part of the identity",
            "membershipLocation": "the membership's location is part of the identity",
            "project": _PROJECT,
        },
    ),
    # --- IAM and APIs ---
    *_rules(
        "gcp:serviceaccount/account:Account",
        {
            "accountId": "the account id makes the email: another id is another account",
            "project": _PROJECT,
        },
    ),
    *_rules(
        "gcp:projects/iAMMember:IAMMember",
        {
            "role": "an IAM member binding is immutable: it is removed and added again",
            "member": "an IAM member binding is immutable: it is removed and added again",
            "condition": "an IAM member binding is immutable: it is removed and added again",
            "project": _PROJECT,
        },
    ),
    *_rules(
        "gcp:projects/service:Service",
        {"service": "one resource enables one API", "project": _PROJECT},
    ),
    # --- Kubernetes objects (pulumi-kubernetes forceNewProperties) ---
    *_rules(
        "kubernetes:*",
        {
            "metadata.name": "a Kubernetes object's name is its identity",
            "metadata.namespace": "an object cannot move between namespaces",
        },
    ),
    *(
        ReplaceRule(f"kubernetes:apps/v1:{kind}", "spec.selector", f"a {kind}'s selector is immutable")
        for kind in ("Deployment", "DaemonSet", "StatefulSet")
    ),
    *_rules(
        "kubernetes:apps/v1:StatefulSet",
        {
            "spec.serviceName": "a StatefulSet's serviceName is immutable",
            "spec.volumeClaimTemplates": "a StatefulSet's volume claim templates are immutable",
            "spec.podManagementPolicy": "a StatefulSet's pod management policy is immutable",
        },
    ),
    *_rules(
        "kubernetes:batch/v1:Job",
        {
            "spec.template": "a Job's pod template is immutable",
            "spec.selector": "a Job's selector is immutable",
            "spec.completions": "a Job's completions are immutable",
        },
    ),
    ReplaceRule("kubernetes:core/v1:Service", "spec.clusterIP", "a Service's cluster IP is immutable"),
    *(
        ReplaceRule(
            f"kubernetes:rbac.authorization.k8s.io/v1:{kind}", "roleRef", f"a {kind}'s roleRef is immutable"
        )
        for kind in ("RoleBinding", "ClusterRoleBinding")
    ),
    *_rules(
        "kubernetes:core/v1:Secret",
        {
            "type": "a Secret's type is immutable",
            "data": _SECRET_DATA,
            "stringData": _SECRET_DATA,
        },
    ),
    *_rules(
        "kubernetes:core/v1:ConfigMap",
        {
            "data": _CONFIGMAP_DATA,
            "binaryData": _CONFIGMAP_DATA,
        },
    ),
    # --- the Kubernetes provider: replacing it replaces every object it manages ---
    *(
        ReplaceRule(
            _K8S_PROVIDER,
            path,
            "pulumi-kubernetes replaces its provider, and every object it manages, when the kubeconfig "
            "points at another cluster or is unknown in a preview (set clusterIdentifier to decide yourself)",
            unless_input="clusterIdentifier",
        )
        for path in ("kubeconfig", "context", "cluster")
    ),
    ReplaceRule(
        _K8S_PROVIDER,
        "clusterIdentifier",
        "a new clusterIdentifier replaces the provider and every object it manages",
    ),
    # --- pulumi-tls (terraform-provider-tls: every argument of these resources RequiresReplace) ---
    *(
        ReplaceRule(type_, path, "a tls key, request or certificate is made once: any change is a new one")
        for type_, paths in (
            ("tls:index/privateKey:PrivateKey", ("algorithm", "rsaBits", "ecdsaCurve")),
            (
                "tls:index/certRequest:CertRequest",
                ("privateKeyPem", "subject", "dnsNames", "ipAddresses", "uris"),
            ),
            (
                "tls:index/locallySignedCert:LocallySignedCert",
                (
                    "certRequestPem",
                    "caCertPem",
                    "caPrivateKeyPem",
                    "validityPeriodHours",
                    "allowedUses",
                    "isCaCertificate",
                    "maxPathLength",
                    "setSubjectKeyId",
                ),
            ),
        )
        for path in paths
    ),
)
"""The curated replace-on-change table (see the module docstring for sources and choices)."""


CONTAINED_IN: dict[tuple[str, str], str] = {
    (_NODE_POOL, "cluster"): "a node pool exists only inside its cluster",
    (_ROUTER_NAT, "router"): "a Cloud NAT is part of its Cloud Router",
    (_FEATURE_MEMBERSHIP, "membership"): "a feature's per-cluster config belongs to the membership",
}
"""(type, input) pairs naming the resource this one lives in: replacing that replaces this."""


@dataclass(frozen=True)
class Replacement:
    """Why a change replaces (or disrupts) a resource."""

    effect: Effect
    reason: str


def _within(path: str, rule_path: str) -> bool:
    """A change at ``path`` touches ``rule_path``: equal, inside it, or a whole object holding it."""
    return path == rule_path or path.startswith(f"{rule_path}.") or rule_path.startswith(f"{path}.")


def replacement_for(
    type_: str, path: str, old: Any, new: Any, inputs: Mapping[str, Any] | None = None
) -> Replacement | None:
    """The effect of changing ``path`` (wire form, no list indices) on a resource of ``type_``.

    ``inputs`` are the resource's new inputs (for rules that depend on another input). A
    ``replace`` wins over a ``disruptive`` match; None when the change updates in place.
    """
    inputs = inputs or {}
    found: Replacement | None = None
    for rule in RULES:
        if not rule.matches_type(type_) or not _within(path, rule.path):
            continue
        if rule.unless_input is not None and rule.unless_input in inputs:
            continue
        if rule.when is not None and not rule.when(old, new):
            continue
        if rule.effect == "replace":
            return Replacement("replace", rule.reason)
        found = found or Replacement(rule.effect, rule.reason)
    return found


def contained_in(type_: str, prop: str) -> str | None:
    """The reason a resource of ``type_`` lives inside the resource its ``prop`` names, if it does."""
    return CONTAINED_IN.get((type_, prop))


def rules_table() -> list[tuple[str, str, str, str]]:
    """(type, path, effect, reason) for every rule, in table order: for docs and reviews."""
    return [(rule.type, rule.path, rule.effect, rule.reason) for rule in RULES]
