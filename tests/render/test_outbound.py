"""The outbound traffic policy where istiod's values cannot carry it, validated strictly."""

from __future__ import annotations

import yaml

from components.render.istiod import istiod_values
from components.render.outbound import aks_shared_mesh_config, root_sidecar
from components.spec.models import IstiodSpec
from tests.schemas import validate_manifest

ISTIOD = IstiodSpec.model_validate({"revisions": [{"name": "1-30-3", "version": "1.30.3"}]})


def test_aks_shared_config_is_named_for_its_revision_in_the_addon_namespace() -> None:
    config_map = aks_shared_mesh_config("asm-1-24", "REGISTRY_ONLY")

    assert (config_map["metadata"]["name"], config_map["metadata"]["namespace"]) == (
        "istio-shared-configmap-asm-1-24",
        "aks-istio-system",
    )
    validate_manifest(config_map)


def test_aks_shared_config_holds_the_mode_under_mesh() -> None:
    mesh = yaml.safe_load(aks_shared_mesh_config("asm-1-24", "REGISTRY_ONLY")["data"]["mesh"])

    assert mesh == {"outboundTrafficPolicy": {"mode": "REGISTRY_ONLY"}}


def test_root_sidecar_has_no_selector_so_it_is_the_mesh_default() -> None:
    sidecar = root_sidecar("istio-system", "REGISTRY_ONLY")

    assert "workloadSelector" not in sidecar["spec"]
    assert sidecar["spec"]["outboundTrafficPolicy"] == {"mode": "REGISTRY_ONLY"}
    validate_manifest(sidecar)


def test_istiod_mesh_config_restricts_outbound_traffic() -> None:
    values = istiod_values(
        ISTIOD, "1-30-3", cluster="c", network="n", outbound_traffic_policy="REGISTRY_ONLY"
    )

    assert values["meshConfig"]["outboundTrafficPolicy"] == {"mode": "REGISTRY_ONLY"}


def test_istiod_mesh_config_leaves_istios_default_alone() -> None:
    values = istiod_values(ISTIOD, "1-30-3", cluster="c", network="n")

    assert "outboundTrafficPolicy" not in values["meshConfig"]
