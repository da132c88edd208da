"""The one base every test HTTP server builds on: 127.0.0.1, threads, quiet, fast.

`LocalServer` is a `ThreadingHTTPServer` on a free port of 127.0.0.1 with a large listen
queue (bursts of concurrent clients are not refused), daemon threads and no traceback for a
client that hung up; `LocalHandler` speaks HTTP/1.1 with Nagle off (headers and body go out
in separate writes; with Nagle on, a kept-alive connection waits ~40 ms for the client's
delayed ACK on every request) and logs nothing. `serve_in_thread(server)` serves it,
`shut_down(server)` stops it.
"""

from __future__ import annotations

import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

__all__ = ["LocalHandler", "LocalServer", "serve_in_thread", "shut_down"]


class LocalHandler(BaseHTTPRequestHandler):
    """Base request handler: HTTP/1.1 keep-alive, Nagle off, no access log."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:
        pass


class LocalServer(ThreadingHTTPServer):
    """A threaded server on a free port of 127.0.0.1 (or another loopback `host`)."""

    request_queue_size = 128
    daemon_threads = True

    def __init__(self, handler: type[BaseHTTPRequestHandler], host: str = "127.0.0.1") -> None:
        super().__init__((host, 0), handler)

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients that time out or drop on purpose leave broken pipes; they are not errors.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


def serve_in_thread(server: LocalServer) -> threading.Thread:
    """Serve `server` on a daemon thread; return the thread."""
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    return thread


def shut_down(server: LocalServer) -> None:
    """Stop serving and close the listening socket."""
    server.shutdown()
    server.server_close()
