"""The in-cluster control plane's Helm values: Istio's own chart keys, from the spec."""

from __future__ import annotations

import pytest

from components.render.istiod import (
    base_values,
    base_version,
    default_revision,
    istio_system_namespace,
    istiod_release_name,
    istiod_values,
)
from components.render.remote_secret import kubeconfig_server
from components.spec.models import IstiodSpec
from tests.schemas import validate_manifest


def istiod(**fields: object) -> IstiodSpec:
    raw = {
        "revisions": [{"name": "1-29-6", "version": "1.29.6"}, {"name": "1-30-3", "version": "1.30.3"}],
        **fields,
    }
    return IstiodSpec.model_validate(raw)


def test_istiod_values_carry_revision_mesh_id_network_cluster_and_trust_domain() -> None:
    spec = istiod(meshId="corp-mesh", trustDomain="corp.example")

    assert istiod_values(spec, "1-30-3", cluster="onprem-1", network="dc-1") == {
        "revision": "1-30-3",
        "global": {"meshID": "corp-mesh", "network": "dc-1", "multiCluster": {"clusterName": "onprem-1"}},
        "meshConfig": {"trustDomain": "corp.example"},
    }


def test_istiod_values_default_mesh_id_and_trust_domain() -> None:
    values = istiod_values(istiod(), "1-29-6", cluster="c", network="n")

    assert (values["global"]["meshID"], values["meshConfig"]["trustDomain"]) == ("mesh1", "cluster.local")


def test_default_revision_is_the_first_installed_unless_set() -> None:
    assert (default_revision(istiod()), default_revision(istiod(revision="1-30-3"))) == ("1-29-6", "1-30-3")


def test_base_points_the_validating_webhook_at_the_default_revision() -> None:
    assert base_values(istiod(revision="1-30-3")) == {"defaultRevision": "1-30-3"}


def test_base_chart_is_pinned_at_the_newest_revisions_version() -> None:
    # Versions compare as numbers: 1.30 is newer than 1.4, which string order would invert.
    spec = IstiodSpec.model_validate(
        {"revisions": [{"name": "a", "version": "1.30.3"}, {"name": "b", "version": "1.4.10"}]}
    )

    assert base_version(spec) == "1.30.3"


def test_istiod_release_is_named_after_its_revision() -> None:
    assert istiod_release_name("1-30-3") == "istiod-1-30-3"


def test_istio_system_is_labelled_with_the_clusters_network() -> None:
    namespace = istio_system_namespace("dc-1")

    assert namespace["metadata"]["name"] == "istio-system"
    assert namespace["metadata"]["labels"]["topology.istio.io/network"] == "dc-1"
    validate_manifest(namespace)


KUBECONFIG = """
apiVersion: v1
kind: Config
current-context: admin@onprem-1
contexts:
  - {name: other, context: {cluster: other, user: u}}
  - {name: admin@onprem-1, context: {cluster: onprem-1, user: admin}}
clusters:
  - {name: other, cluster: {server: "https://10.0.0.9:443"}}
  - {name: onprem-1, cluster: {server: "https://10.200.0.10:443", certificate-authority-data: Q0E=}}
users:
  - {name: admin, user: {token: s3cr3t}}
"""


def test_kubeconfig_server_is_the_current_contexts_clusters() -> None:
    assert kubeconfig_server(KUBECONFIG) == "https://10.200.0.10:443"


def test_kubeconfig_without_current_context_names_the_problem_not_the_content() -> None:
    with pytest.raises(ValueError) as failure:
        kubeconfig_server(KUBECONFIG.replace("current-context: admin@onprem-1", "current-context: x"))

    assert str(failure.value) == "the kubeconfig has no current-context among its contexts"
    assert "s3cr3t" not in str(failure.value)
