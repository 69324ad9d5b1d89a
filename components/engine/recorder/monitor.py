"""The recording monitor: the SDK's mock monitor, answering like a preview and recording a Plan.

It answers every registration the way ``pulumi preview`` answers a create: the resource's inputs
come back as its planned outputs, its id and every provider-computed output stay unknown; a read
resource's state (everything but its inputs) is unknown too, and invokes return an empty result.
Every registration and read is recorded as a ``PlannedResource`` under the URN the Pulumi engine
would give it (``make_urn``), and the ``Recorder`` builds the Plan in the order the program
constructed its resources, whatever order the monitor threads saw them in.
"""

from __future__ import annotations

import threading
from typing import Any

from google.protobuf import json_format, struct_pb2
from pulumi.resource import ResourceTransformationArgs, ResourceTransformationResult
from pulumi.runtime.mocks import MockCallArgs, MockMonitor, MockResourceArgs, Mocks
from pulumi.runtime.proto import resource_pb2

from ..plan import SECRET, STACK_TYPE, UNKNOWN, Plan, PlannedResource, child_path
from .dynamic import mask_provider
from .shapes import shape_outputs
from .stack_references import STACK_REFERENCE_TYPE, StackReferences, UnresolvedStackReference, reference_state
from .wire import decode_struct


def make_urn(stack: str, project: str, parent_urn: str, type_: str, name: str) -> str:
    """The URN the Pulumi engine gives a resource.

    The SDK's MockMonitor keeps only the parent's last type and prefixes top-level resources
    with the stack type; the engine chains every ancestor component type and leaves the
    stack out. Plans use the engine's form so they match real stack URNs.
    """
    if parent_urn:
        parent_type = parent_urn.split("::")[2]
        if parent_type != STACK_TYPE:
            type_ = f"{parent_type}${type_}"
    return f"urn:pulumi:{stack}::{project}::{type_}::{name}"


def _provider_urn(reference: str) -> str | None:
    # A provider reference is "<urn>::<id>"; the id is unknown for a provider being created.
    return reference.rsplit("::", 1)[0] if reference else None


class Recorder:
    """Collects registrations from the monitor threads and builds the Plan."""

    def __init__(self, project: str, stack: str) -> None:
        self.project = project
        self.stack = stack
        self.stack_urn = make_urn(stack, project, "", STACK_TYPE, f"{project}-{stack}")
        self._lock = threading.Lock()
        self._resources: dict[str, PlannedResource] = {}
        # Monitor calls arrive from a thread pool in no fixed order; the order in which the
        # program constructed resources is deterministic, so the Plan follows it.
        self._construction: dict[str, int] = {self.stack_urn: -1}
        self._urn_of: dict[int, str] = {}
        self._constructed: list[object] = []  # keeps objects alive so their id() stays unique
        self._class_at: dict[str, type] = {}
        self._outputs: dict[str, Any] = {}
        self._output_secrets: list[str] = []

    def urn(self, parent_urn: str, type_: str, name: str) -> str:
        return make_urn(self.stack, self.project, parent_urn, type_, name)

    def seed_root(self, root: object) -> None:
        self._urn_of[id(root)] = self.stack_urn

    def observe_construction(self, args: ResourceTransformationArgs) -> ResourceTransformationResult | None:
        """A legacy stack transformation: runs synchronously in each resource's constructor."""
        parent_urn = self.stack_urn if args.opts.parent is None else self._urn_of.get(id(args.opts.parent))
        if parent_urn is not None:
            urn = self.urn(parent_urn, args.type_, args.name)
            with self._lock:
                self._urn_of[id(args.resource)] = urn
                self._constructed.append(args.resource)
                self._class_at[urn] = type(args.resource)
                self._construction.setdefault(urn, len(self._construction))
        return None

    def resource_class(self, urn: str) -> type | None:
        """The class the program constructed `urn` with (its output types), if seen."""
        with self._lock:
            return self._class_at.get(urn)

    def add(self, resource: PlannedResource) -> None:
        with self._lock:
            if resource.urn in self._resources:
                # The engine refuses this too; silently keeping one would hide a naming bug.
                raise ValueError(f"Duplicate resource URN '{resource.urn}'; try giving it a unique name")
            self._resources[resource.urn] = resource

    def set_outputs(self, urn: str, outputs: struct_pb2.Struct) -> None:
        if urn != self.stack_urn:
            return  # component outputs are not part of the Plan
        secrets: list[str] = []
        decoded = decode_struct(outputs, "", secrets)
        with self._lock:
            self._outputs, self._output_secrets = decoded, sorted(secrets)

    def plan(self) -> Plan:
        with self._lock:
            last = len(self._construction)
            ordered = sorted(
                self._resources.values(),
                key=lambda r: (self._construction.get(r.urn, last), r.urn),
            )
            return Plan(
                project=self.project,
                stack=self.stack,
                resources=ordered,
                outputs=dict(self._outputs),
                output_secret_paths=list(self._output_secrets),
            )


