"""The relay of ``formify listen``: takes each delivery on 127.0.0.1 and hands it to a forwarder."""

from __future__ import annotations

from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# not relayed: they describe the hop, not the delivery (httpx sets its own)
_HOP_HEADERS = frozenset(
    {"host", "content-length", "connection", "keep-alive", "transfer-encoding", "te", "upgrade"}
)


class Relay(ThreadingHTTPServer):
    """Answers each POST with the status `forward(body, headers)` returns."""

    daemon_threads = True

    def __init__(self, port: int, forward: Callable[[bytes, list[tuple[str, str]]], int]) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.forward = forward


class _Handler(BaseHTTPRequestHandler):
    server: Relay
    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        headers = [(k, v) for k, v in self.headers.items() if k.lower() not in _HOP_HEADERS]
        status = self.server.forward(body, headers)
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        """Stay quiet: `listen` prints its own line per event."""
