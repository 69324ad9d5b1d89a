"""mesh-trust-shared, multi-network-east-west and egress-registry-only, on programs written
without meshfleet, in both views a policy sees (the program's inputs; a preview's planned state)."""

from __future__ import annotations

import pulumi_kubernetes as kubernetes
import pytest

from components.engine import PolicyView
from components.engine.analyzer import VIEWS
from tests.policy.helpers import plan_of, run_policy, stack_files, stack_plan

from .programs import cluster, east_west, egress_gateway, istiod, two_primaries

TRUST = "mesh-trust-shared"
NETWORKS = "multi-network-east-west"
EGRESS = "egress-registry-only"


def messages(name: str, program: object, view: PolicyView) -> list[str]:
    report = run_policy(name, plan_of(program), view=view)  # type: ignore[arg-type]
    assert [n.message for n in report.not_checked] == []
    assert all(v.mandatory for v in report.violations)
    return [v.message for v in report.violations]


@pytest.mark.parametrize("view", VIEWS)
def test_two_primaries_without_a_plug_in_ca_fail_naming_both(view: PolicyView) -> None:
    (message,) = messages(TRUST, lambda: two_primaries(roots=(None, None)), view)

    assert message.startswith(
        "clusters a and b share service discovery (a's istiod reads b) but not a trust root"
    )
    assert "a root a's istiod makes itself" in message
    assert "cacerts Secret in istio-system chained to one root" in message


@pytest.mark.parametrize("view", VIEWS)
def test_two_primaries_on_different_roots_fail(view: PolicyView) -> None:
    (message,) = messages(TRUST, lambda: two_primaries(roots=("root-1", "root-2")), view)

    assert "(a: root-1; b: root-2)" in message


@pytest.mark.parametrize("view", VIEWS)
def test_two_primaries_under_one_root_pass(view: PolicyView) -> None:
    assert messages(TRUST, lambda: two_primaries(), view) == []


@pytest.mark.parametrize("view", VIEWS)
def test_clusters_that_share_no_discovery_may_differ_in_trust(view: PolicyView) -> None:
    def program() -> None:
        istiod(cluster("a"), "a", "n1")
        istiod(cluster("b"), "b", "n1")

    assert messages(TRUST, program, view) == []


@pytest.mark.parametrize("view", VIEWS)
def test_connected_managed_clusters_share_googles_ca(view: PolicyView) -> None:
    def program() -> None:
        for name in ("a", "b"):
            kubernetes.core.v1.ConfigMapPatch(
                f"{name}-asm-options",
                metadata=kubernetes.meta.v1.ObjectMetaPatchArgs(name="asm-options", namespace="istio-system"),
                data={"multicluster_mode": "connected"},
                opts=cluster(name),
            )

    assert messages(TRUST, program, view) == []


@pytest.mark.parametrize("view", VIEWS)
def test_a_network_without_east_west_gateway_fails_naming_it(view: PolicyView) -> None:
    def program() -> None:
        a, _ = two_primaries(networks=("n1", "n2"))
        east_west(a, "a", "n1")

    (message,) = messages(NETWORKS, program, view)

    assert message.startswith(
        "network n2 (b) shares a mesh with n1 but has no east-west gateway istiod registers"
    )
    assert "labelled topology.istio.io/network=n2 with port 15443" in message


@pytest.mark.parametrize("view", VIEWS)
def test_a_cluster_ip_east_west_gateway_is_no_way_in(view: PolicyView) -> None:
    def program() -> None:
        a, b = two_primaries(networks=("n1", "n2"))
        east_west(a, "a", "n1")
        east_west(b, "b", "n2", service_type="ClusterIP")

    (message,) = messages(NETWORKS, program, view)

    assert "(only istio-system/istio-eastwestgateway, a ClusterIP)" in message


@pytest.mark.parametrize("view", VIEWS)
def test_a_gateway_labelled_only_on_its_pods_is_not_registered(view: PolicyView) -> None:
    def program() -> None:
        a, b = two_primaries(networks=("n1", "n2"))
        east_west(a, "a", "n1")
        kubernetes.core.v1.Service(
            "b-unlabelled",
            metadata=kubernetes.meta.v1.ObjectMetaArgs(
                name="istio-eastwestgateway", namespace="istio-system"
            ),
            spec=kubernetes.core.v1.ServiceSpecArgs(
                type="LoadBalancer",
                selector={"istio": "eastwestgateway"},
                ports=[kubernetes.core.v1.ServicePortArgs(port=15443)],
            ),
            opts=b,
        )

    assert len(messages(NETWORKS, program, view)) == 1


