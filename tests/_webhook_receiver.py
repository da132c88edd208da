"""A webhook endpoint on 127.0.0.1 for tests: records every delivery, answers from a script."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from typing import Any

import attrs
import httpx
from _local_server import LocalHandler, LocalServer, serve_in_thread, shut_down


@attrs.frozen
class Received:
    """One delivery as it arrived: headers (case-insensitive), raw body, monotonic arrival time."""

    headers: httpx.Headers
    body: bytes
    at: float

    @property
    def event(self) -> dict[str, Any]:
        """The parsed ``event`` object of the body."""
        return dict(json.loads(self.body)["event"])


class WebhookReceiver:
    """Answers each POST with the next of `statuses` (200 once they run out).

    `delay` holds every answer back that long; `on_request` is called with each delivery
    before it is answered. Use as a context manager: the server runs in a thread meanwhile.
    """

    def __init__(self, path: str = "/hook") -> None:
        self.statuses: list[int] = []
        self.delay = 0.0
        self.on_request: Callable[[Received], None] | None = None
        self.requests: list[Received] = []
        self.lock = threading.Condition()
        receiver = self

        class Handler(LocalHandler):
            protocol_version = "HTTP/1.0"  # one delivery per connection, as senders expect

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                received = Received(httpx.Headers(self.headers.items()), body, time.monotonic())
                with receiver.lock:
                    status = receiver.statuses.pop(0) if receiver.statuses else 200
                if receiver.on_request is not None:
                    receiver.on_request(received)
                if receiver.delay:
                    time.sleep(receiver.delay)
                with receiver.lock:
                    receiver.requests.append(received)
                    receiver.lock.notify_all()
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self._server = LocalServer(Handler)
        self._thread: threading.Thread | None = None
        self.url = f"http://127.0.0.1:{self._server.port}{path}"

    def wait_requests(self, count: int, timeout: float = 5.0) -> list[Received]:
        """Return the deliveries once at least `count` arrived; fail the test after `timeout`."""
        with self.lock:
            assert self.lock.wait_for(lambda: len(self.requests) >= count, timeout)
            return list(self.requests)

    def events(self) -> list[dict[str, Any]]:
        """The ``event`` object of every delivery, in arrival order."""
        with self.lock:
            return [received.event for received in self.requests]

    def __enter__(self) -> WebhookReceiver:
        self._thread = serve_in_thread(self._server)
        return self

    def __exit__(self, *exc: object) -> None:
        shut_down(self._server)
        if self._thread is not None:
            self._thread.join()
