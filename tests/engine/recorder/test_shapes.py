"""Planned outputs take the shape of the resource's output types; an echo that does not fit is unknown."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pulumi
import pulumi_azure_native as azure_native
import pulumi_gcp as gcp
from google.protobuf import json_format, struct_pb2
from pulumi.runtime import rpc

from components.engine.recorder.shapes import shape_value

from .programs import run


def _value(data: Any) -> struct_pb2.Value:
    return json_format.ParseDict(data, struct_pb2.Value())


def _data(value: struct_pb2.Value) -> Any:
    return json_format.MessageToDict(value)


def test_a_list_echoed_where_the_output_is_a_map_is_unknown() -> None:
    assert _data(shape_value(_value(["id-1"]), Mapping[str, Any])) == rpc.UNKNOWN


def test_a_value_that_fits_is_kept_element_by_element() -> None:
    echoed = {"a": ["x", {"b": 1}], "c": {"d": 1}}

    assert _data(shape_value(_value(echoed), Mapping[str, Sequence[Any]] | None)) == {
        "a": ["x", {"b": 1}],
        "c": rpc.UNKNOWN,
    }


def test_a_secret_keeps_its_wrapper_around_the_shaped_value() -> None:
    sig = "4dabf18193072939515e22adb298388d"
    secret = {sig: "1b47061264138c4ac30d75fd1eb44270", "value": ["id-1"]}

    assert _data(shape_value(_value(secret), Mapping[str, str])) == {**secret, "value": rpc.UNKNOWN}


def test_azure_native_managed_cluster_takes_its_identities_as_a_list_of_outputs() -> None:
    seen: list[Any] = []

    def program() -> None:
        identity = azure_native.managedidentity.UserAssignedIdentity("id", resource_group_name="rg")
        cluster = azure_native.containerservice.ManagedCluster(
            "aks",
            resource_group_name="rg",
            identity=azure_native.containerservice.ManagedClusterIdentityArgs(
                type=azure_native.containerservice.ResourceIdentityType.USER_ASSIGNED,
                user_assigned_identities=[identity.id],
            ),
        )
        # The provider answers a map keyed by id, unknown in a preview: never the echoed list.
        cluster.identity.apply(seen.append)
        gcp.compute.Network("after", description=cluster.identity.apply(lambda i: str(i and i.type)))

    plan = run(program)

    assert plan.find("gcp:compute/network:Network", "after").inputs["description"] == "<unknown>"
    assert seen == []
    assert plan.find("azure-native:containerservice:ManagedCluster", "aks").inputs["identity"][
        "userAssignedIdentities"
    ] == ["<unknown>"]


def test_outputs_that_fit_their_types_reach_dependents_unchanged() -> None:
    def program() -> None:
        net = gcp.compute.Network("net", description="kept", mtu=1460)
        description = pulumi.Output.concat(net.description.apply(lambda d: d or ""), "-", net.mtu.apply(str))
        gcp.compute.Network("copy", description=description)

    plan = run(program)

    assert plan.find("gcp:compute/network:Network", "copy").inputs["description"] == "kept-1460"
