"""`Formify` and `AsyncFormify`: the clients users construct, and the only I/O they do.

Everything that is not I/O (configuration, the retry decisions, request building, parsing,
error mapping) lives in `_base_client`; the two classes below only drive it, one with
blocking calls and one with awaits.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar

import httpx

from formify._base_client import (
    BaseClient,
    Call,
    Outcome,
    Sleep,
    build_request,
    map_httpx_errors,
)
from formify._constants import (
    DEFAULT_ERROR_LANGUAGE,
    DEFAULT_MAX_RETRIES,
    DEFAULT_MAX_RETRY_WAIT,
)
from formify._exceptions import APIConnectionError
from formify._lazy import lazy_resource

if TYPE_CHECKING:
    # resources load on first use (formify._lazy): a first call imports only what it needs
    from formify._oauth import OAuthApp
    from formify._tokens import Token, TokenStore
    from formify.resources.account import Account, AsyncAccount
    from formify.resources.documents import AsyncDocuments, Documents
    from formify.resources.files import AsyncFiles, Files
    from formify.resources.templates import AsyncTemplates, Templates
    from formify.resources.user import AsyncUser, User
    from formify.resources.webhooks import AsyncWebhooks, Webhooks

__all__ = ["AsyncFormify", "Formify"]

T = TypeVar("T")


class Formify(BaseClient[httpx.Client]):
    """Synchronous client for the Formify API.

    Authorise with `access_token` (or the `FORMIFY_ACCESS_TOKEN` environment variable), or
    with `oauth` (an `OAuthApp`) and `token`, which is then refreshed as needed and saved to
    `token_store`. `http_client` lets you bring your own `httpx.Client` (proxies, mounts,
    certificates): the client sets its base URL, auth and default headers on it, and does not
    close it. `error_language` ("en", "sv" or "es"; "en" by default) is sent with every call
    that takes one, unless the call passes its own; `None` leaves the choice to the API.

    `timeout` defaults to connect 5 s, read 60 s, write 300 s (a number sets every phase).
    `max_retries` (2) bounds the retries; a 429 whose `X-RateLimit-Reset` is longer than
    `max_retry_wait` (60 s) raises `RateLimitError` (with `retry_after`) instead of waiting.
    """

    files: lazy_resource[Files] = lazy_resource("files", "Files")
    documents: lazy_resource[Documents] = lazy_resource("documents", "Documents")
    templates: lazy_resource[Templates] = lazy_resource("templates", "Templates")
    account: lazy_resource[Account] = lazy_resource("account", "Account")
    user: lazy_resource[User] = lazy_resource("user", "User")
    webhooks: lazy_resource[Webhooks] = lazy_resource("webhooks", "Webhooks")

    _http_class = httpx.Client

    def __init__(
        self,
        access_token: str | None = None,
        *,
        oauth: OAuthApp | None = None,
        token: Token | None = None,
        token_store: TokenStore | None = None,
        on_token_refresh: Callable[[Token], object] | None = None,
        base_url: str | None = None,
        error_language: str | None = DEFAULT_ERROR_LANGUAGE,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int = DEFAULT_MAX_RETRIES,
        max_retry_wait: float = DEFAULT_MAX_RETRY_WAIT,
        http_client: httpx.Client | None = None,
    ) -> None:
        super().__init__(
            access_token=access_token,
            oauth=oauth,
            token=token,
            token_store=token_store,
            on_token_refresh=on_token_refresh,
            base_url=base_url,
            error_language=error_language,
            timeout=timeout,
            max_retries=max_retries,
            max_retry_wait=max_retry_wait,
            http_client=http_client,
        )
        # Injectable, so that tests of the retry waits do not really sleep.
        self._sleep: Callable[[float], None] = time.sleep

    def _call(self, call: Call[T]) -> T:
        return self._finish(call, self._send(call.request_kwargs()))

    def _send(self, kwargs: dict[str, Any]) -> httpx.Response:
        request = build_request(self._http, kwargs)
        flow = self._flow(request)
        outcome: Outcome = None
        while True:
            try:
                action = flow.send(outcome)
            except StopIteration as stop:
                return stop.value  # type: ignore[no-any-return]
            outcome = None
            if isinstance(action, Sleep):
                self._sleep(action.seconds)
                continue
            try:
                with map_httpx_errors(request.method, request.url):
                    outcome = self._http.send(request, follow_redirects=False)
            except APIConnectionError as exc:
                outcome = exc

    def close(self) -> None:
        """Close the connections this client opened (not a caller's `http_client`)."""
        if self._owns_http:
            self._http.close()
        if self._storage is not None:
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


class AsyncFormify(BaseClient[httpx.AsyncClient]):
    """Asynchronous client for the Formify API; the same calls as `Formify`, awaited.

    `http_client` takes an `httpx.AsyncClient`. Close with `await client.aclose()` (or
    `await client.close()`), or use `async with`.
    """

    files: lazy_resource[AsyncFiles] = lazy_resource("files", "AsyncFiles")
    documents: lazy_resource[AsyncDocuments] = lazy_resource("documents", "AsyncDocuments")
    templates: lazy_resource[AsyncTemplates] = lazy_resource("templates", "AsyncTemplates")
    account: lazy_resource[AsyncAccount] = lazy_resource("account", "AsyncAccount")
    user: lazy_resource[AsyncUser] = lazy_resource("user", "AsyncUser")
    webhooks: lazy_resource[AsyncWebhooks] = lazy_resource("webhooks", "AsyncWebhooks")

    _http_class = httpx.AsyncClient

    def __init__(
        self,
        access_token: str | None = None,
        *,
        oauth: OAuthApp | None = None,
        token: Token | None = None,
        token_store: TokenStore | None = None,
        on_token_refresh: Callable[[Token], object] | None = None,
        base_url: str | None = None,
        error_language: str | None = DEFAULT_ERROR_LANGUAGE,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int = DEFAULT_MAX_RETRIES,
        max_retry_wait: float = DEFAULT_MAX_RETRY_WAIT,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        super().__init__(
            access_token=access_token,
            oauth=oauth,
            token=token,
            token_store=token_store,
            on_token_refresh=on_token_refresh,
            base_url=base_url,
            error_language=error_language,
            timeout=timeout,
            max_retries=max_retries,
            max_retry_wait=max_retry_wait,
            http_client=http_client,
        )
        import asyncio  # here: only async users pay for importing asyncio

        self._sleep: Callable[[float], Awaitable[None]] = asyncio.sleep

    async def _call(self, call: Call[T]) -> T:
        return self._finish(call, await self._send(call.request_kwargs()))

    async def _send(self, kwargs: dict[str, Any]) -> httpx.Response:
        request = build_request(self._http, kwargs)
        flow = self._flow(request)
        outcome: Outcome = None
        while True:
            try:
                action = flow.send(outcome)
            except StopIteration as stop:
                return stop.value  # type: ignore[no-any-return]
            outcome = None
            if isinstance(action, Sleep):
                await self._sleep(action.seconds)
                continue
            try:
                with map_httpx_errors(request.method, request.url):
                    outcome = await self._http.send(request, follow_redirects=False)
            except APIConnectionError as exc:
                outcome = exc

    async def aclose(self) -> None:
        """Close the connections this client opened (not a caller's `http_client`)."""
        if self._owns_http:
            await self._http.aclose()
        if self._storage is not None:
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
