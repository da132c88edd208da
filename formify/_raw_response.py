"""What `client.with_raw_response.<resource>.<method>(...)` returns: the answer, parsed later.

An error status still raises the mapped `APIError`, as the plain call does; a success gives
its status, headers and rate limit, and `.parse()` gives what the plain call returns.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

import httpx

from formify._rate_limit import RateLimit, parse_rate_limit

__all__ = ["AsyncRawResponse", "RawResponse"]

T = TypeVar("T")


class _Raw:
    def __init__(self, response: httpx.Response) -> None:
        self.http_response = response

    @property
    def status_code(self) -> int:
        """The HTTP status of the answer."""
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        """The answer's headers."""
        return self.http_response.headers

    @property
    def rate_limit(self) -> RateLimit | None:
        """The `X-RateLimit-*` headers of this answer (None when it carries none)."""
        return parse_rate_limit(self.http_response.headers)

    def __repr__(self) -> str:
        # The path only: no query, no header (nothing that could carry a secret).
        request = self.http_response.request
        return f"<{type(self).__name__} [{self.status_code}] {request.method} {request.url.path}>"


class RawResponse(_Raw, Generic[T]):
    """A call's HTTP answer; `.parse()` returns what the plain call returns."""

    def __init__(self, response: httpx.Response, parse: Callable[[], T]) -> None:
        super().__init__(response)
        self._parse = parse

    def parse(self) -> T:
        """Return what the plain call returns (a model, a value or a pager)."""
        return self._parse()


class AsyncRawResponse(_Raw, Generic[T]):
    """The async form of `RawResponse`: `await raw.parse()`."""

    def __init__(self, response: httpx.Response, parse: Callable[[], Awaitable[T]]) -> None:
        super().__init__(response)
        self._parse = parse

    async def parse(self) -> T:
        """Return what the plain call returns, awaited."""
        return await self._parse()
