"""A misspelt key is reported as the unknown key it is, with the field it most likely means."""

from __future__ import annotations

from .fixtures import dev_platform, spec_message


def test_misspelt_required_key_is_unknown_not_missing() -> None:
    raw = dev_platform()
    raw["clusters"][0]["masterCIDR"] = raw["clusters"][0].pop("masterCidr")

    assert spec_message(raw) == "platform.clusters[0].masterCIDR: unknown field; did you mean masterCidr?"


def test_misspelt_optional_key_suggests_the_field() -> None:
    raw = dev_platform()
    raw["clusters"][0]["nodePool"]["machinType"] = raw["clusters"][0]["nodePool"].pop("machineType")

    assert spec_message(raw) == (
        "platform.clusters[0].nodePool.machinType: unknown field; did you mean machineType?"
    )


def test_misspelt_key_in_a_list_item_suggests_the_field() -> None:
    raw = dev_platform()
    raw["routes"][0]["weight"] = raw["routes"][0].pop("weights")

    assert spec_message(raw) == "platform.routes[0].weight: unknown field; did you mean weights?"


def test_unknown_key_like_no_field_lists_the_fields() -> None:
    raw = dev_platform()
    raw["mesh"]["sidecars"] = True

    assert spec_message(raw) == (
        "platform.mesh.sidecars: unknown field (the fields here: controlPlane, implementation,"
        " channel, injection, mtls, multiCluster, istiod, trustRoot, outboundTrafficPolicy)"
    )


def test_missing_key_with_no_misspelling_is_required() -> None:
    raw = dev_platform()
    del raw["clusters"][0]["subnet"]

    assert spec_message(raw) == "platform.clusters[0].subnet: is required"
