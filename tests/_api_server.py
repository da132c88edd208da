"""A scriptable HTTP server on 127.0.0.1 for tests that cross HTTP.

Each test queues the replies it wants (status, JSON or bytes, headers), or tells the server to
drop the connection after reading a request's body; the server records every request it saw.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import socket
import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from _local_server import LocalHandler, LocalServer, serve_in_thread, shut_down
from python_multipart.multipart import MultipartParser, parse_options_header


@dataclass
class Reply:
    """What the server does with the next request."""

    status: int = 200
    json: Any = None
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    drop: bool = False  # read the request, then close the connection without answering
    delay: float = 0.0  # seconds to wait before answering
    hold: threading.Event | None = None  # answer only once this is set (10 s at most)


@dataclass
class Seen:
    """A request as the server received it."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    size: int = 0
    sha256: str = ""

    def json(self) -> Any:
        return json.loads(self.body)

    def form(self) -> dict[str, bytes]:
        """Parse a multipart/form-data body the way a standards-following server does."""
        return parse_multipart(self.headers["content-type"], self.body)


def parse_multipart(content_type: str, body: bytes) -> dict[str, bytes]:
    _, options = parse_options_header(content_type)
    boundary = options[b"boundary"]
    parts: dict[str, bytes] = {}
    state: dict[str, Any] = {}

    def on_part_begin() -> None:
        state.update(name=None, header_field=b"", header_value=b"", data=bytearray())

    def on_header_field(data: bytes, start: int, end: int) -> None:
        state["header_field"] += data[start:end]

    def on_header_value(data: bytes, start: int, end: int) -> None:
        state["header_value"] += data[start:end]

    def on_header_end() -> None:
        if state["header_field"].lower() == b"content-disposition":
            _, disp = parse_options_header(state["header_value"])
            state["name"] = disp[b"name"].decode()
        state["header_field"], state["header_value"] = b"", b""

    def on_part_data(data: bytes, start: int, end: int) -> None:
        state["data"] += data[start:end]

    def on_part_end() -> None:
        parts[state["name"]] = bytes(state["data"])

    parser = MultipartParser(
        boundary,
        {
            "on_part_begin": on_part_begin,
            "on_header_field": on_header_field,
            "on_header_value": on_header_value,
            "on_header_end": on_header_end,
            "on_part_data": on_part_data,
            "on_part_end": on_part_end,
        },
    )
    parser.write(body)
    parser.finalize()
    return parts


class APIServer:
    """A threaded HTTP server; `url` is its base URL (…/v1); replies are served in order."""

    def __init__(self) -> None:
        self.replies: deque[Reply] = deque()
        self.default = Reply(200, json={})
        self.seen: list[Seen] = []
        self.keep_bodies = True  # False: record only size and sha256 (memory tests)
        self._lock = threading.Lock()
        server = self

        class Handler(LocalHandler):
            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                digest = hashlib.sha256()
                body, remaining = bytearray(), length
                while remaining:  # in chunks, so a big upload need not sit in memory here
                    chunk = self.rfile.read(min(remaining, 1 << 16))
                    if not chunk:
                        break
                    remaining -= len(chunk)
                    digest.update(chunk)
                    if server.keep_bodies:
                        body += chunk
                with server._lock:
                    server.seen.append(
                        Seen(
                            self.command,
                            self.path,
                            {k.lower(): v for k, v in self.headers.items()},
                            bytes(body),
                            size=length - remaining,
                            sha256=digest.hexdigest(),
                        )
                    )
                    reply = server.replies.popleft() if server.replies else server.default
                if reply.delay:
                    time.sleep(reply.delay)
                if reply.hold is not None:
                    reply.hold.wait(10)
                if reply.drop:
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                payload = reply.body
                headers = dict(reply.headers)
                if payload is None and reply.json is not None:
                    payload = json.dumps(reply.json).encode()
                    headers.setdefault("Content-Type", "application/json")
                payload = payload or b""
                self.send_response(reply.status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle

        self._server = LocalServer(Handler)
        self._thread = serve_in_thread(self._server)

    @property
    def port(self) -> int:
        return self._server.port

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def queue(self, *replies: Reply) -> None:
        self.replies.extend(replies)

    def close(self) -> None:
        shut_down(self._server)


def running() -> Iterator[APIServer]:
    """Body of each test module's `api` fixture: a fresh server, closed afterwards."""
    server = APIServer()
    try:
        yield server
    finally:
        server.close()


_RESERVED: list[socket.socket] = []


def closed_port() -> int:
    """A port on 127.0.0.1 with nothing listening (connections are refused).

    The socket stays bound, never listening, until the process exits: closed, it would free
    the port for a server of this or a parallel test run to take, and the request meant to be
    refused would reach that server instead.
    """
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    if not _RESERVED:
        atexit.register(lambda: [s.close() for s in _RESERVED])
    _RESERVED.append(sock)
    return int(sock.getsockname()[1])
