"""httpx.Auth objects the clients authorise with: a static bearer token, or a refreshing one.

`RefreshingAuth` refreshes an OAuth token before a request when it is about to expire, and
once after a 401. One flow (a generator) decides what to do for both the sync and the async
client; the two drivers below differ only in how they lock and how they call the token
endpoint.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncGenerator, Callable, Generator
from contextlib import AbstractContextManager, asynccontextmanager, nullcontext
from datetime import UTC, datetime
from typing import TYPE_CHECKING, cast

import attrs
import httpx

from formify._exceptions import OAuthError, ValidationError
from formify._logging import logger
from formify._oauth import OAuthApp
from formify._tokens import DEFAULT_LEEWAY, Token, TokenStore
from formify._validation import check_token

if TYPE_CHECKING:
    import asyncio  # imported where used: sync users do not pay for importing asyncio

__all__ = ["BearerAuth", "RefreshingAuth", "build_auth"]

# Token-endpoint answers that no retry with the same refresh token can change.
FINAL_OAUTH_ERRORS = frozenset({"invalid_grant", "invalid_client", "unauthorized_client"})


class BearerAuth(httpx.Auth):
    """Send a fixed access token as `Authorization: Bearer ...`; a 401 is left to the client."""

    def __init__(self, access_token: str) -> None:
        self._token = Token(access_token=access_token)

    @property
    def token(self) -> Token:
        """The token sent with every request."""
        return self._token

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        """Set the bearer header and send once."""
        request.headers["Authorization"] = f"Bearer {self._token.access_token}"
        yield request

    def __repr__(self) -> str:
        return f"{type(self).__name__}(token={self._token!r})"


def _authorize(request: httpx.Request, token: Token) -> None:
    # Always "Bearer": servers may answer token_type "bearer", the API expects the RFC form.
    request.headers["Authorization"] = f"Bearer {token.access_token}"


@attrs.frozen
class _Refresh:
    """Flow step: get a token newer than `stale` (refreshing only if nobody else has)."""

    stale: Token


@attrs.frozen
class _Spend:
    """Plan: spend `token`'s refresh token (or, if `already_refreshed`, just commit `token`)."""

    token: Token
    already_refreshed: bool = False


_Step = httpx.Request | _Refresh


