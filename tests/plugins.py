"""Start a Pulumi plugin process as the CLI does and talk to it over gRPC.

A plugin (the dynamic provider host, the policy analyzer) prints the port it listens on as its
first line of stdout; the CLI connects there. Tests that launch one share this handshake.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import grpc


@contextmanager
def plugin_channel(argv: Sequence[str], cwd: Path, env: Mapping[str, str]) -> Iterator[grpc.Channel]:
    """Launch the plugin, wait for its port and a ready channel, and kill it on exit."""
    process = subprocess.Popen(
        list(argv), cwd=cwd, env=dict(env), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        assert process.stdout is not None
        port = process.stdout.readline().decode().strip()
        assert port.isdigit(), process.stderr.read().decode() if process.stderr else port
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            grpc.channel_ready_future(channel).result(timeout=30)
            yield channel
    finally:
        process.kill()
        process.wait(timeout=30)
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()
