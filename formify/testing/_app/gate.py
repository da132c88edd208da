"""ASGI middleware in front of the API: request log, rate limit, injected faults, bearer auth.

Every /v1 answer carries the X-RateLimit-* headers; everything except /oauth/* needs a live
bearer token. Control routes (/_emulator/...) and the authorize page pass straight through.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

import anyio
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from formify.testing._state.context import Context
from formify.testing._state.errors import language, render
from formify.testing._state.faults import Fault
from formify.testing._state.ratelimit import Quota

Operation = tuple[str, "re.Pattern[str]", str]


def compile_operations(table: Iterable[tuple[str, str, str]]) -> list[Operation]:
    """Turn (method, path template, operationId) rows into matchers of concrete /v1 paths."""
    out = []
    for method, template, operation in table:
        pattern = re.sub(r"\{[^/]+\}", "[^/]+", template)
        out.append((method, re.compile(f"^/v1{pattern}$"), operation))
    return out


class Gate:
    """The middleware; see the module docstring."""

    def __init__(self, app: ASGIApp, ctx: Context, operations: list[Operation]) -> None:
        self.app = app
        self.ctx = ctx
        self.operations = operations

    def _operation(self, method: str, path: str) -> str | None:
        for want, pattern, operation in self.operations:
            if want == method and pattern.match(path):
                return operation
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/v1/"):
            await self.app(scope, receive, send)
            return
        method, path = scope["method"], scope["path"]
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        lang = _query_language(scope)
        token = _bearer(headers.get("authorization", ""))
        quota = self.ctx.limiter.hit(token or "anonymous")
        logged: list[int] = []

        def log(status: int) -> None:
            # logged before the answer leaves, so a test that got it also sees it in the log
            if not logged:
                logged.append(status)
                self.ctx.log(method, path, status)

        async def send_logged(message: Message) -> None:
            if message["type"] == "http.response.start":
                log(message["status"])
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [
                    (k.lower().encode(), v.encode())
                    for k, v in quota.headers().items()
                    if k.lower().encode() not in present
                ]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        try:
            if not quota.allowed:
                await _reply(send_logged, 429, render("rate_limited", lang, seconds=quota.reset))
                return
            fault = self.ctx.faults.take(method, path, self._operation(method, path))
            if fault is not None:
                if fault.kind == "drop":
                    log(0)
                handled = await self._fault(fault, scope, receive, send, send_logged, lang)
                if handled:
                    return
            public = path.startswith("/v1/oauth/")
            if not public and (token is None or not self.ctx.tokens.valid(token)):
                await _reply(
                    send_logged,
                    401,
                    render("unauthorized", lang),
                    [(b"www-authenticate", b'Bearer error="invalid_token"')],
                )
                return
            await self.app(scope, receive, send_logged)
        finally:
            log(0)  # no answer was started (dropped, or the app failed before answering)

    async def _fault(
        self, fault: Fault, scope: Scope, receive: Receive, send: Send, send_logged: Send, lang: str
    ) -> bool:
        if fault.kind == "slow":
            await anyio.sleep(fault.delay)
            return False
        if fault.kind == "drop":
            await _drain(receive)
            _drop(send)
            return True
        extra: list[tuple[bytes, bytes]] = []
        if fault.status == 429:
            quota = Quota(False, self.ctx.limiter.limit, 0, fault.reset)
            extra = [(k.lower().encode(), v.encode()) for k, v in quota.headers().items()]
            message = render("rate_limited", lang, seconds=fault.reset)
        else:
            message = render("fault", lang)
        await _reply(send_logged, fault.status, message, extra)
        return True


def _bearer(value: str) -> str | None:
    scheme, _, token = value.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def _query_language(scope: Scope) -> str:
    from urllib.parse import parse_qs

    values = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("errorLanguage")
    return language(values[0] if values else None)


async def _reply(
    send: Send, status: int, message: str, headers: list[tuple[bytes, bytes]] | None = None
) -> None:
    body = json.dumps({"message": message}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                *(headers or []),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


async def _drain(receive: Receive) -> None:
    # read the whole request body first: a drop "after the server got the POST"
    while True:
        message = await receive()
        if message["type"] != "http.request" or not message.get("more_body", False):
            return


def _drop(send: Send) -> None:
    """Close the connection without an answer (uvicorn's h11 cycle exposes its transport)."""
    cycle: Any = getattr(send, "__self__", None)
    transport = getattr(cycle, "transport", None)
    if transport is None:
        raise ConnectionAbortedError("emulator: injected connection drop")
    transport.close()
    # uvicorn would otherwise answer 500 for a cycle that returned without a response
    cycle.disconnected = True
