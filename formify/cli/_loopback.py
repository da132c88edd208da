"""The loopback redirect of ``auth login``: one HTTP server on 127.0.0.1 that waits for the code.

RFC 8252 (OAuth for native apps): the browser is redirected to ``http://127.0.0.1:PORT/callback``
with ``code`` and ``state``; anything else the browser asks for (a favicon) gets a 404.
"""

from __future__ import annotations

import html
import queue
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

CALLBACK_PATH = "/callback"


class _Handler(BaseHTTPRequestHandler):
    server: LoopbackReceiver

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        if parts.path != CALLBACK_PATH:
            self._page(404, "Not found", "This is the formify command line's login page.")
            return
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        if "code" in query:
            self._page(200, "Logged in", "You can close this tab and go back to the terminal.")
        else:
            reason = query.get("error", "no code in the redirect")
            self._page(400, "Login failed", f"The authorization was not given ({reason}).")
        self.server.answers.put(query)

    def _page(self, status: int, title: str, text: str) -> None:
        body = (
            f"<!doctype html><meta charset='utf-8'><title>{html.escape(title)}</title>"
            f"<h1>{html.escape(title)}</h1><p>{html.escape(text)}</p>"
        ).encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Stay quiet: the request line carries the authorization code."""


class LoopbackReceiver(ThreadingHTTPServer):
    """The redirect URI's server; serve it with ``_serving.serving`` while the user logs in."""

    daemon_threads = True

    def __init__(self, port: int = 0) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.answers: queue.Queue[dict[str, str]] = queue.Queue()

    @property
    def redirect_uri(self) -> str:
        """The redirect URI to register and send, ``http://127.0.0.1:PORT/callback``."""
        return f"http://127.0.0.1:{self.server_address[1]}{CALLBACK_PATH}"

    def wait(self, timeout: float) -> dict[str, str] | None:
        """Return the redirect's query (``code``, ``state`` or ``error``); None on timeout."""
        try:
            return self.answers.get(timeout=timeout)
        except queue.Empty:
            return None
