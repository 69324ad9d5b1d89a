"""stacks/examples/in-cluster-in-place: seed 000's in-place gateway upgrade on an in-cluster istiod.

1. the gateway runs on 1-29-6; 2. 1-30-3 is installed beside it; 3. the gateway's namespace
moves to 1-30-3 and the gateway restarts; 4. 1-29-6 goes. Each step's diff is pinned whole.
"""

from __future__ import annotations

from tests.examples.steps import changes, step_diff

PROCEDURE = "in-cluster-in-place"
BASE = "mesh-onprem-1-istiod-base"


def test_step_2_installs_the_new_revision_beside_the_old_and_upgrades_base_first() -> None:
    assert changes(step_diff(PROCEDURE, 2)) == {
        BASE: ("update", ("version",)),
        "mesh-onprem-1-istiod-revision-1-30-3": ("create", ()),
    }


def test_step_2_pins_base_at_the_new_version() -> None:
    (version,) = [p for p in step_diff(PROCEDURE, 2).get(BASE).properties if p.path == "version"]

    assert (version.old, version.new) == ("1.29.6", "1.30.3")


def test_step_3_relabels_the_gateway_namespace_and_moves_the_default_revision() -> None:
    # The PeerAuthentication and Service change only their dependencies: they now wait for
    # 1-30-3's istiod (no property, so no API call). The Deployment's restart stamp
    # (`restartedAt`) replaces its Pods, which the relabelled namespace injects with 1-30-3.
    assert changes(step_diff(PROCEDURE, 3)) == {
        BASE: ("update", ("values.defaultRevision",)),
        "mesh-onprem-1-mtls": ("update", ()),
        "mesh-onprem-1-ns/istio-gateway": ("update", ('metadata.labels["istio.io/rev"]',)),
        "mesh-onprem-1/istio-ingressgateway-deployment": (
            "update",
            ('spec.template.metadata.annotations["kubectl.kubernetes.io/restartedAt"]',),
        ),
        "mesh-onprem-1/istio-ingressgateway-service": ("update", ()),
    }


def test_step_3_namespace_label_moves_to_the_new_revision() -> None:
    (label,) = step_diff(PROCEDURE, 3).get("mesh-onprem-1-ns/istio-gateway").properties

    assert (label.old, label.new) == ("1-29-6", "1-30-3")


def test_step_3_service_and_peer_authentication_change_nothing_but_what_they_wait_for() -> None:
    diff = step_diff(PROCEDURE, 3)

    for name in ("mesh-onprem-1-mtls", "mesh-onprem-1/istio-ingressgateway-service"):
        change = diff.get(name)
        assert (change.properties, [o.path for o in change.options]) == ([], ["dependencies"]), name


def test_step_4_removes_the_old_revision_only() -> None:
    assert changes(step_diff(PROCEDURE, 4)) == {"mesh-onprem-1-istiod-revision-1-29-6": ("delete", ())}


def test_step_3_counts_three_updates_as_pulumi_preview_would() -> None:
    # The two dependency-only changes above run no update: `pulumi preview` says 3 to change.
    counts = step_diff(PROCEDURE, 3).counts()

    assert (counts.change, counts.dependencies_only) == (3, 2)
