"""The pre-signed-URL storage host: a second ASGI app on its own origin, as cloud storage is.

A URL is ``{base}/bucket/{key}?X-Expires={unix}&X-Signature={hmac}``, valid for 10 minutes of
emulated time. Like real storage, the host refuses a request that carries any
``Authorization`` header (400) and an expired or altered signature (403), with XML bodies.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
import threading
from collections.abc import AsyncIterator
from urllib.parse import urlencode

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from formify.testing._clock import Clock

URL_LIFETIME = 600  # seconds, as the reference states for signed-file URLs
CHUNK = 64 * 1024


def _xml(status: int, code: str, message: str) -> Response:
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<Error><Code>{code}</Code><Message>{message}</Message></Error>"
    )
    return Response(body, status_code=status, media_type="application/xml")


class Storage:
    """Blobs by key, and the HMAC that signs their URLs."""

    def __init__(self, clock: Clock, base_url: str = "http://storage.invalid") -> None:
        self.clock = clock
        self.base_url = base_url.rstrip("/")
        self._key = secrets.token_bytes(32)
        self._blobs: dict[str, bytes] = {}
        self._lock = threading.Lock()
        self.requests: list[tuple[str, str, int, bool]] = []  # method, path, status, had auth

    def _signature(self, key: str, expires: int) -> str:
        return hmac.new(self._key, f"{key}\n{expires}".encode(), hashlib.sha256).hexdigest()

    def put(self, data: bytes, filename: str) -> str:
        """Store `data` and return a fresh pre-signed URL to it."""
        key = f"{secrets.token_hex(16)}/{filename}"
        with self._lock:
            self._blobs[key] = data
        # rounded up: a URL is good for at least the full 10 minutes, never a fraction less
        expires = math.ceil(self.clock.now()) + URL_LIFETIME
        query = urlencode({"X-Expires": expires, "X-Signature": self._signature(key, expires)})
        return f"{self.base_url}/bucket/{key}?{query}"

    def log(self, method: str, path: str, status: int, had_auth: bool) -> None:
        """Record one request to the storage host."""
        with self._lock:
            self.requests.append((method, path, status, had_auth))

    def logged(self) -> list[tuple[str, str, int, bool]]:
        """Return a copy of the request log: (method, path, status, had an Authorization)."""
        with self._lock:
            return list(self.requests)

    def reset(self) -> None:
        """Forget every blob and the request log."""
        with self._lock:
            self._blobs.clear()
            self.requests.clear()

    def check(self, request: Request, key: str) -> Response | bytes:
        """Return the blob for a valid request, else the refusal to send."""
        if "authorization" in request.headers:
            return _xml(
                400,
                "InvalidArgument",
                "Only one auth mechanism allowed; the query-string signature was given, so no "
                "Authorization header may be sent.",
            )
        try:
            expires = int(request.query_params.get("X-Expires", ""))
        except ValueError:
            return _xml(403, "AccessDenied", "Missing or malformed X-Expires.")
        given = request.query_params.get("X-Signature", "")
        if not hmac.compare_digest(given, self._signature(key, expires)):
            return _xml(403, "SignatureDoesNotMatch", "The request signature does not match.")
        if self.clock.now() > expires:
            return _xml(403, "AccessDenied", "Request has expired.")
        with self._lock:
            blob = self._blobs.get(key)
        if blob is None:
            return _xml(404, "NoSuchKey", "The specified key does not exist.")
        return blob


def create_storage_app(storage: Storage) -> Starlette:
    """Return the storage host as an ASGI app."""

    async def get_object(request: Request) -> Response:
        key = request.path_params["key"]
        found = storage.check(request, key)
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

    return Starlette(routes=[Route("/bucket/{key:path}", get_object, methods=["GET"])])