@pytest.mark.parametrize("view", VIEWS)
def test_every_network_with_a_registered_gateway_passes(view: PolicyView) -> None:
    def program() -> None:
        a, b = two_primaries(networks=("n1", "n2"))
        east_west(a, "a", "n1")
        east_west(b, "b", "n2", service_type="NodePort", annotations={"traffic.istio.io/nodeSelector": "{}"})

    assert messages(NETWORKS, program, view) == []


@pytest.mark.parametrize("view", VIEWS)
def test_a_node_port_east_west_gateway_without_a_node_selector_is_not_registered(view: PolicyView) -> None:
    # istiod registers a NodePort network gateway only with traffic.istio.io/nodeSelector
    # (pilot/pkg/serviceregistry/kube/controller/util.go, isNodePortGatewayService).
    def program() -> None:
        a, b = two_primaries(networks=("n1", "n2"))
        east_west(a, "a", "n1")
        east_west(b, "b", "n2", service_type="NodePort")

    (message,) = messages(NETWORKS, program, view)

    assert (
        "(only istio-system/istio-eastwestgateway, a NodePort Service without traffic.istio.io/nodeSelector)"
        in message
    )


@pytest.mark.parametrize("view", VIEWS)
def test_a_node_port_east_west_gateway_with_external_ips_is_registered(view: PolicyView) -> None:
    def program() -> None:
        a, b = two_primaries(networks=("n1", "n2"))
        east_west(a, "a", "n1")
        kubernetes.core.v1.Service(
            "b-eastwest",
            metadata=kubernetes.meta.v1.ObjectMetaArgs(
                name="istio-eastwestgateway",
                namespace="istio-system",
                labels={"topology.istio.io/network": "n2"},
            ),
            spec=kubernetes.core.v1.ServiceSpecArgs(
                type="NodePort",
                external_ips=["192.0.2.10"],
                selector={"istio": "eastwestgateway"},
                ports=[kubernetes.core.v1.ServicePortArgs(name="tls", port=15443)],
            ),
            opts=b,
        )

    assert messages(NETWORKS, program, view) == []


@pytest.mark.parametrize("view", VIEWS)
def test_an_egress_gateway_with_allow_any_fails_naming_the_cluster(view: PolicyView) -> None:
    def program() -> None:
        on = cluster("a")
        istiod(on, "a", "n1")
        egress_gateway(on, "a")

    (message,) = messages(EGRESS, program, view)

    assert message.startswith(
        "cluster a runs egress gateway istio-egress/istio-egressgateway but its outbound"
    )
    assert "set outboundTrafficPolicy mode REGISTRY_ONLY" in message


@pytest.mark.parametrize("view", VIEWS)
def test_registry_only_in_istiods_mesh_config_passes(view: PolicyView) -> None:
    def program() -> None:
        on = cluster("a")
        istiod(on, "a", "n1", {"outboundTrafficPolicy": {"mode": "REGISTRY_ONLY"}})
        egress_gateway(on, "a")

    assert messages(EGRESS, program, view) == []


@pytest.mark.parametrize("view", VIEWS)
def test_a_root_namespace_sidecar_restricts_a_managed_plane(view: PolicyView) -> None:
    def program() -> None:
        on = cluster("a")
        egress_gateway(on, "a")
        kubernetes.apiextensions.CustomResource(
            "a-sidecar",
            api_version="networking.istio.io/v1",
            kind="Sidecar",
            metadata=kubernetes.meta.v1.ObjectMetaArgs(name="default", namespace="istio-system"),
            spec={"outboundTrafficPolicy": {"mode": "REGISTRY_ONLY"}},
            opts=on,
        )

    assert messages(EGRESS, program, view) == []


@pytest.mark.parametrize("view", VIEWS)
def test_the_aks_shared_mesh_config_restricts_the_add_on(view: PolicyView) -> None:
    def program() -> None:
        on = cluster("a")
        egress_gateway(on, "a")
        kubernetes.core.v1.ConfigMap(
            "a-shared",
            metadata=kubernetes.meta.v1.ObjectMetaArgs(
                name="istio-shared-configmap-asm-1-24", namespace="aks-istio-system"
            ),
            data={"mesh": "outboundTrafficPolicy:\n  mode: REGISTRY_ONLY\n"},
            opts=on,
        )

    assert messages(EGRESS, program, view) == []


@pytest.mark.parametrize("policy", [TRUST, NETWORKS, EGRESS])
@pytest.mark.parametrize("stack", stack_files(), ids=lambda p: p.name)
def test_every_shipped_stack_passes(stack: object, policy: str) -> None:
    report = run_policy(policy, stack_plan(stack))  # type: ignore[arg-type]

    assert report.violations == []
