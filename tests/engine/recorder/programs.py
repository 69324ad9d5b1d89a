"""Small Pulumi programs for the recorder tests, and running them as project demo, stack dev."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pulumi
import pulumi.dynamic
import pulumi_gcp as gcp
import pulumi_kubernetes as k8s

from components.engine.plan import Plan
from components.engine.recorder import run_program

STACK_URN = "urn:pulumi:dev::demo::pulumi:pulumi:Stack::demo-dev"


def run(program: Callable[[], object], **config: object) -> Plan:
    return run_program(program, project="demo", stack="dev", config=config)


class Outer(pulumi.ComponentResource):
    def __init__(self, name: str) -> None:
        super().__init__("demo:index:Outer", name, None, None)
        Inner(f"{name}-inner", pulumi.ResourceOptions(parent=self))
        self.register_outputs({})


class Inner(pulumi.ComponentResource):
    def __init__(self, name: str, opts: pulumi.ResourceOptions) -> None:
        super().__init__("demo:index:Inner", name, None, opts)
        gcp.compute.Network(f"{name}-net", opts=pulumi.ResourceOptions(parent=self))
        self.register_outputs({})


def network_program() -> None:
    net = gcp.compute.Network("net", auto_create_subnetworks=False, mtu=1460)
    gcp.compute.Subnetwork("sub", network=net.id, ip_cidr_range="10.0.0.0/24", region="asia-northeast1")


def secret_provider_program() -> None:
    provider = k8s.Provider("tokyo-1", kubeconfig=pulumi.Output.secret("hunter2"))
    k8s.core.v1.Namespace(
        "sample",
        metadata={"name": "sample", "labels": {"app.kubernetes.io/name": pulumi.Output.secret("hunter2")}},
        opts=pulumi.ResourceOptions(provider=provider),
    )
    pulumi.export("kubeconfig", pulumi.Output.secret("hunter2"))


class EchoProvider(pulumi.dynamic.ResourceProvider):
    """A dynamic provider; the SDK serializes it into the resource's `__provider` input."""

    def create(self, props: dict[str, Any]) -> pulumi.dynamic.CreateResult:
        return pulumi.dynamic.CreateResult("echo", props)


class ClearEchoProvider(EchoProvider):
    # Opts out of the SDK's default: the serialized provider is then an input in clear.
    serialize_as_secret_always = False


class Echo(pulumi.dynamic.Resource, module="demo", name="Echo"):
    def __init__(self, name: str, provider: EchoProvider, **props: Any) -> None:
        super().__init__(provider, name, props)


def dynamic_program() -> None:
    Echo("secret-provider", EchoProvider(), message="hello")
    Echo("clear-provider", ClearEchoProvider(), message="hello", token=pulumi.Output.secret("hunter2"))
