"""The offline analyzer agrees with the Python analyzer `pulumi preview --policy-pack` starts.

The SDK's own servicer (what PolicyPack serves over gRPC) is driven here with the requests
the engine would send for the same Plan, and its diagnostics are compared with the offline
report: same policies, resources, levels and messages; unknown values reported likewise. Both
views are compared: the engine sending stack policies the program's inputs, and sending them
the planned state (resource policies and providers get the inputs in both, as in the engine).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from google.protobuf import json_format, struct_pb2
from pulumi.runtime import proto
from pulumi_policy import EnforcementLevel
from pulumi_policy.policy import _PolicyAnalyzerServicer  # pyright: ignore[reportPrivateUsage]
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE

from components.engine import Plan, PlannedResource, PolicyView, planned_state, reconcile_config
from components.spec.models import GatewaySpec

from .helpers import (
    components_plan,
    gateway_deployment,
    helloworld_route,
    istio_object,
    namespace,
    pack,
    plan_from,
    platform_plan,
    run_pack,
    service,
)

LEVELS = {"advisory": proto.ADVISORY, "mandatory": proto.MANDATORY, "disabled": proto.DISABLED}
CONFIG = {
    "all": "mandatory",
    "protect-stateful": "advisory",
    "gateway-min-tls": {"minimumVersion": "TLSV1_3"},
}


def _wire(value: Any) -> Any:
    if value in ("<unknown>", "<secret>"):
        return UNKNOWN_STRING_VALUE
    if isinstance(value, dict):
        return {k: _wire(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_wire(v) for v in value]
    return value


def _struct(value: dict[str, Any]) -> struct_pb2.Struct:
    struct = struct_pb2.Struct()
    struct.update(_wire(value))
    return struct


def _servicer(config: dict[str, Any]) -> _PolicyAnalyzerServicer:
    loaded = pack()
    servicer = _PolicyAnalyzerServicer(
        loaded.name, "0.1.0", loaded.policies, EnforcementLevel.ADVISORY, loaded.initial_config
    )
    # The CLI reconciles the config (defaults, initial config, the file) and sends it whole.
    settings, _ = reconcile_config(loaded, config)
    request = proto.ConfigureAnalyzerRequest()
    for name, setting in settings.items():
        request.policyConfig[name].CopyFrom(
            proto.PolicyConfig(
                enforcementLevel=LEVELS[setting.enforcement_level], properties=_struct(setting.properties)
            )
        )
    servicer.Configure(request, None)
    return servicer


State = Callable[[PlannedResource], dict[str, Any]]
"""What the engine sends stack policies as a resource's properties: its inputs, or its planned state."""

STATES: dict[str, State] = {"inputs": lambda r: r.inputs, "planned": planned_state}


def _provider(plan: Plan, resource: PlannedResource) -> proto.AnalyzerProviderResource | None:
    if resource.provider is None:
        return None
    provider = plan.get(resource.provider)
    return proto.AnalyzerProviderResource(
        type=provider.type, properties=_struct(provider.inputs), urn=provider.urn, name=provider.name
    )


def _options(resource: PlannedResource) -> proto.AnalyzerResourceOptions:
    return proto.AnalyzerResourceOptions(protect=resource.protect, parent=resource.parent or "")


def real_diagnostics(plan: Plan, config: dict[str, Any], state: State) -> list[tuple[str, str, str, str]]:
    """(policy, urn, level, message) from the SDK's servicer, for every resource then the stack."""
    servicer = _servicer(config)
    names = {v: k for k, v in LEVELS.items()}
    found = []
    for resource in plan.resources:
        request = proto.AnalyzeRequest(
            type=resource.type,
            properties=_struct(resource.inputs),
            urn=resource.urn,
            name=resource.name,
            options=_options(resource),
            provider=_provider(plan, resource),
        )
        # The engine files a resource analysis's diagnostics under that resource.
        found += [
            (d.policyName, d.urn or resource.urn, names[d.enforcementLevel], d.message)
            for d in servicer.Analyze(request, None).diagnostics
        ]
    stack = proto.AnalyzeStackRequest(
        resources=[
            proto.AnalyzerResource(
                type=r.type,
                properties=_struct(state(r)),
                urn=r.urn,
                name=r.name,
                options=_options(r),
                provider=_provider(plan, r),
                parent=r.parent or "",
                dependencies=r.dependencies,
                propertyDependencies={
                    key: proto.AnalyzerPropertyDependencies(urns=urns)
                    for key, urns in r.property_dependencies.items()
                },
            )
            for r in plan.resources
        ]
    )
    found += [
        (d.policyName, d.urn, names[d.enforcementLevel], d.message)
        for d in servicer.AnalyzeStack(stack, None).diagnostics
    ]
    return sorted(found)