class RefreshingAuth(httpx.Auth):
    """Bearer auth that refreshes its OAuth token: single-flight, saved before use.

    Under any number of threads (sync) or tasks (async) one expired token causes one call to
    the token endpoint; the others wait and use the new token. A new token is saved to the
    store and handed to `on_token_refresh` before any request carries it.
    """

    def __init__(
        self,
        oauth: OAuthApp,
        token: Token,
        *,
        token_store: TokenStore | None = None,
        on_token_refresh: Callable[[Token], object] | None = None,
        leeway: float = DEFAULT_LEEWAY,
    ) -> None:
        self._oauth = oauth
        self._token = token
        self._store = token_store
        self._on_token_refresh = on_token_refresh
        self._leeway = leeway
        self._pending: Token | None = None  # refreshed, not yet saved and announced
        # A refresh token the server refused for good, and its answer: raised again without
        # another call, so that N waiting threads or tasks (or later requests) cost one call.
        self._refused: tuple[str, OAuthError] | None = None
        self._lock = threading.Lock()
        # asyncio.Lock binds to the loop it first waits on; one per loop, made on demand.
        self._async_lock: asyncio.Lock | None = None
        self._async_lock_loop: asyncio.AbstractEventLoop | None = None

    @property
    def token(self) -> Token:
        """The current token (the newest this auth has seen)."""
        return self._token

    def __repr__(self) -> str:
        return f"{type(self).__name__}(oauth={self._oauth!r}, token={self._token!r})"

    # The decisions, shared by both drivers.

    def _flow(self, request: httpx.Request) -> Generator[_Step, Token | httpx.Response, None]:
        token = self._token
        refreshed = False
        if token.is_expired(self._leeway):
            refreshed, token = True, cast(Token, (yield _Refresh(token)))
        _authorize(request, token)
        response = cast(httpx.Response, (yield request))
        # At most one refresh per request: a 401 after a refresh is the caller's to handle.
        if response.status_code != 401 or refreshed:
            return
        fresh = cast(Token, (yield _Refresh(token)))
        if fresh.access_token == token.access_token:
            return  # nothing newer to try (no refresh token): the 401 stands
        _authorize(request, fresh)
        yield request

    def _plan(self, stale: Token) -> Token | _Spend:
        """Decide, under the locks, between a token already at hand and spending a refresh.

        The store is read first: whoever shares it (another client, another process) may
        have refreshed already, and since refresh tokens rotate, only the newest one works.
        """
        stored = self._store.load() if self._store is not None else None
        known = [stored, self._token] if stored is not None else [self._token]
        for candidate in known:
            if candidate.access_token != stale.access_token and not candidate.is_expired(
                self._leeway
            ):
                self._token = candidate
                return candidate
        if self._pending is not None:
            return _Spend(self._pending, already_refreshed=True)
        refresh_token = known[0].refresh_token
        if refresh_token is None:
            return self._token  # nothing to refresh with; the request goes as it is
        if self._refused is not None and self._refused[0] == refresh_token:
            refused = self._refused[1]
            error = OAuthError(refused.error, refused.description, status_code=refused.status_code)
            error.add_note("not sent again: the token endpoint refused this refresh token before")
            raise error
        return _Spend(known[0])

    def _remember_refusal(self, spent: Token, error: OAuthError) -> None:
        if error.error in FINAL_OAUTH_ERRORS and spent.refresh_token is not None:
            # A copy without the traceback: nothing of this request is kept alive.
            copy = OAuthError(error.error, error.description, status_code=error.status_code)
            self._refused = (spent.refresh_token, copy)

    def _save(self, new: Token) -> None:
        """Save first: no request may use a token that could still be lost.

        Until the save and the announcement succeed the token is kept as pending, and the next
        refresh retries them instead of spending the (already rotated) refresh token again.
        """
        self._pending = new
        if self._store is not None:
            self._store.save(new)

    def _publish(self, new: Token) -> Token:
        """Announce the saved token, then make it the one requests use."""
        if self._on_token_refresh is not None:
            self._on_token_refresh(new)
        self._token, self._pending = new, None
        if new.expires_at is None:
            logger.info("token refreshed, no expiry given")
        else:
            seconds = round((new.expires_at - datetime.now(UTC)).total_seconds())
            logger.info("token refreshed, expires in %d s", seconds)
        return new

    def _store_lock(self) -> AbstractContextManager[object]:
        return self._store.refresh_lock() if self._store is not None else nullcontext()

    # Sync driver.

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        """Drive the shared flow; refresh under a thread lock and the store's lock."""
        flow = self._flow(request)
        step = next(flow)
        while True:
            try:
                if isinstance(step, _Refresh):
                    step = flow.send(self._refresh_sync(step.stale))
                else:
                    response = yield step
                    step = flow.send(response)
            except StopIteration:
                return

    def _refresh_sync(self, stale: Token) -> Token:
        with self._lock, self._store_lock():
            plan = self._plan(stale)
            if isinstance(plan, Token):
                return plan
            try:
                new = plan.token if plan.already_refreshed else self._oauth.refresh(plan.token)
            except OAuthError as exc:
                self._remember_refusal(plan.token, exc)
                raise
            self._save(new)
            return self._publish(new)

    # Async driver.

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        """Drive the shared flow; refresh under an asyncio lock and the store's lock."""
        flow = self._flow(request)
        step = next(flow)
        while True:
            try:
                if isinstance(step, _Refresh):
                    step = flow.send(await self._refresh_async(step.stale))
                else:
                    response = yield step
                    step = flow.send(response)
            except StopIteration:
                return

    async def _refresh_async(self, stale: Token) -> Token:
        import asyncio

        # The store's file I/O (reads, fsync'd writes) runs in a worker thread, off the loop.
        async with self._get_async_lock(), _in_thread(self._store_lock()):
            plan = await asyncio.to_thread(self._plan, stale)
            if isinstance(plan, Token):
                return plan
            try:
                new = (
                    plan.token if plan.already_refreshed else await self._oauth.arefresh(plan.token)
                )
            except OAuthError as exc:
                self._remember_refusal(plan.token, exc)
                raise
            await asyncio.to_thread(self._save, new)
            return self._publish(new)

    def _get_async_lock(self) -> asyncio.Lock:
        import asyncio

        loop = asyncio.get_running_loop()
        if self._async_lock is None or self._async_lock_loop is not loop:
            self._async_lock, self._async_lock_loop = asyncio.Lock(), loop
        return self._async_lock