def _inputs(
    type_: str, struct: struct_pb2.Struct, additional_secret_outputs: list[str]
) -> tuple[dict[str, Any], list[str]]:
    secrets: list[str] = []
    inputs = decode_struct(struct, "", secrets)
    secrets = mask_provider(type_, inputs, secrets)
    # Properties the provider declares secret (a Kubernetes Secret's data...) are stored as
    # secrets by the engine; a plan must not show them in clear either.
    for key in additional_secret_outputs:
        if key in inputs and inputs[key] not in (SECRET, UNKNOWN):
            inputs[key] = SECRET
            top = child_path("", key)
            secrets = [p for p in secrets if not (p == top or p.startswith((f"{top}.", f"{top}[")))]
            secrets.append(top)
    return inputs, sorted(set(secrets))


def _register_record(urn: str, request: resource_pb2.RegisterResourceRequest) -> PlannedResource:
    inputs, secrets = _inputs(request.type, request.object, list(request.additionalSecretOutputs))
    return PlannedResource(
        urn=urn,
        type=request.type,
        name=request.name,
        custom=request.custom,
        parent=request.parent or None,
        provider=_provider_urn(request.provider),
        dependencies=sorted(set(request.dependencies)),
        property_dependencies={
            key: sorted(set(deps.urns))
            for key, deps in sorted(request.propertyDependencies.items())
            if deps.urns
        },
        protect=request.protect,
        inputs=inputs,
        secret_paths=secrets,
        delete_before_replace=request.deleteBeforeReplace,
        ignore_changes=list(request.ignoreChanges),
        replace_on_changes=list(request.replaceOnChanges),
        retain_on_delete=request.retainOnDelete,
        deleted_with=request.deletedWith or None,
        aliases=[
            json_format.MessageToDict(alias, preserving_proto_field_name=True) for alias in request.aliases
        ],
    )


def _read_record(urn: str, request: resource_pb2.ReadResourceRequest) -> PlannedResource:
    inputs, secrets = _inputs(request.type, request.properties, list(request.additionalSecretOutputs))
    return PlannedResource(
        urn=urn,
        type=request.type,
        name=request.name,
        custom=True,
        parent=request.parent or None,
        provider=_provider_urn(request.provider),
        dependencies=sorted(set(request.dependencies)),
        inputs=inputs,
        secret_paths=secrets,
        read_id=request.id,
    )


class _PreviewMocks(Mocks):
    """Answers what the recording monitor does not handle itself: invokes."""

    def new_resource(self, args: MockResourceArgs) -> tuple[str | None, dict[Any, Any]]:
        return "", {}  # unused: the monitor answers registrations and reads itself

    def call(self, args: MockCallArgs) -> tuple[dict[Any, Any], list[tuple[str, str]] | None]:
        # Invoke results come from the cloud; an empty result is the only honest offline answer.
        return {}, []


class RecordingMonitor(MockMonitor):
    """The SDK's mock monitor, answering like a preview and recording every registration."""

    def __init__(self, recorder: Recorder, stack_references: StackReferences | None = None) -> None:
        super().__init__(_PreviewMocks())
        self._recorder = recorder
        self._stack_references = stack_references

    def RegisterResource(self, request: resource_pb2.RegisterResourceRequest) -> Any:
        urn = self._recorder.urn(request.parent, request.type, request.name)
        self._recorder.add(_register_record(urn, request))
        # An empty id reads as unknown to the SDK, as for a create in a real preview.
        id_ = request.importId if request.custom else ""
        # getResource (used to rehydrate resource references) needs every URN to exist.
        self.resources[urn] = MockMonitor.ResourceRegistration(urn, id_, {})
        # The checked inputs are the planned outputs; echoing the raw struct keeps secrets
        # secret and unknowns unknown. Outputs missing from it resolve as unknown in preview,
        # and so do echoed values the resource's output types cannot hold (`shapes`).
        outputs = shape_outputs(request.object, self._recorder.resource_class(urn))
        return resource_pb2.RegisterResourceResponse(urn=urn, id=id_, object=outputs)

    def ReadResource(self, request: resource_pb2.ReadResourceRequest) -> Any:
        urn = self._recorder.urn(request.parent, request.type, request.name)
        self._recorder.add(_read_record(urn, request))
        self.resources[urn] = MockMonitor.ResourceRegistration(urn, request.id, {})
        if request.type == STACK_REFERENCE_TYPE:
            # The referenced stack's outputs, as its last offline preview recorded them.
            if self._stack_references is None:
                raise UnresolvedStackReference(request.id, "this run resolves no stack references")
            state = reference_state(request.id, self._stack_references(request.id))
            return resource_pb2.ReadResourceResponse(urn=urn, properties=state)
        # The state of a read resource lives in the cloud: everything but the inputs is unknown.
        return resource_pb2.ReadResourceResponse(urn=urn, properties=request.properties)

    def RegisterResourceOutputs(self, request: resource_pb2.RegisterResourceOutputsRequest) -> Any:
        self._recorder.set_outputs(request.urn, request.outputs)
        return super().RegisterResourceOutputs(request)
