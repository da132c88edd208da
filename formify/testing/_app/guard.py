"""Failures answer, connections stay: an unexpected exception is a JSON 500, kept alive.

uvicorn answers an app's exception itself with ``Connection: close``, so one emulator bug would
also cut a client's kept-alive connection and turn into a connection error on its next request.
A request cut short because the server stops gets a 503 saying so.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from email.utils import formatdate

from starlette.types import ASGIApp, Message, Receive, Scope, Send

_log = logging.getLogger("formify.testing")


async def reply_json(
    send: Send, status: int, message: str, headers: list[tuple[bytes, bytes]] | None = None
) -> None:
    """Answer ``{"message": message}`` with `status`."""
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


Clock = Callable[[], float]


async def guarded(
    scope: Scope, send: Send, call: Callable[[Send], Awaitable[None]], date: Clock | None = None
) -> None:
    """Run ``call(send)``; an exception is logged and, if nothing was answered yet, a 500.

    With `date` (a clock), every answer carries a ``Date`` header of that clock's time (for
    byte-stable recordings; uvicorn's own Date header is off then).
    """
    started = False

    async def watched(message: Message) -> None:
        nonlocal started
        if message["type"] == "http.response.start":
            started = True
            if date is not None:
                stamp = formatdate(date(), usegmt=True).encode()
                message = {**message, "headers": [*message.get("headers", []), (b"date", stamp)]}
        await send(message)

    try:
        await call(watched)
    except asyncio.CancelledError:
        # the server is stopping and cut this request short (a slow fault, a long-poll): say
        # so, instead of uvicorn's traceback and bare 500; the task ends here either way
        if not started:
            await reply_json(send, 503, "The emulator is stopping.", [(b"connection", b"close")])
    except Exception as exc:
        _log.exception("emulator: %s %s failed", scope.get("method"), scope.get("path"))
        if not started:
            await reply_json(send, 500, f"Internal error in the emulator: {type(exc).__name__}.")


class Guard:
    """ASGI middleware applying ``guarded`` to every HTTP request of `app`."""

    def __init__(self, app: ASGIApp, date: Clock | None = None) -> None:
        self.app = app
        self.date = date

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await guarded(scope, send, lambda watched: self.app(scope, receive, watched), self.date)
