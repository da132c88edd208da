"""What the storage host may be sent, and how to name its URL without the signature in it.

The pre-signed URL's query string is a bearer credential for the file, so every message and
log line uses `safe_url`, and error bodies are quoted through `excerpt`, which removes what
S3-style hosts echo back (the signature, the string that was signed, the access key id).
"""

from __future__ import annotations

import ipaddress
import re
from typing import TypeVar

import httpx

from formify._constants import USER_AGENT
from formify._exceptions import DownloadError

__all__ = [
    "check_storage_client",
    "check_storage_url",
    "excerpt",
    "resolve_location",
    "safe_url",
    "storage_client_for",
    "storage_request",
]

HttpT = TypeVar("HttpT", httpx.Client, httpx.AsyncClient)

_EXCERPT_CHARS = 200
# S3-style error bodies echo the signature and what was signed; never quote those.
_SECRET_ELEMENTS = re.compile(
    r"<(SignatureProvided|StringToSign|StringToSignBytes|CanonicalRequest|CanonicalRequestBytes"
    r"|AWSAccessKeyId|X-Amz-Credential)>.*?(</\1>|$)",
    re.DOTALL,
)
_LOOPBACK_NAMES = frozenset({"localhost"})


def _is_loopback(host: str) -> bool:
    if host.lower() in _LOOPBACK_NAMES or host.lower().endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def safe_url(url: httpx.URL) -> str:
    """Return `url` without its query string and user info: fit for messages and logs."""
    host = f"[{url.host}]" if ":" in url.host else url.host
    port = f":{url.port}" if url.port is not None else ""
    return f"{url.scheme}://{host}{port}{url.path}"


def check_storage_url(
    url: str | httpx.URL, *, api_base_url: str, came_from: httpx.URL | None
) -> httpx.URL:
    """Return `url` parsed if it is safe to fetch without credentials, else raise DownloadError.

    `came_from` is the URL whose redirect led here (None for the URL the API gave).
    """
    try:
        parsed = httpx.URL(url) if came_from is None else came_from.join(url)
    except (httpx.InvalidURL, TypeError) as exc:
        raise DownloadError("the storage URL is not a valid URL") from exc
    if parsed.scheme not in ("http", "https"):
        # the scheme alone is safe to name; the rest may hold the signature
        raise DownloadError(
            f"refusing a storage URL with scheme {parsed.scheme!r}: only http and https are used"
        )
    if not parsed.host:
        raise DownloadError(f"the storage URL has no host: {safe_url(parsed)}")
    if parsed.userinfo:
        raise DownloadError(f"refusing a storage URL that carries credentials: {safe_url(parsed)}")
    if parsed.scheme != "https" and not _is_loopback(parsed.host):
        if came_from is not None and came_from.scheme == "https":
            why = "a redirect from https may not downgrade to plain http"
        elif httpx.URL(api_base_url).scheme == "https":
            why = "the API is reached over https, so the storage URL must be https too"
        else:
            why = ""
        if why:
            raise DownloadError(
                f"refusing to fetch the signed file over plain http from {safe_url(parsed)}: {why}"
            )
    return parsed


def resolve_location(response: httpx.Response) -> str:
    """Return the absolute storage URL a signed-file redirect points at, or raise DownloadError.

    The `Location` is resolved against the API URL and must be a usable http(s) URL: a
    `javascript:`, `mailto:` or `data:` one (which httpx cannot even join) is refused here, by
    scheme only, as the rest may hold the signature.
    """
    location = response.headers.get("Location", "")
    try:
        url = response.url.join(location)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        scheme = location.split(":", 1)[0] if ":" in location else ""
        shown = f" (scheme {scheme[:20]!r})" if scheme.isascii() and scheme.isalpha() else ""
        raise DownloadError(f"the API redirected to an unusable storage URL{shown}") from exc
    if url.scheme not in ("http", "https") or not url.host:
        raise DownloadError(
            f"the API redirected to an unusable storage URL (scheme {url.scheme[:20]!r}): "
            "only http and https URLs with a host are fetched"
        )
    return str(url)


class _SharedTransport(httpx.BaseTransport):
    """The API client's transport, lent to the storage client: closing it is the owner's job."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self._inner = inner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self._inner.handle_request(request)

    def close(self) -> None:
        """Leave the lent transport open: the API client (or its caller) closes it."""


class _SharedAsyncTransport(httpx.AsyncBaseTransport):
    """The async twin of `_SharedTransport`."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self._inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        """Leave the lent transport open: the API client (or its caller) closes it."""


def storage_client_for(api: HttpT) -> HttpT:
    """Return a client for the storage host that goes out the way `api` does.

    It uses `api`'s transport and mounts (so a caller's proxy, certificates, custom
    transport or mounts apply to the download too, and the connection pool is shared) and its
    timeout, but none of its auth, headers, cookies or event hooks: the pre-signed URL is
    the only credential the storage host gets. Closing it leaves `api`'s transports open.
    """
    # httpx keeps the resolved transport (proxy and TLS settings live in it) and the mounts
    # (explicit ones and the environment's proxies) in these two attributes.
    transport = api._transport
    mounts = api._mounts
    if isinstance(api, httpx.Client):
        assert isinstance(transport, httpx.BaseTransport)
        return httpx.Client(
            transport=_SharedTransport(transport),
            mounts={
                pattern.pattern: _SharedTransport(t) if isinstance(t, httpx.BaseTransport) else None
                for pattern, t in mounts.items()
            },
            timeout=api.timeout,
            trust_env=False,  # the environment's proxies are already among the mounts
            follow_redirects=False,
        )
    assert isinstance(transport, httpx.AsyncBaseTransport)
    return httpx.AsyncClient(
        transport=_SharedAsyncTransport(transport),
        mounts={
            pattern.pattern: _SharedAsyncTransport(t)
            if isinstance(t, httpx.AsyncBaseTransport)
            else None
            for pattern, t in mounts.items()
        },
        timeout=api.timeout,
        trust_env=False,
        follow_redirects=False,
    )


def storage_request(url: httpx.URL, timeout: httpx.Timeout) -> httpx.Request:
    """Build the storage GET from scratch, so no client default header or cookie rides along."""
    # identity: Content-Length then counts the bytes we write, and nothing is re-encoded
    headers = {"Accept": "*/*", "Accept-Encoding": "identity", "User-Agent": USER_AGENT}
    # A request made by hand carries no timeout unless told (Client.send adds none): without
    # this, a stalled storage host would hold the download forever.
    return httpx.Request("GET", url, headers=headers, extensions={"timeout": timeout.as_dict()})


def check_storage_client(client: httpx.Client | httpx.AsyncClient) -> None:
    """Refuse a storage client that would add credentials of its own."""
    if client.auth is not None or "authorization" in client.headers:
        raise DownloadError("the storage client must carry no credentials")


def excerpt(body: bytes, url: httpx.URL) -> str:
    """Return the start of an error body, without anything that looks like the signature."""
    text = body.decode("utf-8", "replace")
    text = _SECRET_ELEMENTS.sub(r"<\1>[REDACTED]</\1>", text)
    for _, value in url.params.multi_items():
        if len(value) >= 4:
            text = text.replace(value, "[REDACTED]")
    text = " ".join(text.split())
    return text[:_EXCERPT_CHARS] + ("..." if len(text) > _EXCERPT_CHARS else "")
