"""A fake Kubernetes API server on 127.0.0.1, for the Kubernetes client adapter's tests.

It answers the two reads a readiness check makes, over plain HTTP, from what the test put in
it: API discovery (`GET /apis/<group>/<version>`) and one namespaced custom object; anything
else is 404, and `status` forces every answer (e.g. 403). Nothing leaves the machine.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import yaml


class FakeApiServer:
    def __init__(self) -> None:
        self.served: dict[str, list[str]] = {}
        self.objects: dict[str, dict[str, Any]] = {}
        self.status: int | None = None
        self.paths: list[str] = []
        self.url = ""

    def kubeconfig(self) -> str:
        """A kubeconfig for this server with a static token (no exec plugin to run)."""
        return yaml.safe_dump(
            {
                "apiVersion": "v1",
                "kind": "Config",
                "current-context": "fake",
                "clusters": [{"name": "fake", "cluster": {"server": self.url}}],
                "contexts": [{"name": "fake", "context": {"cluster": "fake", "user": "fake"}}],
                "users": [{"name": "fake", "user": {"token": "not-a-secret"}}],
            }
        )

    def answer(self, path: str) -> tuple[int, dict[str, Any]]:
        self.paths.append(path)
        if self.status is not None:
            return self.status, _status(self.status)
        if path in self.objects:
            return 200, self.objects[path]
        group_version = path.removeprefix("/apis/")
        if group_version in self.served:
            resources = [
                {"name": n, "singularName": n[:-1], "namespaced": True, "kind": n.title(), "verbs": ["get"]}
                for n in self.served[group_version]
            ]
            return 200, {"kind": "APIResourceList", "groupVersion": group_version, "resources": resources}
        return 404, _status(404)


def _status(code: int) -> dict[str, Any]:
    return {"kind": "Status", "apiVersion": "v1", "status": "Failure", "code": code}


@contextmanager
def running(server: FakeApiServer) -> Iterator[FakeApiServer]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            code, body = server.answer(self.path.split("?")[0])
            data = json.dumps(body).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        httpd.shutdown()
        httpd.server_close()
