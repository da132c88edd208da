"""A forwarding proxy on 127.0.0.1 that can lose answers after the server acted on a request.

It sits in front of an emulator: every request is forwarded and its answer relayed, except
the ones `drop` says to lose: those are forwarded (so the server does the work, e.g. creates
the document) and then the client's connection is closed without an answer. This is the
"answer lost after the server created the document" case a bulk run must survive.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import httpx
from _local_server import LocalHandler, LocalServer, serve_in_thread, shut_down

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length"}


class DropProxy:
    """`drop(method, path, n)` is asked for each request (`n` counts that method and path)."""

    def __init__(self, upstream: str, drop: Callable[[str, str, int], bool]) -> None:
        self.upstream = upstream.rstrip("/")
        self.drop = drop
        self.dropped = 0
        self._counts: dict[tuple[str, str], int] = {}
        self._lock = threading.Lock()
        self._http = httpx.Client(timeout=30)
        proxy = self

        class Handler(LocalHandler):
            def _relay(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                path = self.path.split("?", 1)[0]
                with proxy._lock:
                    n = proxy._counts.get((self.command, path), 0) + 1
                    proxy._counts[(self.command, path)] = n
                headers = {k: v for k, v in self.headers.items() if k.lower() != "host"}
                answer = proxy._http.request(
                    self.command, proxy.upstream + self.path, content=body, headers=headers
                )
                if proxy.drop(self.command, path, n):
                    with proxy._lock:
                        proxy.dropped += 1
                    self.close_connection = True  # the server acted; the client hears nothing
                    return
                self.send_response(answer.status_code)
                for key, value in answer.headers.items():
                    if key.lower() not in HOP_BY_HOP:
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(answer.content)))
                self.end_headers()
                self.wfile.write(answer.content)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _relay

        self.server = LocalServer(Handler)

    @property
    def url(self) -> str:
        """The proxy's origin; append the upstream's path (e.g. /v1)."""
        return f"http://127.0.0.1:{self.server.port}"


@contextmanager
def drop_proxy(upstream: str, drop: Callable[[str, str, int], bool]) -> Iterator[DropProxy]:
    """Serve a `DropProxy` in front of `upstream` (an origin) for the block."""
    proxy = DropProxy(upstream, drop)
    thread = serve_in_thread(proxy.server)
    try:
        yield proxy
    finally:
        shut_down(proxy.server)
        proxy._http.close()
        thread.join(5)
