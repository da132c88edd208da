"""`Formify` and `AsyncFormify`: the clients users construct, and the only I/O they do.

Everything that is not I/O (construction, configuration, the retry decisions, request
building, parsing, error mapping) lives in `_base_client`, `_retries` and `_error_mapping`;
the two classes below only drive it, one with blocking calls and one with awaits.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from functools import cached_property
from types import TracebackType
from typing import TypeVar

import httpx

from formify._base_client import BaseClient
from formify._call import Call
from formify._error_mapping import TRANSPORT_ERRORS
from formify._modes import Async, AsyncRaw, Sync, SyncRaw
from formify._raw_response import AsyncRawResponse, RawResponse
from formify._resource_set import RawResources
from formify._retries import Done, Outcome, Sleep

__all__ = ["AsyncFormify", "Formify"]

T = TypeVar("T")


class _AsyncioSleep:
    """`asyncio.sleep`, imported on first use: only async code pays for importing asyncio."""

    def __get__(self, obj: object, owner: type | None = None) -> Callable[[float], Awaitable[None]]:
        import asyncio

        return asyncio.sleep


class Formify(BaseClient[httpx.Client, Sync]):
    """Synchronous client for the Formify API.

    Authorise with `access_token` (or the `FORMIFY_ACCESS_TOKEN` environment variable), or
    with `oauth` (an `OAuthApp`) and `token`, which is then refreshed as needed and saved to
    `token_store`. `http_client` lets you bring your own `httpx.Client` (proxies, mounts,
    certificates) and share one pool between many clients, one per account: it is never
    changed (base URL, auth and headers travel with each request, so each client sends only
    its own token), creating a client on it opens no connection, and it is not closed.
    `error_language` ("en", "sv" or "es"; "en" by default) is sent with every call that takes
    one, unless the call passes its own; `None` leaves the choice to the API.

    `timeout` defaults to connect 5 s, read 60 s, write 300 s (a number sets every phase).
    `max_retries` (2) bounds the retries; a 429 whose `X-RateLimit-Reset` is longer than
    `max_retry_wait` (60 s) raises `RateLimitError` (with `retry_after`) instead of waiting.
    `with_options(...)` gives a client with other settings on the same pool and token;
    `with_raw_response.<resource>.<method>(...)` gives the HTTP answer of any call.

    Resources (each call's docstring says more; `help(type(client.documents))`):

    - `client.files`: upload (a path, bytes or a binary file), merge, delete, fields
    - `client.documents`: create (signees: `formify.types.SigneeParam`), get, list, delete,
      revoke, remind, update_signees, history, fields, field_values, set_field_values,
      signed_file_url, download_signed_file
    - `client.templates`: list, get, fields
    - `client.webhooks`: register, list, get, delete, rotate_secret
    - `client.user`: get (the authorised user)
    - `client.account`: users
    """

    _http_class = httpx.Client
    _mode = Sync
    # Injectable, so that tests of the retry waits do not really sleep.
    _sleep: Callable[[float], None] = staticmethod(time.sleep)

    @cached_property
    def with_raw_response(self) -> RawResources[SyncRaw]:
        """Every call, returning a `RawResponse` (status, headers, rate limit, `.parse()`)."""
        return RawResources(self, SyncRaw)

    def _call(self, call: Call[T]) -> T:
        return self._finish(call, self._send(call))

    def _call_raw(self, call: Call[T]) -> RawResponse[T]:
        response = self._raise_for_error(self._send(call))
        return RawResponse(response, lambda: self._finish(call, response))

    def _send(self, call: Call[T]) -> httpx.Response:
        request = self._build_request(call.request_kwargs())
        flow = self._flow(request)
        step = next(flow)
        while not isinstance(step, Done):  # a Sleep gets None back, a send its outcome
            step = flow.send(self._wait(step) if step else self._attempt(request))
        return step.response

    def _wait(self, step: Sleep) -> Outcome:
        self._sleep(step.seconds)
        return None

    def _attempt(self, request: httpx.Request) -> Outcome:
        try:
            return self._http.send(request, auth=self._auth, follow_redirects=False)
        except TRANSPORT_ERRORS as exc:
            return exc

    def close(self) -> None:
        """Close the connections this client opened (not a caller's `http_client`)."""
        if self._root and self._owns_http:
            self._http.close()
        if self._root and self._storage is not None:
            self._storage.close()

    def __enter__(self) -> Formify:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncFormify(BaseClient[httpx.AsyncClient, Async]):
    """Asynchronous client for the Formify API; the same calls as `Formify`, awaited.

    `http_client` takes an `httpx.AsyncClient`. Close with `await client.aclose()` (or
    `await client.close()`), or use `async with`. The resources are those of `Formify`,
    their calls awaited (`list()` is iterated with `async for`):

    - `client.files`, `client.documents`, `client.templates`, `client.webhooks`,
      `client.user`, `client.account`
    """

    _http_class = httpx.AsyncClient
    _mode = Async
    _sleep: Callable[[float], Awaitable[None]] = _AsyncioSleep()  # type: ignore[assignment]

    @cached_property
    def with_raw_response(self) -> RawResources[AsyncRaw]:
        """Every call, returning an `AsyncRawResponse` (`await raw.parse()`)."""
        return RawResources(self, AsyncRaw)

    async def _call(self, call: Call[T]) -> T:
        return self._finish(call, await self._send(call))

    async def _call_raw(self, call: Call[T]) -> AsyncRawResponse[T]:
        response = self._raise_for_error(await self._send(call))

        async def parse() -> T:
            return self._finish(call, response)

        return AsyncRawResponse(response, parse)

    async def _send(self, call: Call[T]) -> httpx.Response:
        request = self._build_request(call.request_kwargs())
        flow = self._flow(request)
        step = next(flow)
        while not isinstance(step, Done):
            step = flow.send(await (self._sleep(step.seconds) if step else self._attempt(request)))
        return step.response

    async def _attempt(self, request: httpx.Request) -> Outcome:
        try:
            return await self._http.send(request, auth=self._auth, follow_redirects=False)
        except TRANSPORT_ERRORS as exc:
            return exc

    async def aclose(self) -> None:
        """Close the connections this client opened (not a caller's `http_client`)."""
        if self._root and self._owns_http:
            await self._http.aclose()
        if self._root and self._storage is not None:
            await self._storage.aclose()

    async def close(self) -> None:
        """Alias of `aclose`, awaitable."""
        await self.aclose()

    async def __aenter__(self) -> AsyncFormify:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()
