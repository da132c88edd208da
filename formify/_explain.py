"""Words for errors that say why: what a transport failure was, where it went, what to check.

The send loop and the error mapping call these so that a message carries its cause: a dead
port and an unknown host no longer both read "ConnectError", a write that was deliberately
not sent again says it may have reached the server, and a 404 from a base URL without `/v1`
says what is probably wrong.
"""

from __future__ import annotations

import os

import httpx

__all__ = ["base_url_hint", "is_unusable_location", "not_retried", "transport_failure"]

_MAX_CAUSE_CHARS = 200


def _where(url: httpx.URL) -> str:
    """Return `host:port` of `url` (the scheme's default port when none is written)."""
    host = f"[{url.host}]" if ":" in url.host else url.host
    port = url.port or {"https": 443, "http": 80}.get(url.scheme)
    return f"{host}:{port}" if port else host


def _cause(exc: BaseException) -> str:
    """Return the root reason of `exc` in words (`Connection refused`, `Name or service ...`).

    The deepest `OSError` with an errno in the chain says it best: the async stack reports
    "All connection attempts failed" and keeps `ConnectionRefusedError` underneath.
    """
    text = " ".join(str(exc).split())
    inner: BaseException | None = exc
    seen = 0
    while inner is not None and seen < 10:  # bounded: a chain could loop
        if isinstance(inner, OSError) and inner.strerror:
            # asyncio words a refusal "Connect call failed (...)": the errno's own words are
            # the same on every stack (not for resolver errors, whose numbers are negative)
            number = inner.errno
            words = os.strerror(number) if number is not None and number > 0 else inner.strerror
            text = f"[Errno {inner.errno}] {words}"
        inner = inner.__cause__ or inner.__context__
        seen += 1
    text = text or "no further detail"
    return text if len(text) <= _MAX_CAUSE_CHARS else text[: _MAX_CAUSE_CHARS - 3] + "..."


def transport_failure(method: str, url: httpx.URL, exc: httpx.HTTPError) -> str:
    """Return the message for a request that got no answer: what, to where, and why.

    Names the path only (a query could hold a secret), the host and port, httpx's class of
    failure and its cause, e.g. `GET /v1/user failed: could not connect to 127.0.0.1:9
    (ConnectError: [Errno 111] Connection refused)`.
    """
    what = f"{method} {url.path}"
    where = _where(url)
    kind = type(exc).__name__
    if isinstance(exc, httpx.TimeoutException):
        return f"{what} to {where} timed out ({kind}: {_cause(exc)})"
    if isinstance(exc, httpx.ConnectError):
        return f"{what} failed: could not connect to {where} ({kind}: {_cause(exc)})"
    return f"{what} to {where} failed ({kind}: {_cause(exc)})"


def not_retried(method: str) -> str:
    """Return the sentence added to a failed write that was deliberately not sent again."""
    return (
        f"the {method} was not sent again, because the server may have received it and acted "
        "on it: check its state (e.g. list or get) before repeating it"
    )


def base_url_hint(base_url: str) -> str | None:
    """Return a hint for a 404 when `base_url` does not end in the API's `/v1`, else None."""
    path = httpx.URL(base_url).path.rstrip("/")
    if path.endswith("/v1"):
        return None
    return (
        f"the client's base_url {base_url!r} does not end in /v1, where the API lives; "
        "did you mean " + repr(base_url.rstrip("/") + "/v1") + "?"
    )


def is_unusable_location(exc: Exception) -> bool:
    """Say whether httpx failed on a redirect's `Location` (not on the connection).

    At send time httpx raises `InvalidURL` only while resolving a redirect's `Location`
    (`mailto:x`, `javascript:...`), and a `RemoteProtocolError` that says so for one it
    cannot parse at all (`http://[::1`).
    """
    if isinstance(exc, httpx.InvalidURL):
        return True
    return isinstance(exc, httpx.RemoteProtocolError) and str(exc).startswith(
        "Invalid URL in location header"
    )
