"""A real HTTP server on loopback speaking the OpenAI chat-completions protocol, with faults.

Replies are scripted (`enqueue`); every request body is recorded (`requests`), so tests can
assert exactly what left the workbench, e.g. that no personal data was sent.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Reply:
    """One scripted answer: text in chunks, or a fault."""

    chunks: tuple[str, ...] = ("Hallo", " aus", " dem", " Test", "server.")
    fault: str | None = None  # rate_limit | http_error | slow_first_byte | break | invalid_json
    status: int = 200
    retry_after: str | None = None
    delay: float = 0.0  # before the status line (slow first byte)
    chunk_delay: float = 0.0  # between chunks
    fault_after: int = 0  # chunks sent before `break` / `invalid_json`
    error_message: str = "Serverfehler"
    finish_reason: str = "stop"  # "length": the model stopped at the token limit

    @property
    def text(self) -> str:
        return "".join(self.chunks)

    @classmethod
    def ok(cls, text: str | None = None, *, chunk_delay: float = 0.0) -> Reply:
        if text is None:
            return cls(chunk_delay=chunk_delay)
        return cls(chunks=tuple(_split(text)), chunk_delay=chunk_delay)

    @classmethod
    def cut_off(cls, text: str) -> Reply:
        """The whole text, then finish_reason "length" (the token limit was reached)."""
        return cls(chunks=tuple(_split(text)), finish_reason="length")

    @classmethod
    def rate_limited(cls, retry_after: str | None = "1") -> Reply:
        return cls(fault="rate_limit", status=429, retry_after=retry_after)

    @classmethod
    def http_error(cls, status: int = 500, message: str = "Serverfehler") -> Reply:
        return cls(fault="http_error", status=status, error_message=message)

    @classmethod
    def slow_first_byte(cls, delay: float, text: str = "Spät, aber da.") -> Reply:
        return cls(chunks=tuple(_split(text)), fault="slow_first_byte", delay=delay)

    @classmethod
    def broken_after(cls, text: str, chunks: int) -> Reply:
        return cls(chunks=tuple(_split(text)), fault="break", fault_after=chunks)

    @classmethod
    def invalid_json_after(cls, text: str, chunks: int) -> Reply:
        return cls(chunks=tuple(_split(text)), fault="invalid_json", fault_after=chunks)


def _split(text: str) -> list[str]:
    """Splits into word-sized chunks that join back to the exact text."""
    parts: list[str] = []
    for i, word in enumerate(text.split(" ")):
        parts.append(word if i == 0 else " " + word)
    return [p for p in parts if p] or [text]


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: Any


@dataclass
class _State:
    replies: deque[Reply] = field(default_factory=deque)
    default: Reply = field(default_factory=Reply)
    requests: list[RecordedRequest] = field(default_factory=list)
    models: list[str] = field(default_factory=lambda: ["test-modell"])
    ollama_models: list[str] | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)
    stopping: threading.Event = field(default_factory=threading.Event)
    # How many handlers currently hold a connection busy (for concurrency assertions).
    active: int = 0
    peak_active: int = 0


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # chunked transfer: a broken stream is detectable by clients
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        return

    def _record(self, body: Any) -> None:
        state = self.server.state
        with state.lock:
            state.requests.append(
                RecordedRequest(
                    self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body
                )
            )

    def _send_json(self, status: int, data: Any, headers: dict[str, str] | None = None) -> None:
        raw = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(raw)

    def do_GET(self) -> None:
        self._record(None)
        state = self.server.state
        if self.path.rstrip("/") == "/v1/models":
            data = [{"id": m, "object": "model", "owned_by": "test"} for m in state.models]
            self._send_json(200, {"object": "list", "data": data})
        elif self.path == "/api/tags" and state.ollama_models is not None:
            self._send_json(200, {"models": [{"name": m, "model": m} for m in state.ollama_models]})
        else:
            self._send_json(404, {"error": {"message": "not found"}})

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        try:
            body = json.loads(raw)
        except ValueError:
            body = raw.decode("utf-8", errors="replace")
        self._record(body)
        if self.path.rstrip("/") != "/v1/chat/completions" or not isinstance(body, dict):
            self._send_json(404, {"error": {"message": "not found"}})
            return
        state = self.server.state
        with state.lock:
            reply = state.replies.popleft() if state.replies else state.default
            state.active += 1
            state.peak_active = max(state.peak_active, state.active)
        try:
            self._answer(reply, body)
        finally:
            with state.lock:
                state.active -= 1

    def _answer(self, reply: Reply, body: dict[str, Any]) -> None:
        state = self.server.state
        if reply.delay and state.stopping.wait(reply.delay):
            return
        if reply.fault == "rate_limit":
            headers = {"Retry-After": reply.retry_after} if reply.retry_after else {}
            self._send_json(429, {"error": {"message": "Rate limit", "type": "rate"}}, headers)
            return
        if reply.fault == "http_error":
            error = {"message": reply.error_message, "type": "invalid_request_error"}
            self._send_json(reply.status, {"error": error})
            return
        model = body.get("model", "test-modell")
        if not body.get("stream"):
            self._send_json(200, _completion(model, reply.text, body))
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        completion_id = "chatcmpl-" + uuid.uuid4().hex[:12]
        for index, piece in enumerate(reply.chunks):
            if reply.fault in ("break", "invalid_json") and index == reply.fault_after:
                if reply.fault == "invalid_json":
                    self._event("{das ist kein json")
                    self._end_stream()
                else:
                    self._break_connection()
                return
            if index and reply.chunk_delay:
                time.sleep(reply.chunk_delay)
            self._event(json.dumps(_chunk(completion_id, model, {"content": piece})))
        self._event(json.dumps(_chunk(completion_id, model, {}, finish=reply.finish_reason)))
        if (body.get("stream_options") or {}).get("include_usage"):
            usage = _usage(body, reply.text)
            self._event(json.dumps(_chunk(completion_id, model, None, usage=usage)))
        self._event("[DONE]")
        self._end_stream()

    def _event(self, data: str) -> None:
        payload = f"data: {data}\n\n".encode()
        self.wfile.write(f"{len(payload):x}\r\n".encode() + payload + b"\r\n")
        self.wfile.flush()

    def _end_stream(self) -> None:
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def _break_connection(self) -> None:
        self.wfile.flush()
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)


def _chunk(
    completion_id: str,
    model: str,
    delta: dict[str, str] | None,
    *,
    finish: str | None = None,
    usage: dict[str, int] | None = None,
) -> dict[str, Any]:
    choices = [] if delta is None else [{"index": 0, "delta": delta, "finish_reason": finish}]
    data: dict[str, Any] = {
        "id": completion_id,
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": model,
        "choices": choices,
    }
    if usage is not None:
        data["usage"] = usage
    return data


def _usage(body: dict[str, Any], text: str) -> dict[str, int]:
    prompt_chars = sum(len(str(m.get("content", ""))) for m in body.get("messages", []))
    prompt, completion = max(1, prompt_chars // 4), max(1, len(text) // 4)
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
    }


def _completion(model: str, text: str, body: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": "chatcmpl-" + uuid.uuid4().hex[:12],
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}
        ],
        "usage": _usage(body, text),
    }


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # 100 concurrent streams must not be refused by the listen backlog
    state: _State

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients that time out or give up close their end; that is part of the scripted faults.
        return


class OpenAITestServer:
    """Start/stop a loopback OpenAI-compatible server; script replies; inspect requests."""

    def __init__(self) -> None:
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.state = _State()
        self._thread: threading.Thread | None = None

    @property
    def state(self) -> _State:
        return self._server.state

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def root_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def requests(self) -> list[RecordedRequest]:
        with self.state.lock:
            return list(self.state.requests)

    @property
    def chat_requests(self) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path.startswith("/v1/chat/completions")]

    def enqueue(self, *replies: Reply) -> None:
        with self.state.lock:
            self.state.replies.extend(replies)

    def set_default(self, reply: Reply) -> None:
        with self.state.lock:
            self.state.default = reply

    def start(self) -> OpenAITestServer:
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.state.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> OpenAITestServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def unused_port() -> int:
    """A loopback port where nothing listens (for "server down": connection refused)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
