"""The pre-signed-URL storage's records: blobs by key and the HMAC that signs their URLs.

A URL is ``{base}/bucket/{key}?X-Expires={unix}&X-Signature={hmac}``, valid for 10 minutes of
emulated time. The storage host (``_app.storage``) serves them on its own origin.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
import threading
from urllib.parse import urlencode

from formify.testing._state.clock import Clock

URL_LIFETIME = 600  # seconds, as the reference states for signed-file URLs

#: A refusal: HTTP status, S3-style error code, message.
Refusal = tuple[int, str, str]


class Storage:
    """Blobs by key, and the HMAC that signs their URLs."""

    def __init__(
        self, clock: Clock, base_url: str = "http://storage.invalid", key: bytes | None = None
    ) -> None:
        self.clock = clock
        self.base_url = base_url.rstrip("/")
        self._key = secrets.token_bytes(32) if key is None else key  # signs the URLs
        self._blobs: dict[str, bytes] = {}
        self._until: dict[str, int] = {}  # key -> when its newest URL expires
        self._lock = threading.Lock()
        self.requests: list[tuple[str, str, int, bool]] = []  # method, path, status, had auth

    def _signature(self, key: str, expires: int) -> str:
        return hmac.new(self._key, f"{key}\n{expires}".encode(), hashlib.sha256).hexdigest()

    def put(self, data: bytes, filename: str) -> str:
        """Store `data` and return a fresh pre-signed URL to it."""
        # keyed by content: asking again for the same file's URL stores no second copy
        key = f"{hashlib.sha256(data).hexdigest()[:32]}/{filename}"
        now = self.clock.now()
        # rounded up: a URL is good for at least the full 10 minutes, never a fraction less
        expires = math.ceil(now) + URL_LIFETIME
        with self._lock:
            # a blob whose every URL has expired can never be fetched again: let it go
            for old in [k for k, until in self._until.items() if until < now]:
                del self._blobs[old], self._until[old]
            self._blobs[key] = data
            self._until[key] = expires
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
            self._until.clear()
            self.requests.clear()

    def __len__(self) -> int:
        """How many blobs are held."""
        with self._lock:
            return len(self._blobs)

    def check(self, key: str, expires: str, signature: str) -> bytes | Refusal:
        """Return the blob for a valid signed URL's parts, else the refusal to send."""
        try:
            expiry = int(expires)
        except ValueError:
            return (403, "AccessDenied", "Missing or malformed X-Expires.")
        expected = self._signature(key, expiry).encode()
        # bytes: compare_digest refuses a str with non-ASCII characters (TypeError)
        if not hmac.compare_digest(signature.encode("utf-8", "replace"), expected):
            return (403, "SignatureDoesNotMatch", "The request signature does not match.")
        if self.clock.now() > expiry:
            return (403, "AccessDenied", "Request has expired.")
        with self._lock:
            blob = self._blobs.get(key)
        if blob is None:
            return (404, "NoSuchKey", "The specified key does not exist.")
        return blob