def offline_diagnostics(
    plan: Plan, config: dict[str, Any], view: PolicyView
) -> list[tuple[str, str, str, str]]:
    report = run_pack(plan, config, view)
    found = [
        (
            v.policy_name,
            v.urn or "",
            v.enforcement_level,
            f"{v.description}\n{v.message}" if v.message else v.description,
        )
        for v in report.violations
    ]
    # The servicer reports an unknown value as an advisory diagnostic.
    found += [
        (
            n.policy_name,
            n.urn or "",
            "advisory",
            f"can't run policy '{n.policy_name}' from policy pack 'meshguard@v0.1.0' during preview: "
            f"{n.message}",
        )
        for n in report.not_checked
    ]
    return sorted(found)


def mixed_plan() -> Plan:
    """Shapes that break most policies at once, including unknown values."""
    return plan_from(
        namespace("kube-system", {"istio-injection": "enabled", "istio.io/rev": "stable"}),
        gateway_deployment(namespace="kube-system", image="proxyv2:1.20"),
        gateway_deployment("unknown-ns", namespace="<unknown>"),
        service(
            "istio-eastwestgateway",
            "istio-system",
            selector={"istio": "eastwestgateway"},
            spec={"type": "LoadBalancer"},
        ),
        istio_object(
            "Gateway",
            "edge",
            "sample",
            {
                "selector": {"istio": "missing"},
                "servers": [
                    {"port": {"number": 443}, "tls": {"mode": "AUTO_PASSTHROUGH"}},
                    {"port": {"number": 8443}, "tls": {"mode": "SIMPLE"}},
                ],
            },
        ),
        istio_object(
            "VirtualService",
            "vs",
            "sample",
            {
                "http": [
                    {
                        "route": [
                            {"destination": {"host": "a", "subset": "x"}, "weight": 30},
                            {"destination": {"host": "a"}, "weight": 30},
                        ]
                    }
                ]
            },
        ),
    )


@pytest.mark.parametrize(
    "plan_of",
    [
        platform_plan,
        mixed_plan,
        lambda: components_plan(
            GatewaySpec.model_construct(name="istio-ingressgateway", namespace="istio-system"),
            routes=(helloworld_route(),),
        ),
    ],
    ids=["platform", "mixed", "istio-system"],
)
@pytest.mark.parametrize("config", [{}, CONFIG], ids=["defaults", "configured"])
@pytest.mark.parametrize("view", ["inputs", "planned"])
def test_offline_report_matches_the_real_analyzer(
    plan_of: Any, config: dict[str, Any], view: PolicyView
) -> None:
    plan = plan_of()

    expected = real_diagnostics(plan, config, STATES[view])

    assert expected  # every case violates something
    assert offline_diagnostics(plan, config, view) == expected


def test_the_real_analyzer_accepts_the_pack_metadata() -> None:
    info = _servicer({}).GetAnalyzerInfo(None, None)

    assert info.name == "meshguard"
    assert {p.name for p in info.policies} == {p.name for p in pack().policies}
    schema = {p.name: json_format.MessageToDict(p.configSchema.properties) for p in info.policies}
    assert (
        schema["traffic-director-unsupported"]["controlPlaneImplementation"]["default"] == "TRAFFIC_DIRECTOR"
    )