@asynccontextmanager
async def _in_thread(lock: AbstractContextManager[object]) -> AsyncGenerator[None, None]:
    """Hold a blocking lock (e.g. flock) without blocking the event loop while waiting.

    The wait runs in a thread of its own, not the loop's shared pool: with many clients
    sharing one store, waiters could fill the pool while the holder needs a pool thread for
    its store I/O, and nothing would move.
    """
    import asyncio

    loop = asyncio.get_running_loop()
    acquired: asyncio.Future[None] = loop.create_future()

    def settle(error: BaseException | None) -> None:
        if acquired.cancelled():
            if error is None:  # the waiter gave up: give the lock back at once
                lock.__exit__(None, None, None)
        elif error is None:
            acquired.set_result(None)
        else:
            acquired.set_exception(error)

    def wait() -> None:
        try:
            lock.__enter__()
        except BaseException as exc:
            error: BaseException | None = exc
        else:
            error = None
        try:
            loop.call_soon_threadsafe(settle, error)
        except RuntimeError:  # the loop has closed: nobody will use the lock
            if error is None:
                lock.__exit__(None, None, None)

    threading.Thread(target=wait, name="formify-token-store-lock", daemon=True).start()
    try:
        await acquired
    except asyncio.CancelledError:
        # Cancelled after the lock was taken but before this task resumed: give it back.
        if acquired.done() and not acquired.cancelled() and acquired.exception() is None:
            lock.__exit__(None, None, None)
        raise
    try:
        yield
    finally:
        lock.__exit__(None, None, None)


def build_auth(
    *,
    access_token: str | None = None,
    oauth: OAuthApp | None = None,
    token: Token | None = None,
    token_store: TokenStore | None = None,
    on_token_refresh: Callable[[Token], object] | None = None,
) -> httpx.Auth:
    """Return the auth for a client: static bearer for an access token, else refreshing OAuth.

    A refreshing auth is built when `oauth` and a `token` (or a `token_store` holding one)
    are given. When both exist, the one issued last (later `expires_at`) is used and kept in
    the store: the store may hold a refresh another process made, or `token` may come from a
    new authorization that replaces a dead stored grant. Otherwise `access_token` is required.
    Clients that share a refresh token must share a store (refresh tokens rotate).
    """
    if token is not None and not isinstance(token, Token):
        raise ValidationError("token", "must be a formify.Token")
    if token_store is not None and not isinstance(token_store, TokenStore):
        raise ValidationError("token_store", "must have load(), save() and refresh_lock()")
    if on_token_refresh is not None and not callable(on_token_refresh):
        raise ValidationError("on_token_refresh", "must be callable")
    if oauth is not None:
        if not isinstance(oauth, OAuthApp):
            raise ValidationError("oauth", "must be a formify.OAuthApp")
        if access_token is not None:
            raise ValidationError("access_token", "give either access_token or oauth, not both")
        stored = token_store.load() if token_store is not None else None
        current = _issued_last(stored, token)
        if current is None:
            raise ValidationError("token", "required with oauth (or a token_store holding one)")
        check_token(current.access_token, "token.access_token")
        if token_store is not None and current is not stored:
            token_store.save(current)
        return RefreshingAuth(
            oauth, current, token_store=token_store, on_token_refresh=on_token_refresh
        )
    if token is not None or token_store is not None:
        raise ValidationError("oauth", "required to use token or token_store (an OAuthApp)")
    if access_token is None:
        raise ValidationError(
            "access_token",
            "required: pass access_token (or set FORMIFY_ACCESS_TOKEN), or oauth with a token",
        )
    check_token(access_token, "access_token")
    return BearerAuth(access_token)


def _issued_last(stored: Token | None, given: Token | None) -> Token | None:
    """Return the token issued last (tokens share one lifetime); a tie goes to `given`."""
    if stored is None or given is None or stored == given:
        return stored or given
    oldest = datetime.min.replace(tzinfo=UTC)
    return stored if (stored.expires_at or oldest) > (given.expires_at or oldest) else given
