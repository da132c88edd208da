"""The pre-signed-URL storage host: a second ASGI app on its own origin, as cloud storage is.

Like real storage, the host refuses a request that carries any ``Authorization`` header (400)
and an expired or altered signature (403), with XML bodies.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route
from starlette.types import ASGIApp

from formify.testing._app.guard import Guard
from formify.testing._state.storage import Storage

CHUNK = 64 * 1024


def _xml(status: int, code: str, message: str) -> Response:
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<Error><Code>{code}</Code><Message>{message}</Message></Error>"
    )
    return Response(body, status_code=status, media_type="application/xml")


def _lookup(storage: Storage, request: Request, key: str) -> Response | bytes:
    if "authorization" in request.headers:
        return _xml(
            400,
            "InvalidArgument",
            "Only one auth mechanism allowed; the query-string signature was given, so no "
            "Authorization header may be sent.",
        )
    query = request.query_params
    found = storage.check(key, query.get("X-Expires", ""), query.get("X-Signature", ""))
    return found if isinstance(found, bytes) else _xml(*found)


def create_storage_app(storage: Storage, *, dated: bool = False) -> ASGIApp:
    """Return the storage host as an ASGI app (`dated`: Date headers of the emulated clock)."""

    async def get_object(request: Request) -> Response:
        key = request.path_params["key"]
        found = _lookup(storage, request, key)
        had_auth = "authorization" in request.headers
        if isinstance(found, Response):
            storage.log(request.method, request.url.path, found.status_code, had_auth)
            return found
        storage.log(request.method, request.url.path, 200, had_auth)

        async def chunks() -> AsyncIterator[bytes]:
            for start in range(0, len(found), CHUNK):
                yield found[start : start + CHUNK]

        return StreamingResponse(
            chunks(),
            media_type="application/pdf",
            headers={"Content-Length": str(len(found))},
        )

    app = Starlette(routes=[Route("/bucket/{key:path}", get_object, methods=["GET"])])
    return Guard(app, storage.clock.now if dated else None)
