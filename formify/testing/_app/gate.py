"""ASGI middleware in front of the API: request log, rate limit, injected faults, bearer auth.

Every /v1 answer carries the X-RateLimit-* headers; everything except /oauth/* needs a live
bearer token. Control routes (/_emulator/...) and the authorize page pass straight through.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

import anyio
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from formify.testing._app.guard import guarded, reply_json
from formify.testing._state.context import Context
from formify.testing._state.errors import language, render
from formify.testing._state.faults import Fault
from formify.testing._state.operations import Operation
from formify.testing._state.ratelimit import Quota


class Gate:
    """The middleware; see the module docstring."""

    def __init__(
        self, app: ASGIApp, ctx: Context, operations: list[Operation], *, dated: bool = False
    ) -> None:
        self.app = app
        self.ctx = ctx
        self.operations = operations
        self.date = ctx.clock.now if dated else None  # Date headers of the emulated clock

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if not scope["path"].startswith("/v1/"):
            await guarded(scope, send, lambda watched: self.app(scope, receive, watched), self.date)
            return
        # `send` itself goes along too: a dropped connection needs uvicorn's own send
        await guarded(
            scope, send, lambda watched: self._api(scope, receive, watched, send), self.date
        )

    async def _api(self, scope: Scope, receive: Receive, send: Send, raw_send: Send) -> None:
        method, path = scope["method"], scope["path"]
        lang = _query_language(scope)
        token = _bearer(_header(scope, b"authorization"))
        # a window per live token only: random or expired tokens share one, so a client
        # spraying tokens cannot make the emulator keep a window for each
        live = token if token is not None and self.ctx.tokens.valid(token) else None
        quota = self.ctx.limiter.hit(live or "anonymous")
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
                await reply_json(
                    send_logged, 429, render("rate_limited", lang, seconds=quota.reset)
                )
                return
            fault = self.ctx.faults.take(method, path)
            drop_after = fault is not None and fault.kind == "drop_after"
            if fault is not None and not drop_after:
                if fault.kind == "drop":
                    log(0)
                handled = await self._fault(fault, receive, raw_send, send_logged, lang)
                if handled:
                    return
            public = path.startswith("/v1/oauth/")
            if not public and live is None:
                await reply_json(
                    send_logged,
                    401,
                    render("unauthorized", lang),
                    [(b"www-authenticate", b'Bearer error="invalid_token"')],
                )
                return
            if drop_after:
                await self._answer_then_drop(scope, receive, raw_send, log)
                return
            await self.app(scope, receive, send_logged)
        finally:
            log(0)  # no answer was started (dropped, or the app failed before answering)

    async def _answer_then_drop(
        self, scope: Scope, receive: Receive, send: Send, log: Callable[[int], None]
    ) -> None:
        # the handler runs to the end (state changes, events fire); its answer is thrown away
        async def swallow(message: Message) -> None:
            if message["type"] == "http.response.start":
                log(message["status"])

        await self.app(scope, receive, swallow)
        _drop(send)

    async def _fault(
        self, fault: Fault, receive: Receive, raw_send: Send, send_logged: Send, lang: str
    ) -> bool:
        if fault.kind == "slow":
            await anyio.sleep(fault.delay)
            return False
        if fault.kind == "drop":
            await _drain(receive)
            _drop(raw_send)
            return True
        extra: list[tuple[bytes, bytes]] = []
        if fault.status == 429:
            quota = Quota(False, self.ctx.limiter.limit, 0, fault.reset)
            extra = [(k.lower().encode(), v.encode()) for k, v in quota.headers().items()]
            message = render("rate_limited", lang, seconds=fault.reset)
        else:
            message = render("fault", lang)
        await reply_json(send_logged, fault.status, message, extra)
        return True


def _header(scope: Scope, name: bytes) -> str:
    # the first header called `name` (lower case), without decoding every header
    for key, value in scope["headers"]:
        if key.lower() == name:
            return str(value.decode("latin-1"))
    return ""


def _bearer(value: str) -> str | None:
    scheme, _, token = value.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def _query_language(scope: Scope) -> str:
    query = scope.get("query_string", b"")
    if not query:
        return language(None)
    values = parse_qs(query.decode("latin-1")).get("errorLanguage")
    return language(values[0] if values else None)


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
