"""Turning HTTP answers and httpx errors into our errors, in one place (API and OAuth paths).

`map_httpx_errors` / `send_failure` map a transport failure to `APIConnectionError` or
`APITimeoutError`; `make_api_error` maps an error status to its `APIError` subclass, with the
message found in the body; `unexpected_response` is the error for a status that is neither.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import httpx

from formify._exceptions import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    DownloadError,
    make_status_error,
)
from formify._explain import is_unusable_location, transport_failure
from formify._rate_limit import rate_limit_reset

__all__ = [
    "TRANSPORT_ERRORS",
    "make_api_error",
    "map_httpx_errors",
    "send_failure",
    "unexpected_response",
]

# What a send can raise that is the network's or the server's fault, never the caller's (an
# InvalidURL there comes from a redirect's Location; `send_failure` tells it apart).
TRANSPORT_ERRORS = (httpx.TransportError, httpx.DecodingError, httpx.InvalidURL)


def send_failure(method: str, url: httpx.URL | str, exc: BaseException) -> APIConnectionError:
    """Return the `APIConnectionError` (or `APITimeoutError`) for a send that raised `exc`.

    Its message names host, port and cause (`_explain`); it is caused by `exc`. A redirect
    whose `Location` httpx cannot use raises a `DownloadError` at once (only the signed-file
    call redirects, and another try would get the same answer); any other `InvalidURL` is
    raised as it is.
    """
    url = httpx.URL(url)
    where = f"{method} {url.path}"  # the path only: a query could carry a secret
    if isinstance(exc, httpx.InvalidURL | httpx.RemoteProtocolError) and is_unusable_location(exc):
        raise DownloadError(
            f"{where} redirected to an unusable storage URL (a Location that is no http(s) URL)"
        ) from exc
    if not isinstance(exc, httpx.HTTPError):
        raise exc
    kind = APITimeoutError if isinstance(exc, httpx.TimeoutException) else APIConnectionError
    error = kind(transport_failure(method, url, exc), method=method, url=where)
    error.__cause__ = exc  # what `raise ... from exc` would set
    error.__suppress_context__ = True
    return error


@contextmanager
def map_httpx_errors(method: str, url: httpx.URL | str) -> Iterator[None]:
    """Translate httpx transport failures into `APIConnectionError` / `APITimeoutError`."""
    try:
        yield
    except TRANSPORT_ERRORS as exc:
        raise send_failure(method, url, exc) from exc


def make_api_error(response: httpx.Response, *, hint: str | None = None) -> APIError:
    """Build the `APIError` subclass for an error response, with its message and body.

    `hint`, when given, is appended to the message (what the caller should probably check).
    """
    text = response.text
    try:
        body: Any = json.loads(text) if text else None
    except ValueError:
        body = text
    message = _error_message(body) or text.strip() or response.reason_phrase or "error"
    if hint is not None:
        message = f"{message} (hint: {hint})"
    retry_after = rate_limit_reset(response.headers) if response.status_code == 429 else None
    return make_status_error(
        response.status_code,
        message,
        body=body,
        headers=dict(response.headers),
        retry_after=retry_after,
    )


def _error_message(body: Any) -> str | None:
    if not isinstance(body, Mapping):
        return None
    for key in ("message", "error", "error_description"):
        if isinstance(body.get(key), str) and body[key]:
            if key == "error" and isinstance(body.get("error_description"), str):
                return f"{body['error']}: {body['error_description']}"
            return str(body[key])
    errors = body.get("errors")
    if isinstance(errors, list) and errors:
        return "; ".join(_describe(item) for item in errors)
    if isinstance(errors, Mapping) and errors:
        return "; ".join(f"{key}: {_describe(value)}" for key, value in errors.items())
    return None


def _describe(item: Any) -> str:
    if isinstance(item, Mapping):
        return str(item.get("message") or item.get("msg") or json.dumps(item, sort_keys=True))
    if isinstance(item, list):
        return ", ".join(_describe(part) for part in item)
    return str(item)


def unexpected_response(response: httpx.Response) -> APIError:
    """Return the error for a status that is neither a success nor an error (e.g. a 301)."""
    return APIError(
        response.status_code,
        f"unexpected {response.status_code} response to "
        f"{response.request.method} {response.request.url.path}",
        body=response.text,
        headers=dict(response.headers),
    )
