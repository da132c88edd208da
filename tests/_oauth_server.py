"""A local OAuth token server on 127.0.0.1 for the OAuth tests, modelled on Formify's.

It issues short-lived access tokens, rotates refresh tokens (a spent refresh token gets
400 invalid_grant), answers revocations, counts calls to the token endpoint and serves a
protected `/v1/ping` that answers 401 for unknown, revoked or expired access tokens. Every
event (token issued, ping seen) is appended to `events`, in order, for ordering tests.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

from _local_server import LocalHandler, LocalServer, serve_in_thread, shut_down

CLIENT_ID = "client-123"
CLIENT_SECRET = "secret-client-value-0123456789"
REDIRECT_URI = "https://example.com/callback"


class OAuthServer:
    """State of the token server; tests read and tweak it between requests."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.codes: dict[str, str] = {}  # authorization code -> scope
        self.access: dict[str, float] = {}  # access token -> expiry (time.time())
        self.refresh: set[str] = set()  # live refresh tokens
        self.token_calls = 0
        self.revoke_calls = 0
        self.pings = 0
        self.expires_in = 3600
        self.token_delay = 0.0  # seconds the token endpoint takes: lets concurrent callers pile up
        self.forms: list[dict[str, str]] = []  # every form posted to /oauth/token or /oauth/revoke
        self.events: list[tuple[str, str]] = []  # ("issued", access) / ("ping", access)
        self.port = 0

    @property
    def base_url(self) -> str:
        """The API base URL, `/v1` included."""
        return f"http://127.0.0.1:{self.port}/v1"

    def new_code(self, scope: str = "read,write") -> str:
        """Make an authorization code, as the consent page would."""
        code = "code-" + secrets.token_urlsafe(12)
        self.codes[code] = scope
        return code

    def issue(self, expires_in: float | None = None) -> dict[str, Any]:
        """Issue a token pair (as the token endpoint would) without counting a call."""
        with self.lock:
            return self._issue(self.expires_in if expires_in is None else expires_in)

    def _issue(self, expires_in: float, scope: str = "read,write") -> dict[str, Any]:
        access = "at-" + secrets.token_urlsafe(16)
        refresh = "rt-" + secrets.token_urlsafe(16)
        self.access[access] = time.time() + expires_in
        self.refresh.add(refresh)
        self.events.append(("issued", access))
        return {
            "access_token": access,
            "expires_in": expires_in,
            "refresh_token": refresh,
            "token_type": "Bearer",
            "scope": scope,
        }

    def token_endpoint(self, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        """Answer a POST /oauth/token."""
        if self.token_delay:
            time.sleep(self.token_delay)
        with self.lock:
            self.token_calls += 1
            self.forms.append(form)
            if form.get("client_id") != CLIENT_ID or form.get("client_secret") != CLIENT_SECRET:
                return 401, {"error": "invalid_client", "error_description": "Unknown client."}
            grant = form.get("grant_type")
            if grant == "authorization_code":
                scope = self.codes.pop(form.get("code", ""), None)
                if scope is None or form.get("redirect_uri") != REDIRECT_URI:
                    return 400, {
                        "error": "invalid_grant",
                        "error_description": "The authorization code is invalid or used.",
                    }
                return 200, self._issue(self.expires_in, scope)
            if grant == "refresh_token":
                refresh = form.get("refresh_token", "")
                if refresh not in self.refresh:
                    return 400, {
                        "error": "invalid_grant",
                        "error_description": "The refresh token is invalid or expired.",
                    }
                self.refresh.discard(refresh)  # rotation: a refresh token works once
                return 200, self._issue(self.expires_in)
            return 400, {"error": "unsupported_grant_type"}

    def revoke_endpoint(self, form: dict[str, str]) -> int:
        """Answer a POST /oauth/revoke: 200 when the token was live, else 400."""
        with self.lock:
            self.revoke_calls += 1
            self.forms.append(form)
            token = form.get("token", "")
            if token in self.refresh:
                self.refresh.discard(token)
                return 200
            if token in self.access:
                del self.access[token]
                return 200
            return 400

    def ping(self, authorization: str | None) -> int:
        """Answer GET /v1/ping: 200 for a live access token, else 401."""
        with self.lock:
            self.pings += 1
            token = (authorization or "").removeprefix("Bearer ")
            self.events.append(("ping", token))
            expiry = self.access.get(token)
            return 200 if expiry is not None and expiry > time.time() else 401


def _handler(state: OAuthServer) -> type[BaseHTTPRequestHandler]:
    class Handler(LocalHandler):
        def _form(self) -> dict[str, str]:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode()
            return {key: values[0] for key, values in parse_qs(raw).items()}

        def _answer(self, status: int, body: Any = None) -> None:
            data = b"" if body is None else json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self) -> None:
            form = self._form()
            if self.path == "/v1/oauth/token":
                self._answer(*state.token_endpoint(form))
            elif self.path == "/v1/oauth/revoke":
                status = state.revoke_endpoint(form)
                self._answer(status, None if status == 200 else {"error": "invalid_token"})
            else:
                self._answer(404, {"message": "not found"})

        def do_GET(self) -> None:
            path = urlsplit(self.path).path
            if path == "/v1/ping":
                status = state.ping(self.headers.get("Authorization"))
                self._answer(status, {"ok": True} if status == 200 else {"message": "Unauthorized"})
            elif path == "/v1/user":
                status = state.ping(self.headers.get("Authorization"))
                body = {"userId": "u1", "emailAddress": "a@example.com"}
                self._answer(status, body if status == 200 else {"message": "Unauthorized"})
            else:
                self._answer(404, {"message": "not found"})

    return Handler


@contextmanager
def running() -> Iterator[OAuthServer]:
    """Serve a fresh `OAuthServer` on a free port of 127.0.0.1 for the duration."""
    state = OAuthServer()
    server = LocalServer(_handler(state))
    state.port = server.port
    thread = serve_in_thread(server)
    try:
        yield state
    finally:
        shut_down(server)
        thread.join()
