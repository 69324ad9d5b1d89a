"""Mesh-wide mTLS: one PeerAuthentication in the root namespace."""

from __future__ import annotations

from components.render.mtls import mesh_peer_authentication
from components.spec.models import MeshSpec
from tests.schemas import validate_manifest


def test_strict_mtls_is_the_default() -> None:
    assert mesh_peer_authentication(MeshSpec())["spec"] == {"mtls": {"mode": "STRICT"}}


def test_permissive_mtls_follows_the_spec() -> None:
    assert mesh_peer_authentication(MeshSpec(mtls="PERMISSIVE"))["spec"]["mtls"]["mode"] == "PERMISSIVE"


def test_peer_authentication_is_mesh_wide() -> None:
    metadata = mesh_peer_authentication(MeshSpec())["metadata"]
    assert (metadata["namespace"], metadata["name"]) == ("istio-system", "default")


def test_peer_authentication_passes_the_istio_schema() -> None:
    validate_manifest(mesh_peer_authentication(MeshSpec()))
