"""The platform spec: the valid dev spec, its defaults, and one test per validation rule.

Each failing case mutates a fresh copy of the two-cluster dev spec in one place and checks
the single error `parse_platform` raises: its field path and its rule, as one line.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from components.spec import PlatformSpec, SpecError, parse_platform
from components.spec.errors import quoted
from components.spec.rules import RESERVED_NAMESPACES

from .fixtures import dev_platform, gke_cluster, spec_message

Raw = dict[str, Any]

REPO = Path(__file__).resolve().parents[2]

DNS_RULE = (
    "must be a DNS label (lowercase letters, digits and '-', starting with a letter, "
    "ending with a letter or digit, at most 63 characters)"
)


def spec_error(raw: Any) -> SpecError:
    """The SpecError that parsing `raw` raises (fails the test if it parses)."""
    with pytest.raises(SpecError) as caught:
        parse_platform(raw)
    return caught.value


def message(raw: Any) -> str:
    return str(spec_error(raw))


def subnet(raw: Raw, i: int = 0) -> Raw:
    return raw["gcp"]["network"]["subnets"][i]


def pool(raw: Raw, i: int = 0) -> Raw:
    return raw["clusters"][i]["nodePool"]


def route(raw: Raw, i: int = 0) -> Raw:
    return raw["routes"][i]


# --- the valid spec and its defaults ------------------------------------------------------


def test_dev_fixture_parses_into_two_clusters() -> None:
    spec = parse_platform(dev_platform())

    assert isinstance(spec, PlatformSpec)
    assert spec.environment == "dev"
    assert spec.gcp_section().project == "acme-mesh-dev"
    assert [s.name for s in spec.gcp_section().network.subnets] == ["private-tokyo"]
    assert [(c.name, gke_cluster(spec, i).master_cidr) for i, c in enumerate(spec.clusters)] == [
        ("tokyo-1", "192.168.0.0/28"),
        ("tokyo-2", "192.168.8.0/28"),
    ]
    assert gke_cluster(spec).node_pool.machine_type == "e2-standard-4"
    assert gke_cluster(spec).authorized_networks[0].cidr == "203.0.113.10/32"
    assert spec.mesh.multi_cluster is True
    assert spec.routes[0].weights == {"v1": 20, "v2": 80}
    assert spec.routes[0].match[0].uri.exact == "/hello"


def test_dev_fixture_is_a_fresh_copy_each_call() -> None:
    first = dev_platform()
    pool(first)["min"] = 99
    first["clusters"].pop()

    second = dev_platform()
    assert len(second["clusters"]) == 2
    assert pool(second)["min"] == 1


def test_committed_dev_stack_config_parses() -> None:
    config = yaml.safe_load((REPO / "stacks" / "Pulumi.dev.yaml").read_text())["config"]

    spec = parse_platform(config["meshfleet:platform"])

    assert [c.name for c in spec.clusters] == ["tokyo-1"]
    assert spec.mesh.revision == "asm-managed-stable"


def test_minimal_spec_gets_documented_defaults() -> None:
    raw = dev_platform()
    del raw["protect"], raw["gcp"]["network"]["nat"], raw["mesh"]
    raw["clusters"][0] = {
        "name": "tokyo-1",
        "location": "asia-northeast1",
        "subnet": "private-tokyo",
        "masterCidr": "192.168.0.0/28",
    }
    raw["gateways"] = [{"name": "istio-ingressgateway", "namespace": "istio-gateway"}]
    raw["routes"] = [
        {
            "name": "helloworld",
            "namespace": "sample",
            "service": {"host": "helloworld", "port": 5000},
            "gateway": "istio-ingressgateway",
        }
    ]

    spec = parse_platform(raw)

    assert spec.protect is False
    assert spec.gcp_section().network.nat.logging == "ALL"
    cluster = spec.clusters[0]
    assert cluster.cloud == "gcp"
    assert cluster.release_channel == "STABLE"
    assert cluster.authorized_networks == []
    assert cluster.master_global_access is True
    assert (cluster.node_pool.machine_type, cluster.node_pool.min, cluster.node_pool.max) == (
        "e2-standard-4",
        1,
        3,
    )
    assert cluster.node_pool.zones is None
    assert cluster.node_pool.disk_size_gb == 100
    mesh = spec.mesh
    assert (mesh.control_plane, mesh.channel, mesh.injection, mesh.mtls, mesh.multi_cluster) == (
        "managed",
        "stable",
        "default",
        "STRICT",
        None,
    )
    gateway = spec.gateways[0]
    assert (gateway.kind, gateway.service, gateway.replicas.min, gateway.replicas.max) == (
        "ingress",
        "LoadBalancer",
        3,
        5,
    )
    assert spec.routes[0].hosts == ["*"]
    assert (spec.routes[0].match, spec.routes[0].subsets, spec.routes[0].weights) == ([], {}, {})
    assert spec.routes[0].tls is None


@pytest.mark.parametrize(
    ("channel", "revision"),
    [("stable", "asm-managed-stable"), ("regular", "asm-managed"), ("rapid", "asm-managed-rapid")],
)
def test_mesh_revision_follows_channel(channel: str, revision: str) -> None:
    raw = dev_platform()
    raw["mesh"]["channel"] = channel
    for cluster in raw["clusters"]:
        cluster["releaseChannel"] = channel.upper()

    assert parse_platform(raw).mesh.revision == revision


def test_mesh_revision_defaults_to_stable() -> None:
    raw = dev_platform()
    del raw["mesh"]

    assert parse_platform(raw).mesh.revision == "asm-managed-stable"


# --- CIDR syntax ---------------------------------------------------------------------------

CIDR_FIELDS: dict[str, tuple[Callable[[Raw], Raw], str, str]] = {
    # id: (the mapping holding the field, its key, its path in errors)
    "subnet-cidr": (subnet, "cidr", "platform.gcp.network.subnets[0].cidr"),
    "subnet-pods": (subnet, "pods", "platform.gcp.network.subnets[0].pods"),
    "subnet-services": (subnet, "services", "platform.gcp.network.subnets[0].services"),
    "master-cidr": (lambda raw: raw["clusters"][1], "masterCidr", "platform.clusters[1].masterCidr"),
    "authorized-network": (
        lambda raw: raw["clusters"][0]["authorizedNetworks"][0],
        "cidr",
        "platform.clusters[0].authorizedNetworks[0].cidr",
    ),
}


@pytest.mark.parametrize("field", CIDR_FIELDS)
def test_cidr_that_is_not_a_cidr_is_refused(field: str) -> None:
    holder, key, path = CIDR_FIELDS[field]
    raw = dev_platform()
    holder(raw)[key] = "not-a-cidr"

    assert (
        message(raw) == f"{path}: 'not-a-cidr' is not an IPv4 CIDR block (Expected 4 octets in 'not-a-cidr')"
    )


@pytest.mark.parametrize("field", CIDR_FIELDS)
def test_cidr_with_host_bits_set_is_refused(field: str) -> None:
    holder, key, path = CIDR_FIELDS[field]
    raw = dev_platform()
    holder(raw)[key] = "10.9.0.1/24"

    assert message(raw) == f"{path}: '10.9.0.1/24' is not an IPv4 CIDR block (10.9.0.1/24 has host bits set)"


def test_cidr_must_be_ipv4() -> None:
    raw = dev_platform()
    subnet(raw)["cidr"] = "fd00::/64"

    err = spec_error(raw)
    assert err.path == "platform.gcp.network.subnets[0].cidr"
    assert err.rule.startswith("'fd00::/64' is not an IPv4 CIDR block")


# --- overlapping ranges --------------------------------------------------------------------


def test_pods_range_overlapping_subnet_range_is_refused() -> None:
    raw = dev_platform()
    subnet(raw)["pods"] = "172.16.64.0/18"

    assert message(raw) == (
        "platform.gcp.network.subnets[0].pods: 172.16.64.0/18 overlaps "
        "platform.gcp.network.subnets[0].cidr (172.16.0.0/16)"
    )


def test_services_range_overlapping_pods_range_is_refused() -> None:
    raw = dev_platform()
    subnet(raw)["services"] = "10.2.0.0/20"

    assert message(raw) == (
        "platform.gcp.network.subnets[0].services: 10.2.0.0/20 overlaps "
        "platform.gcp.network.subnets[0].pods (10.0.0.0/14)"
    )


def test_two_clusters_with_the_same_master_range_are_refused() -> None:
    raw = dev_platform()
    raw["clusters"][1]["masterCidr"] = "192.168.0.0/28"

    assert message(raw) == (
        "platform.clusters[1].masterCidr: 192.168.0.0/28 overlaps "
        "platform.clusters[0].masterCidr (192.168.0.0/28)"
    )


def test_master_range_inside_a_subnet_is_refused() -> None:
    raw = dev_platform()
    raw["clusters"][0]["masterCidr"] = "172.16.255.0/28"

    assert message(raw) == (
        "platform.clusters[0].masterCidr: 172.16.255.0/28 overlaps "
        "platform.gcp.network.subnets[0].cidr (172.16.0.0/16)"
    )


def test_ranges_of_two_subnets_must_not_overlap() -> None:
    raw = dev_platform()
    raw["gcp"]["network"]["subnets"].append(
        {
            "name": "private-osaka",
            "region": "asia-northeast2",
            "cidr": "172.17.0.0/16",
            "pods": "10.2.0.0/16",
            "services": "10.5.0.0/20",
        }
    )

    assert message(raw) == (
        "platform.gcp.network.subnets[1].pods: 10.2.0.0/16 overlaps "
        "platform.gcp.network.subnets[0].pods (10.0.0.0/14)"
    )


# --- master range size ---------------------------------------------------------------------


def test_master_range_must_be_a_slash_28() -> None:
    raw = dev_platform()
    raw["clusters"][1]["masterCidr"] = "192.168.0.0/24"

    assert (
        message(raw)
        == "platform.clusters[1].masterCidr: 192.168.0.0/24 must be a /28 (GKE control plane range)"
    )


def test_master_range_smaller_than_slash_28_is_refused() -> None:
    raw = dev_platform()
    raw["clusters"][0]["masterCidr"] = "192.168.0.0/29"

    assert (
        message(raw)
        == "platform.clusters[0].masterCidr: 192.168.0.0/29 must be a /28 (GKE control plane range)"
    )


# --- node capacity -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("machine_type", "count"), [("e2-medium", "1"), ("e2-standard-2", "2"), ("e2-micro", "0.25")]
)
def test_node_machine_type_under_4_vcpu_is_refused(machine_type: str, count: str) -> None:
    raw = dev_platform()
    pool(raw)["machineType"] = machine_type

    assert message(raw) == (
        f"platform.clusters[0].nodePool.machineType: {machine_type} has {count} vCPU;"
        " mesh nodes need at least 4"
    )


def test_unknown_machine_type_name_is_refused() -> None:
    raw = dev_platform()
    pool(raw)["machineType"] = "e2-standard"

    assert message(raw) == (
        "platform.clusters[0].nodePool.machineType: "
        "'e2-standard' is not a GCE machine type name (e.g. e2-standard-4)"
    )


def test_zonal_pool_of_one_4_vcpu_node_is_refused() -> None:
    raw = dev_platform()
    raw["clusters"][0]["location"] = "asia-northeast1-a"

    assert message(raw) == (
        "platform.clusters[0].nodePool.min: 1 node(s) x 1 zone(s) x 4 vCPU = 4 vCPU;"
        " a mesh pool needs at least 8 vCPU at its minimum size"
    )


def test_regional_pool_of_one_4_vcpu_node_per_zone_passes() -> None:
    raw = dev_platform()  # regional asia-northeast1, min 1 e2-standard-4: 1 x 3 zones x 4 = 12 vCPU

    assert gke_cluster(parse_platform(raw)).node_pool.min == 1


def test_regional_pool_pinned_to_one_zone_is_refused() -> None:
    raw = dev_platform()
    pool(raw)["zones"] = ["asia-northeast1-a"]

    assert message(raw) == (
        "platform.clusters[0].nodePool.min: 1 node(s) x 1 zone(s) x 4 vCPU = 4 vCPU;"
        " a mesh pool needs at least 8 vCPU at its minimum size"
    )


def test_regional_pool_of_zero_nodes_is_refused() -> None:
    raw = dev_platform()
    pool(raw)["min"] = 0

    assert message(raw) == (
        "platform.clusters[0].nodePool.min: 0 node(s) per zone x 3 zone(s) x 4 vCPU = 0 vCPU;"
        " a mesh pool needs at least 8 vCPU at its minimum size"
    )


def test_zonal_pool_of_two_4_vcpu_nodes_passes() -> None:
    raw = dev_platform()
    raw["clusters"][0]["location"] = "asia-northeast1-a"
    pool(raw)["min"] = 2

    assert gke_cluster(parse_platform(raw)).node_pool.min == 2


def test_zonal_pool_of_one_8_vcpu_node_passes() -> None:
    raw = dev_platform()
    raw["clusters"][0]["location"] = "asia-northeast1-a"
    pool(raw)["machineType"] = "n2-standard-8"

    assert gke_cluster(parse_platform(raw)).node_pool.machine_type == "n2-standard-8"


def test_pool_min_above_max_is_refused() -> None:
    raw = dev_platform()
    pool(raw)["min"] = 4

    assert message(raw) == "platform.clusters[0].nodePool: min (4) must not exceed max (3)"


# --- names ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["Tokyo-1", "tokyo_1", "t" * 64, "tokyo-", "1tokyo", ""],
    ids=["uppercase", "underscore", "too-long", "trailing-hyphen", "leading-digit", "empty"],
)
def test_cluster_name_must_be_a_dns_label(name: str) -> None:
    raw = dev_platform()
    raw["clusters"][0]["name"] = name

    assert message(raw) == f"platform.clusters[0].name: {quoted(name)} {DNS_RULE}"


def test_cluster_name_that_fits_40_characters_with_its_prefix_is_accepted() -> None:
    raw = dev_platform()
    raw["clusters"][0]["name"] = "t" * 36  # dev-ttt...: 40 characters at GKE

    assert gke_cluster(parse_platform(raw)).name == "t" * 36


def test_cluster_name_over_40_characters_with_its_prefix_is_refused() -> None:
    raw = dev_platform()
    raw["clusters"][0]["name"] = "t" * 37

    assert message(raw) == (
        f"platform.clusters[0].name: {'t' * 37!r} becomes the GKE cluster {'dev-' + 't' * 37!r} with "
        "the name prefix 'dev': 41 characters, and GKE allows at most 40 (shorten the name, or set "
        "namePrefix)"
    )


def test_name_prefix_defaults_to_the_environment() -> None:
    assert parse_platform(dev_platform()).prefix == "dev"


def test_name_prefix_replaces_the_environment_in_physical_names() -> None:
    raw = dev_platform()
    raw["namePrefix"] = "d"
    raw["clusters"][0]["name"] = "t" * 38

    assert parse_platform(raw).prefix == "d"


def test_name_prefix_must_be_a_dns_label() -> None:
    raw = dev_platform()
    raw["namePrefix"] = "Dev_1"

    assert message(raw).startswith("platform.namePrefix: 'Dev_1' must be a DNS label")


def test_mesh_feature_is_owned_by_default() -> None:
    assert parse_platform(dev_platform()).gcp_section().owns_mesh_feature is True


def test_cluster_name_over_40_characters_is_refused() -> None:
    raw = dev_platform()
    raw["clusters"][0]["name"] = "t" * 41

    assert (
        message(raw)
        == f"platform.clusters[0].name: '{'t' * 41}' is 41 characters; GKE cluster names have at most 40"
    )


def test_subset_name_must_be_a_dns_label() -> None:
    raw = dev_platform()
    route(raw)["subsets"]["V3"] = {"version": "v3"}

    assert message(raw) == f"platform.routes[0].subsets.V3: 'V3' {DNS_RULE}"


# --- references ----------------------------------------------------------------------------


def test_cluster_naming_an_unknown_subnet_is_refused() -> None:
    raw = dev_platform()
    raw["clusters"][1]["subnet"] = "private-osaka"

    assert message(raw) == (
        "platform.clusters[1].subnet: 'private-osaka' is not a subnet in gcp.network.subnets (private-tokyo)"
    )


@pytest.mark.parametrize("location", ["us-central1", "us-central1-a", "asia-northeast2"])
def test_cluster_location_outside_its_subnets_region_is_refused(location: str) -> None:
    raw = dev_platform()
    raw["clusters"][0]["location"] = location

    assert message(raw) == (
        f"platform.clusters[0].location: {location} is not in region asia-northeast1 of subnet private-tokyo"
    )


def test_route_naming_an_unknown_gateway_is_refused() -> None:
    raw = dev_platform()
    route(raw)["gateway"] = "east-gateway"

    assert message(raw) == (
        "platform.routes[0].gateway: 'east-gateway' is not a gateway in gateways (istio-ingressgateway)"
    )


def test_route_with_no_gateways_defined_is_refused() -> None:
    raw = dev_platform()
    raw["gateways"] = []

    assert message(raw) == (
        "platform.routes[0].gateway: 'istio-ingressgateway' is not a gateway in gateways (none defined)"
    )


def test_weight_naming_an_undefined_subset_is_refused() -> None:
    raw = dev_platform()
    route(raw)["weights"] = {"v1": 20, "v3": 80}

    assert message(raw) == "platform.routes[0].weights.v3: subset 'v3' is not defined in routes[0].subsets"


# --- weights -------------------------------------------------------------------------------


@pytest.mark.parametrize(("weights", "total"), [({"v1": 20, "v2": 70}, 90), ({"v1": 50, "v2": 60}, 110)])
def test_weights_not_adding_up_to_100_are_refused(weights: dict[str, int], total: int) -> None:
    raw = dev_platform()
    route(raw)["weights"] = weights

    assert message(raw) == f"platform.routes[0].weights: weights add up to {total}, must add up to 100"


def test_negative_weight_is_refused() -> None:
    raw = dev_platform()
    route(raw)["weights"] = {"v1": -20, "v2": 120}

    assert message(raw) == "platform.routes[0].weights.v1: weight -20 must not be negative"


def test_route_without_weights_passes() -> None:
    raw = dev_platform()
    del route(raw)["weights"]

    assert parse_platform(raw).routes[0].weights == {}


def test_route_with_all_traffic_on_one_subset_passes() -> None:
    raw = dev_platform()
    route(raw)["weights"] = {"v2": 100}

    assert parse_platform(raw).routes[0].weights == {"v2": 100}


# --- gateway namespaces --------------------------------------------------------------------


@pytest.mark.parametrize("namespace", ["istio-system", "kube-system", "gke-system", "aks-istio-system"])
def test_gateway_in_a_control_plane_or_system_namespace_is_refused(namespace: str) -> None:
    raw = dev_platform()
    raw["gateways"][0]["namespace"] = namespace

    assert namespace in RESERVED_NAMESPACES
    assert message(raw) == (
        f"platform.gateways[0].namespace: {namespace} is a control-plane or system namespace;"
        " gateways run in a namespace of their own"
    )


def test_gateway_namespace_with_trailing_newline_is_refused() -> None:
    raw = dev_platform()
    raw["gateways"][0]["namespace"] = "istio-system\n"

    assert spec_error(raw).path == "platform.gateways[0].namespace"


# --- duplicates ----------------------------------------------------------------------------


def test_duplicate_cluster_names_are_refused() -> None:
    raw = dev_platform()
    raw["clusters"][1]["name"] = "tokyo-1"

    assert message(raw) == (
        "platform.clusters[1].name: cluster name 'tokyo-1' is already used by platform.clusters[0].name"
    )


def test_duplicate_subnet_names_are_refused() -> None:
    raw = dev_platform()
    raw["gcp"]["network"]["subnets"].append(
        {
            "name": "private-tokyo",
            "region": "asia-northeast1",
            "cidr": "172.17.0.0/16",
            "pods": "10.8.0.0/14",
            "services": "10.12.0.0/20",
        }
    )

    assert message(raw) == (
        "platform.gcp.network.subnets[1].name: subnet name 'private-tokyo' is already used by "
        "platform.gcp.network.subnets[0].name"
    )


def test_duplicate_gateway_names_are_refused() -> None:
    raw = dev_platform()
    raw["gateways"].append({"name": "istio-ingressgateway", "namespace": "other-gateway"})

    assert message(raw) == (
        "platform.gateways[1].name: gateway name 'istio-ingressgateway' is already used by "
        "platform.gateways[0].name"
    )


def test_duplicate_route_in_one_namespace_is_refused() -> None:
    raw = dev_platform()
    raw["routes"].append(dev_platform()["routes"][0])

    assert message(raw) == (
        "platform.routes[1].name: route 'sample/helloworld' is already used by platform.routes[0].name"
    )


def test_same_route_name_in_another_namespace_passes() -> None:
    raw = dev_platform()
    other = dev_platform()["routes"][0]
    other["namespace"] = "sample-2"
    raw["routes"].append(other)

    assert [r.namespace for r in parse_platform(raw).routes] == ["sample", "sample-2"]


# --- shape: unknown, missing and wrong fields ----------------------------------------------


def test_misspelt_field_is_an_unknown_field() -> None:
    raw = dev_platform()
    raw["clusters"][0]["nodepool"] = raw["clusters"][0].pop("nodePool")

    assert message(raw) == "platform.clusters[0].nodepool: unknown field; did you mean nodePool?"


def test_missing_gcp_section_is_required() -> None:
    raw = dev_platform()
    del raw["gcp"]

    assert message(raw) == "platform.gcp: is required by clusters[0] (tokyo-1, cloud: gcp)"


def test_missing_master_cidr_is_required() -> None:
    raw = dev_platform()
    del raw["clusters"][1]["masterCidr"]

    assert message(raw) == "platform.clusters[1].masterCidr: is required"


def test_empty_cluster_list_is_refused() -> None:
    raw = dev_platform()
    raw["clusters"] = []

    err = spec_error(raw)
    assert err.path == "platform.clusters"
    assert "at least 1 item" in err.rule


def test_unsupported_control_plane_names_the_field() -> None:
    raw = dev_platform()
    raw["mesh"]["controlPlane"] = "aks-addon"

    assert message(raw) == "platform.mesh.controlPlane: Input should be 'managed' or 'in-cluster'"


def test_in_cluster_control_plane_requires_istiod() -> None:
    raw = dev_platform()
    raw["mesh"]["controlPlane"] = "in-cluster"

    assert message(raw) == (
        "platform.mesh.istiod: is required: clusters[0] (tokyo-1) runs the in-cluster control plane"
    )


def test_unknown_mesh_channel_lists_the_choices() -> None:
    raw = dev_platform()
    raw["mesh"]["channel"] = "beta"

    assert message(raw) == "platform.mesh.channel: Input should be 'rapid', 'regular' or 'stable'"


# --- route matches -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "uri", [{"exact": "/hello", "prefix": "/"}, {}], ids=["both-exact-and-prefix", "neither"]
)
def test_uri_match_needs_exactly_one_of_exact_or_prefix(uri: dict[str, str]) -> None:
    raw = dev_platform()
    route(raw)["match"] = [{"uri": uri}]

    assert message(raw) == "platform.routes[0].match[0].uri: set exactly one of exact or prefix"


def test_uri_prefix_match_passes() -> None:
    raw = dev_platform()
    route(raw)["match"] = [{"uri": {"prefix": "/hello"}}]

    assert parse_platform(raw).routes[0].match[0].uri.prefix == "/hello"


# --- not a spec at all ---------------------------------------------------------------------


def test_missing_platform_config_is_refused() -> None:
    assert message(None) == "platform: is missing: set the config key meshfleet:platform"


@pytest.mark.parametrize(("raw", "kind"), [("dev", "str"), ([dev_platform()], "list"), (42, "int")])
def test_platform_that_is_not_a_mapping_is_refused(raw: object, kind: str) -> None:
    assert message(raw) == f"platform: must be a mapping, got {kind}"


# --- the error format ----------------------------------------------------------------------


def _set(path: str, value: Any) -> Callable[[Raw], None]:
    """A mutation that sets raw[a][b]...[z] = value for a dotted path (ints index lists)."""

    def mutate(raw: Raw) -> None:
        *parents, last = (int(p) if p.isdigit() else p for p in path.split("."))
        target: Any = raw
        for part in parents:
            target = target[part]
        target[last] = value

    return mutate


BROKEN_SPECS: dict[str, Callable[[Raw], None]] = {
    "bad-cidr": _set("gcp.network.subnets.0.cidr", "172.16.0.0/33"),
    "overlap": _set("clusters.1.masterCidr", "192.168.0.0/28"),
    "master-size": _set("clusters.1.masterCidr", "192.168.0.0/24"),
    "small-node": _set("clusters.0.nodePool.machineType", "e2-small"),
    "small-pool": _set("clusters.0.location", "asia-northeast1-b"),
    "min-above-max": _set("clusters.0.nodePool.min", 9),
    "dns-label": _set("clusters.0.name", "Tokyo 1"),
    "unknown-subnet": _set("clusters.0.subnet", "nope"),
    "unknown-gateway": _set("routes.0.gateway", "nope"),
    "weights-sum": _set("routes.0.weights", {"v1": 1}),
    "reserved-namespace": _set("gateways.0.namespace", "kube-system"),
    "duplicate": _set("clusters.1.name", "tokyo-1"),
    "unknown-field": _set("mesh.controlplane", "managed"),
    "wrong-type": _set("clusters.0.nodePool.min", "several"),
    "enum": _set("mesh.mtls", "OFF"),
    "uri": _set("routes.0.match.0.uri", {}),
    # User-supplied keys and values with line breaks must not break the one-line format.
    "newline-in-weight-key": _set("routes.0.weights", {"v1\n": 100}),
    "newline-in-location": _set("clusters.0.location", "asia-northeast1\n"),
    "newline-in-machine-type": _set("clusters.0.nodePool.machineType", "e2-standard-4\n"),
    "multiline-yaml-value": _set("clusters.0.subnet", "private-tokyo\nsecond line"),
}


@pytest.mark.parametrize("broken", BROKEN_SPECS)
def test_every_error_is_one_line_starting_with_the_field_path(broken: str) -> None:
    raw = dev_platform()
    BROKEN_SPECS[broken](raw)

    err = spec_error(raw)
    text = str(err)
    assert "\n" not in text
    assert "\r" not in text
    assert text.startswith("platform.")
    assert text == f"{err.path}: {err.rule}"
    assert err.path.startswith("platform.")
    assert err.rule


def test_error_escapes_a_line_break_in_a_user_key() -> None:
    raw = dev_platform()
    route(raw)["weights"] = {"v1\n": 100}

    assert (
        message(raw) == "platform.routes[0].weights.v1\\n: subset 'v1\\n' is not defined in routes[0].subsets"
    )


def test_error_escapes_a_line_break_in_a_user_value() -> None:
    raw = dev_platform()
    raw["clusters"][0]["location"] = "asia-northeast1\n"

    assert message(raw) == (
        "platform.clusters[0].location: 'asia-northeast1\\n' must be a DNS label (lowercase letters, digits"
        " and '-', starting with a letter, ending with a letter or digit, at most 63 characters)"
    )


def test_spec_error_carries_location_path_and_rule() -> None:
    raw = dev_platform()
    raw["clusters"][1]["masterCidr"] = "192.168.0.0/24"

    err = spec_error(raw)
    assert err.loc == ("clusters", 1, "masterCidr")
    assert err.path == "platform.clusters[1].masterCidr"
    assert err.rule == "192.168.0.0/24 must be a /28 (GKE control plane range)"
    assert isinstance(err, ValueError)


def test_pydantic_error_becomes_a_spec_error_without_a_url() -> None:
    raw = dev_platform()
    pool(raw)["min"] = "several"

    text = message(raw)
    assert text == "platform.clusters[0].nodePool.min: must be an integer, got string 'several'"
    assert "pydantic.dev" not in text


# --- managed mesh channel ------------------------------------------------------------------


def test_cluster_release_channel_must_match_mesh_channel() -> None:
    raw = dev_platform()
    raw["clusters"][1]["releaseChannel"] = "REGULAR"

    assert message(raw) == (
        "platform.clusters[1].releaseChannel: REGULAR gives managed mesh channel regular,"
        " but mesh.channel is stable (the managed control plane follows the GKE channel)"
    )


def test_gateway_namespace_default_is_refused() -> None:
    raw = dev_platform()
    raw["gateways"][0]["namespace"] = "default"

    assert message(raw) == (
        "platform.gateways[0].namespace: default is shared by every workload;"
        " gateways run in a namespace of their own"
    )


@pytest.mark.parametrize("namespace", ["istio-system", "kube-system", "gke-system"])
def test_route_namespace_in_a_system_namespace_is_refused(namespace: str) -> None:
    raw = dev_platform()
    raw["routes"][0]["namespace"] = namespace

    assert message(raw) == (
        f"platform.routes[0].namespace: {namespace} is a control-plane or system namespace;"
        " routes live in their application's namespace"
    )


def test_two_gateways_may_share_a_namespace() -> None:
    raw = dev_platform()
    raw["gateways"].append({"name": "istio-internalgateway", "namespace": "istio-gateway"})

    assert [g.namespace for g in parse_platform(raw).gateways] == ["istio-gateway", "istio-gateway"]


def test_channels_are_read_in_any_case_and_normalised() -> None:
    raw = dev_platform()
    raw["clusters"][0]["releaseChannel"] = "stable"
    raw["clusters"][1]["releaseChannel"] = "Stable"
    raw["mesh"] = {**raw.get("mesh", {}), "channel": "STABLE"}

    spec = parse_platform(raw)

    assert [gke_cluster(spec, i).release_channel for i in (0, 1)] == ["STABLE", "STABLE"]
    assert (spec.mesh.channel, spec.mesh.revision) == ("stable", "asm-managed-stable")


def test_an_unknown_channel_is_still_refused_in_any_case() -> None:
    raw = dev_platform()
    raw["clusters"][0]["releaseChannel"] = "stabel"

    assert spec_message(raw).startswith("platform.clusters[0].releaseChannel: Input should be 'RAPID'")
