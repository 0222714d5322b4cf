"""A loopback file server for download tests: Range requests, hub-like redirects, faults."""

from __future__ import annotations

import contextlib
import re
import socket
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class FileSpec:
    content: bytes
    # Hugging Face style: /resolve/<name> answers 302 to /cdn/<name> with X-Linked-Etag.
    linked_etag: str | None = None
    corrupt: bool = False  # serve different bytes than `content`
    interrupt_after: int | None = None  # close the connection after this many bytes (once)
    honour_range: bool = True


@dataclass
class _State:
    files: dict[str, FileSpec] = field(default_factory=dict)
    ranges: list[str | None] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_GET(self) -> None:
        state = self.server.state
        if self.path.startswith("/resolve/"):
            name = self.path.removeprefix("/resolve/")
            spec = state.files.get(name)
            if spec is None:
                self._not_found()
                return
            self.send_response(302)
            self.send_header("Location", f"/cdn/{name}")
            if spec.linked_etag:
                self.send_header("X-Linked-Etag", f'"{spec.linked_etag}"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        name = self.path.removeprefix("/cdn/").removeprefix("/files/")
        spec = state.files.get(name)
        if spec is None:
            self._not_found()
            return
        range_header = self.headers.get("Range")
        with state.lock:
            state.ranges.append(range_header)
        body = spec.content
        if spec.corrupt:
            body = bytes(b ^ 0xFF for b in body[:16]) + body[16:]
        start = 0
        match = re.match(r"bytes=(\d+)-$", range_header or "")
        if match and spec.honour_range:
            start = int(match.group(1))
            if start >= len(body):
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{len(body)}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
        else:
            self.send_response(200)
        payload = body[start:]
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        if spec.interrupt_after is not None:
            cut = spec.interrupt_after
            spec.interrupt_after = None  # only the first attempt breaks
            self.wfile.write(payload[:cut])
            self.wfile.flush()
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        self.wfile.write(payload)

    def _not_found(self) -> None:
        self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    state: _State

    def handle_error(self, request: Any, client_address: Any) -> None:
        return


class FileTestServer:
    """Serves registered byte strings under /files/<name>, /resolve/<name> (302) and /cdn/."""

    def __init__(self) -> None:
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.state = _State()
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def state(self) -> _State:
        return self._server.state

    def add(self, name: str, spec: FileSpec) -> None:
        self.state.files[name] = spec

    def url(self, name: str, *, resolve: bool = False) -> str:
        port = self._server.server_address[1]
        return f"http://127.0.0.1:{port}/{'resolve' if resolve else 'files'}/{name}"

    @property
    def ranges(self) -> list[str | None]:
        with self.state.lock:
            return list(self.state.ranges)

    def __enter__(self) -> FileTestServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
