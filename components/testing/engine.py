"""Run any Python Pulumi program offline, in preview mode, and record what it registers.

The program runs in-process under the Pulumi SDK's own mock monitor, the way the Python
language host would run it (``run_in_stack`` inside a fresh event loop), with
``dry_run=True``. A recording monitor answers every registration the way ``pulumi preview``
answers a create: the resource's inputs come back as its planned outputs, its id and every
provider-computed output stay unknown. Nothing is invented: a value only the cloud could
know is recorded as ``UNKNOWN``.

Under the mock monitor, invokes (``gcp.organizations.get_project()``...) return an empty
result, so their fields are None; new-style transforms (``ResourceOptions.transforms``,
``register_resource_transform``) are not applied, as in the SDK's own mocks.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import json
import logging
import os
import runpy
import sys
import threading
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml
from google.protobuf import json_format, struct_pb2
from pulumi.resource import ResourceTransformationArgs, ResourceTransformationResult
from pulumi.runtime import config as runtime_config
from pulumi.runtime import rpc, settings
from pulumi.runtime.mocks import MockCallArgs, MockEngine, MockMonitor, MockResourceArgs, Mocks, MockSettings
from pulumi.runtime.proto import resource_pb2
from pulumi.runtime.stack import register_stack_transformation, run_in_stack

from .plan import SECRET, STACK_TYPE, UNKNOWN, Plan, PlannedResource

Program = Callable[[], object] | str | Path

# Wire-protocol constants, fixed by the Pulumi engine (sdk/go/common/resource/properties.go).
_WIRE_UNKNOWN = rpc.UNKNOWN
_SIG_KEY = "4dabf18193072939515e22adb298388d"
_SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270"
_ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17"
_ARCHIVE_SIG = "0def7320c3a5731c473e5ecbe6d01bc7"
_RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e"
_OUTPUT_VALUE_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4"

_log = logging.getLogger("components.testing.program")


class ProgramError(Exception):
    """The program raised while it ran; ``__cause__`` is the original exception.

    ``plan`` holds what had been registered before the failure, for diagnosis.
    """

    def __init__(self, message: str, plan: Plan) -> None:
        super().__init__(message)
        self.plan = plan


# --- configuration -------------------------------------------------------------------------


def load_stack_config(path: str | Path) -> dict[str, Any]:
    """Read a ``Pulumi.<stack>.yaml`` and return its ``config:`` mapping.

    Keys are kept as written (``"meshfleet:platform"``); structured values stay structured.
    A ``secure:`` value (``{"secure": "<ciphertext>"}``) cannot be decrypted offline and is
    kept as is: ``run_program`` hands it to the program as a secret whose value is unknown.
    """
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: a stack file must be a YAML mapping")
    config = data.get("config") or {}
    if not isinstance(config, dict):
        raise ValueError(f"{path}: `config` must be a mapping")
    return {str(key): value for key, value in config.items()}


def _is_secure(value: Any) -> bool:
    return isinstance(value, dict) and len(value) == 1 and isinstance(value.get("secure"), str)


def _unknown_secure(value: Any) -> tuple[Any, bool]:
    """Replace ``secure:`` leaves by the wire unknown, reporting whether there was any."""
    if _is_secure(value):
        return _WIRE_UNKNOWN, True
    if isinstance(value, dict):
        pairs = {k: _unknown_secure(v) for k, v in value.items()}
        return {k: v for k, (v, _) in pairs.items()}, any(s for _, s in pairs.values())
    if isinstance(value, list):
        items = [_unknown_secure(v) for v in value]
        return [v for v, _ in items], any(s for _, s in items)
    return value, False


def _pulumi_config(config: Mapping[str, Any], project: str) -> tuple[dict[str, str], list[str]]:
    """Config as the CLI hands it to a program: namespaced keys, string values, secret keys.

    Like the CLI, a key written without a namespace belongs to the project, scalars become
    their YAML/JSON text and objects become JSON. A key holding a ``secure:`` value is a
    secret key whose value is the wire unknown, so it reaches resources as an unknown secret.
    """
    values: dict[str, str] = {}
    secret_keys: list[str] = []
    for key, raw in config.items():
        full_key = key if ":" in key else f"{project}:{key}"
        value, secure = _unknown_secure(raw)
        if secure:
            secret_keys.append(full_key)
        values[full_key] = value if isinstance(value, str) else json.dumps(value)
    return values, secret_keys


# --- wire values -> plan values ------------------------------------------------------------


def _child_path(prefix: str, key: str) -> str:
    if key.isidentifier():
        return f"{prefix}.{key}" if prefix else key
    return f"{prefix}[{json.dumps(key)}]"


def _decode_struct(struct: struct_pb2.Struct, prefix: str, secrets: list[str]) -> dict[str, Any]:
    # Sorted keys: protobuf map order is not guaranteed, and plans must be byte-stable.
    return {
        key: _decode(struct.fields[key], _child_path(prefix, key), secrets) for key in sorted(struct.fields)
    }


def _decode(value: struct_pb2.Value, path: str, secrets: list[str]) -> Any:
    """A protobuf value as JSON-safe data, with UNKNOWN / SECRET markers.

    Decoding the raw struct (instead of using the SDK's deserialisation) keeps secrets where
    they are: the SDK hoists secretness to the enclosing object, which would hide the path.
    """
    kind = value.WhichOneof("kind")
    if kind == "string_value":
        return UNKNOWN if value.string_value == _WIRE_UNKNOWN else value.string_value
    if kind == "number_value":
        # The wire has only doubles: give integers back their type.
        number = value.number_value
        return int(number) if number.is_integer() else number
    if kind == "bool_value":
        return value.bool_value
    if kind == "list_value":
        return [_decode(item, f"{path}[{i}]", secrets) for i, item in enumerate(value.list_value.values)]
    if kind == "struct_value":
        return _decode_special(value.struct_value, path, secrets)
    return None


def _decode_special(struct: struct_pb2.Struct, path: str, secrets: list[str]) -> Any:
    fields = struct.fields
    sig = fields[_SIG_KEY].string_value if _SIG_KEY in fields else None
    if sig == _SECRET_SIG or (
        sig == _OUTPUT_VALUE_SIG and "secret" in fields and fields["secret"].bool_value
    ):
        secrets.append(path)
        return SECRET
    if sig == _OUTPUT_VALUE_SIG:
        return _decode(fields["value"], path, secrets) if "value" in fields else UNKNOWN
    if sig == _RESOURCE_SIG:
        return fields["urn"].string_value
    if sig in (_ASSET_SIG, _ARCHIVE_SIG):
        body = {k: _decode(v, _child_path(path, k), secrets) for k, v in fields.items() if k != _SIG_KEY}
        return {"asset" if sig == _ASSET_SIG else "archive": body}
    return _decode_struct(struct, path, secrets)


# --- recording ------------------------------------------------------------------------------


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


class _Recorder:
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
                self._construction.setdefault(urn, len(self._construction))
        return None

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
        decoded = _decode_struct(outputs, "", secrets)
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
    struct: struct_pb2.Struct, additional_secret_outputs: list[str]
) -> tuple[dict[str, Any], list[str]]:
    secrets: list[str] = []
    inputs = _decode_struct(struct, "", secrets)
    # Properties the provider declares secret (a Kubernetes Secret's data...) are stored as
    # secrets by the engine; a plan must not show them in clear either.
    for key in additional_secret_outputs:
        if key in inputs and inputs[key] not in (SECRET, UNKNOWN):
            inputs[key] = SECRET
            top = _child_path("", key)
            secrets = [p for p in secrets if not (p == top or p.startswith((f"{top}.", f"{top}[")))]
            secrets.append(top)
    return inputs, sorted(set(secrets))


def _register_record(urn: str, request: resource_pb2.RegisterResourceRequest) -> PlannedResource:
    inputs, secrets = _inputs(request.object, list(request.additionalSecretOutputs))
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
    inputs, secrets = _inputs(request.properties, list(request.additionalSecretOutputs))
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


class _RecordingMonitor(MockMonitor):
    """The SDK's mock monitor, answering like a preview and recording every registration."""

    def __init__(self, recorder: _Recorder) -> None:
        super().__init__(_PreviewMocks())
        self._recorder = recorder

    def RegisterResource(self, request: resource_pb2.RegisterResourceRequest) -> Any:
        urn = self._recorder.urn(request.parent, request.type, request.name)
        self._recorder.add(_register_record(urn, request))
        # An empty id reads as unknown to the SDK, as for a create in a real preview.
        id_ = request.importId if request.custom else ""
        # getResource (used to rehydrate resource references) needs every URN to exist.
        self.resources[urn] = MockMonitor.ResourceRegistration(urn, id_, {})
        # The checked inputs are the planned outputs; echoing the raw struct keeps secrets
        # secret and unknowns unknown. Outputs missing from it resolve as unknown in preview.
        return resource_pb2.RegisterResourceResponse(urn=urn, id=id_, object=request.object)

    def ReadResource(self, request: resource_pb2.ReadResourceRequest) -> Any:
        urn = self._recorder.urn(request.parent, request.type, request.name)
        self._recorder.add(_read_record(urn, request))
        self.resources[urn] = MockMonitor.ResourceRegistration(urn, request.id, {})
        # The state of a read resource lives in the cloud: everything but the inputs is unknown.
        return resource_pb2.ReadResourceResponse(urn=urn, properties=request.properties)

    def RegisterResourceOutputs(self, request: resource_pb2.RegisterResourceOutputsRequest) -> Any:
        self._recorder.set_outputs(request.urn, request.outputs)
        return super().RegisterResourceOutputs(request)


# --- running --------------------------------------------------------------------------------


def _as_callable(program: Program) -> tuple[Callable[[], object], Path | None]:
    if callable(program):
        return program, None
    path = Path(program)
    # Resolved now: the run changes directory into the program's folder.
    main = (path / "__main__.py" if path.is_dir() else path).resolve()
    if not main.is_file():
        raise FileNotFoundError(f"no Pulumi program at {main}")

    def run_main() -> None:
        runpy.run_path(str(main), run_name="__main__")

    return run_main, main.parent.resolve()


@contextlib.contextmanager
def _program_directory(directory: Path | None) -> Iterator[None]:
    """Run from the program's directory, importable, as the Pulumi Python host does.

    Modules imported from that directory are dropped afterwards so the next run (maybe of
    another program) imports its own.
    """
    if directory is None:
        yield
        return
    previous_cwd = os.getcwd()
    previous_modules = set(sys.modules)
    sys.path.insert(0, str(directory))
    os.chdir(directory)
    try:
        yield
    finally:
        os.chdir(previous_cwd)
        with contextlib.suppress(ValueError):
            sys.path.remove(str(directory))
        for name in set(sys.modules) - previous_modules:
            module_file = getattr(sys.modules[name], "__file__", None)
            if module_file and Path(module_file).resolve().is_relative_to(directory):
                del sys.modules[name]


def _configure_runtime(monitor: _RecordingMonitor, project: str, stack: str) -> None:
    """Give the SDK a fresh runtime state; called inside a copied context so nothing leaks."""
    settings.ROOT.set(None)
    features = set(monitor.GetDeploymentInfo(None).supportedFeatures)
    settings.configure(
        MockSettings(
            monitor=monitor,
            monitor_features=features,
            engine=MockEngine(_log),
            project=project,
            stack=stack,
            dry_run=True,
            organization="organization",
            root_directory=None,
            parallel=None,
            legacy_apply_enabled=False,
            callbacks=None,
            outputs=set(),
            lock=threading.Lock(),
            package_refs={},
            base_providers_by_ref={},
        )
    )


def _run_in_event_loop(body: Callable[[], None]) -> None:
    loop = asyncio.new_event_loop()
    # Failures reach us through run_in_stack; echoes of them from orphaned tasks are noise.
    loop.set_exception_handler(lambda _loop, context: _log.debug("asyncio: %s", context.get("message")))
    try:
        loop.run_until_complete(run_in_stack(body))
    finally:
        pending = asyncio.all_tasks(loop)
        for task in pending:
            task.cancel()
        if pending:
            loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        loop.run_until_complete(loop.shutdown_default_executor())
        loop.close()


def _one_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__


def run_program(
    program: Program,
    *,
    project: str,
    stack: str,
    config: Mapping[str, Any] | None = None,
) -> Plan:
    """Run a Pulumi program offline in preview mode and return its Plan.

    ``program`` is a callable, or a directory holding a Pulumi program's ``__main__.py``
    (run with runpy from that directory, which is on ``sys.path`` during the run, as the
    Pulumi Python host does). ``config`` is a stack's config as ``load_stack_config`` returns
    it. The Plan is returned once every registration has settled. Each run has its own
    runtime state (settings, config, root stack, event loop): runs do not leak into each other.

    Raises ProgramError, with the original exception as ``__cause__``, if the program raises
    (a duplicate URN counts, as in the engine); FileNotFoundError if there is no program.
    """
    target, directory = _as_callable(program)
    values, secret_keys = _pulumi_config(config or {}, project)
    recorder = _Recorder(project, stack)

    def body() -> None:
        root = settings.get_root_resource()
        recorder.seed_root(root)
        register_stack_transformation(recorder.observe_construction)
        target()

    def run() -> None:
        _configure_runtime(_RecordingMonitor(recorder), project, stack)
        runtime_config.set_all_config(values, secret_keys)
        _run_in_event_loop(body)

    try:
        with _program_directory(directory):
            contextvars.copy_context().run(run)
    except (Exception, SystemExit) as exc:
        raise ProgramError(f"{project}/{stack}: {_one_line(exc)}", recorder.plan()) from exc
    return recorder.plan()
