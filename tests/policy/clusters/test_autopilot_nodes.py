"""An Autopilot cluster's nodes are GKE's: node policies report it "not checked", never pass or fail it."""

from __future__ import annotations

import pytest

from components.engine import PlannedResource
from tests.policy.helpers import FIREWALL, GKE_CLUSTER, plan_from, resource, run_policy

MASTER = "192.168.8.0/28"
WHY = "GKE cluster team-b is Autopilot: GKE chooses and sizes its nodes, the program declares none"


def autopilot() -> PlannedResource:
    return resource(
        GKE_CLUSTER,
        "team-b-cluster",
        {
            "name": "team-b",
            "enableAutopilot": True,
            "privateClusterConfig": {"enablePrivateNodes": True, "masterIpv4CidrBlock": MASTER},
        },
    )


def mesh_marker() -> PlannedResource:
    return resource(
        "kubernetes:security.istio.io/v1:PeerAuthentication", "mtls", {"spec": {"mtls": {"mode": "STRICT"}}}
    )


@pytest.mark.parametrize("policy", ["mesh-node-capacity", "private-gke-webhook-firewall"])
@pytest.mark.parametrize("view", ["inputs", "planned"])
def test_node_policies_do_not_check_an_autopilot_cluster(policy: str, view: str) -> None:
    report = run_policy(policy, plan_from(mesh_marker(), autopilot()), view=view)  # type: ignore[arg-type]

    assert report.violations == []
    assert [(n.policy_name, n.message) for n in report.not_checked] == [(policy, WHY)]


def test_a_standard_cluster_beside_autopilot_is_still_checked() -> None:
    standard = resource(
        GKE_CLUSTER,
        "team-a-cluster",
        {
            "name": "team-a",
            "privateClusterConfig": {"enablePrivateNodes": True, "masterIpv4CidrBlock": "192.168.0.0/28"},
            "nodePools": [{"name": "p", "nodeConfig": {"tags": ["team-a-nodes"]}}],
        },
    )
    no_webhook = resource(
        FIREWALL,
        "fw",
        {
            "direction": "INGRESS",
            "sourceRanges": ["192.168.0.0/28"],
            "targetTags": ["team-a-nodes"],
            "allows": [{"protocol": "tcp", "ports": ["443"]}],
        },
    )

    report = run_policy("private-gke-webhook-firewall", plan_from(autopilot(), standard, no_webhook))

    assert [v.message.split(" has no ")[0] for v in report.violations] == ["private GKE cluster team-a"]
    assert [n.message for n in report.not_checked] == [WHY]
