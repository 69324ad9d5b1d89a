"""No stack trace per registration during an offline run.

For every resource it registers or reads, the SDK walks the whole Python stack
(``pulumi.runtime.resource._get_stack_trace``: ``traceback.extract_stack`` and a ``file://`` URI
per frame) and sends it with the request, so that the Pulumi engine can point an error or a
diagnostic at the program's line. Offline, the recipient is the recording monitor, which keeps
nothing of it: a Plan has no source positions. Under the CLI the stack is deep (typer, the
engine, runpy, the nested components), and the walk was an eighth of a 40-cluster preview.

``without_stack_traces`` has the SDK send the empty trace it sends itself when it finds no
resource constructor on the stack (and so no source position) for the length of one run, and
puts the SDK's function back after it. A real ``pulumi preview`` or ``up`` never runs through
the offline engine, and keeps its traces.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any
from unittest import mock

from pulumi.runtime import resource as sdk_resource
from pulumi.runtime.proto import source_pb2


def _no_stack_trace() -> source_pb2.StackTrace:
    return source_pb2.StackTrace()


def without_stack_traces() -> AbstractContextManager[Any]:
    """Registrations carry an empty stack trace during one run (see the module)."""
    return mock.patch.object(sdk_resource, "_get_stack_trace", _no_stack_trace)
