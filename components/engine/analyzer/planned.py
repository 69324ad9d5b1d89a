"""The planned state: what a real preview hands stack policies instead of the program's inputs.

At the end of `pulumi preview`, stack policies get every resource's planned state, the inputs
merged with the outputs, and on a create every output the cloud computes (an endpoint, the node
pools GKE reports back, a Kubernetes object's ``status``) is unknown until the resource exists.
(Resource policies run earlier, on the inputs.)

Offline there is no provider, so the planned state is built from what the Pulumi SDK itself
knows: the resource's SDK class, found from its type token through the registry the SDK keeps
to rehydrate resource references (``register_resource_module``), declares its outputs as
``@pulumi.getter(name=...)`` properties. Each one the program did not set becomes ``UNKNOWN``;
what the program set is kept as it is.

This over-approximates a real provider, which knows some unset outputs during a preview (a
default it fills in, an auto-generated name): a policy then reports "not checked" where a real
preview might have checked, never a violation a real preview would not report.

Resources whose class is not found keep their inputs: components and the stack (they have no
provider to plan them), providers (the engine shows policies a provider's inputs) and types no
installed SDK registers (``CustomResource`` objects, API versions the SDK
does not ship).
"""

from __future__ import annotations

import functools
import importlib
import re
from typing import Any

from pulumi._types import resource_pulumi_to_py_names
from pulumi.runtime.rpc import get_resource_module

from ..plan import UNKNOWN, PlannedResource

_PACKAGE = re.compile(r"[a-z][a-z0-9-]*")
"""Package names a type token can carry (``gcp``, ``kubernetes``, ``azure-native``)."""

_NOT_PROPERTIES = frozenset({"id", "urn"})
"""Outputs every resource has, which the engine never puts among its properties."""


@functools.cache
def _import_sdk(package: str) -> None:
    """Import ``package``'s Python SDK so that it registers its modules, as a program would.

    A Plan read from a file was recorded by a program that imported its SDKs, but this process
    may not have. Generated SDKs are named ``pulumi_<package>`` (``pulumi_azure_native``), and
    register their resource modules when imported.
    """
    if _PACKAGE.fullmatch(package) is None:
        return
    try:
        importlib.import_module("pulumi_" + package.replace("-", "_"))
    except ImportError:
        return  # no SDK for it installed: its resources keep their inputs


@functools.cache
def sdk_class(type_token: str) -> type | None:
    """The SDK class that registers resources of ``type_token``, or None if no SDK declares it."""
    parts = type_token.split(":")
    if len(parts) != 3 or parts[0] == "pulumi":
        return None  # pulumi:providers:* and pulumi:pulumi:Stack have no resource module
    package, module_name, _ = parts
    module = get_resource_module(package, module_name, "")
    if module is None:
        _import_sdk(package)
        module = get_resource_module(package, module_name, "")
    # The SDK's ResourceModule only offers to construct a resource, which needs a running
    # program; generated SDKs keep the module's classes and their import path in mod_info.
    info = getattr(module, "mod_info", None)
    if not isinstance(info, dict):
        return None
    classes, fqn = info.get("classes"), info.get("fqn")
    if not isinstance(classes, dict) or not isinstance(fqn, str) or type_token not in classes:
        return None
    found = getattr(importlib.import_module(fqn), str(classes[type_token]), None)
    return found if isinstance(found, type) else None


@functools.cache
def declared_outputs(type_token: str) -> frozenset[str]:
    """The output properties (camelCase) the SDK class of ``type_token`` declares; empty if none."""
    cls = sdk_class(type_token)
    if cls is None:
        return frozenset()
    # The names the SDK maps a resource's outputs by: its @pulumi.getter(name=...) properties.
    return frozenset(resource_pulumi_to_py_names(cls)) - _NOT_PROPERTIES


def planned_state(resource: PlannedResource) -> dict[str, Any]:
    """``resource``'s inputs, plus every declared output it does not set as ``UNKNOWN``."""
    if not resource.custom:
        return resource.inputs
    unset = declared_outputs(resource.type) - resource.inputs.keys()
    return {**dict.fromkeys(sorted(unset), UNKNOWN), **resource.inputs}
