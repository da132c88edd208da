"""httpx.Auth objects the clients authorise with: a static bearer token, or a refreshing one.

`RefreshingAuth` refreshes an OAuth token before a request when it is about to expire, and
once after a 401. One flow (a generator) decides what to do for both the sync and the async
client; the two drivers below differ only in how they lock and how they call the token
endpoint.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import AsyncGenerator, Callable, Generator
from contextlib import AbstractContextManager, asynccontextmanager, nullcontext
from datetime import UTC, datetime
from functools import partial
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar, cast

import httpx

from formify._exceptions import (
    ConsentRequiredError,
    FormifyError,
    OAuthError,
    TokenStoreError,
    ValidationError,
)
from formify._logging import logger
from formify._oauth import OAuthApp, TokenTransport
from formify._tokens import DEFAULT_LEEWAY, FencedTokenStore, Token, TokenStore
from formify._validation import check_token

if TYPE_CHECKING:
    import asyncio  # imported where used: sync users do not pay for importing asyncio

__all__ = ["BearerAuth", "RefreshingAuth", "build_auth"]

# Token-endpoint answers that no retry with the same refresh token can change.
FINAL_OAUTH_ERRORS = frozenset({"invalid_grant", "invalid_client", "unauthorized_client"})
_T = TypeVar("_T")


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


class _Refresh(NamedTuple):
    """Flow step: get a token newer than `stale` (refreshing only if nobody else has)."""

    stale: Token


class _Spend(NamedTuple):
    """Plan: spend `token`'s refresh token (or, if `already_refreshed`, just save `token`).

    `spent` is the refresh token the new token replaces: the store's compare-and-set key.
    """

    token: Token
    spent: str | None
    already_refreshed: bool = False


class _StoreStep(NamedTuple):
    """Refresh step: run `action` (store I/O; the async driver runs it in a worker thread)."""

    action: Callable[[], object]


class _TokenCall(NamedTuple):
    """Refresh step: spend `token`'s refresh token at the token endpoint."""

    token: Token


class _Outcome(NamedTuple):
    """What a refresh ends with: the token to use, and whether it is ours to announce."""

    token: Token
    announce: bool


_Step = httpx.Request | _Refresh
_RefreshStep = _StoreStep | _TokenCall


class RefreshingAuth(httpx.Auth):
    """Bearer auth that refreshes its OAuth token: single-flight, saved before use.

    Under any number of threads (sync) or tasks (async) one expired token causes one call to
    the token endpoint; the others wait and share its outcome, success or failure. A new token
    is saved to the store and handed to `on_token_refresh` before any request carries it. With
    a `FencedTokenStore` the save is a compare-and-set on the spent refresh token, a refused
    grant is recorded for every worker, and an `invalid_grant` first re-reads the store for a
    token a sibling saved. The store is read only to refresh (near expiry, or after a 401).
    """

    def __init__(
        self,
        oauth: OAuthApp,
        token: Token,
        *,
        token_store: TokenStore | None = None,
        on_token_refresh: Callable[[Token], object] | None = None,
        leeway: float = DEFAULT_LEEWAY,
        transport: TokenTransport | None = None,
    ) -> None:
        self._oauth = oauth
        self._token = token
        self._store = token_store
        self._on_token_refresh = on_token_refresh
        self._leeway = leeway
        self._transport = transport
        self._pending: _Spend | None = None  # refreshed, not yet saved and announced
        # A refresh token the server refused for good, and its answer: raised again without
        # another call, so that N waiting threads or tasks (or later requests) cost one call.
        self._refused: tuple[str, OAuthError] | None = None
        # Refreshes finished so far, and the failure of the last one: whoever waited for that
        # refresh gets its error instead of calling the token endpoint again.
        self._attempts = 0
        self._failure: tuple[int, FormifyError] | None = None
        self._lock = threading.Lock()
        # asyncio.Lock binds to the loop it first waits on; one per loop, made on demand.
        self._async_lock: asyncio.Lock | None = None
        self._async_lock_loop: asyncio.AbstractEventLoop | None = None

    @property
    def token(self) -> Token:
        """The current token (the newest this auth has seen)."""
        return self._token

    def use_transport(self, transport: TokenTransport) -> None:
        """Send token calls through a client's httpx client, timeout and retry budget."""
        self._transport = transport

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

    def _refresh_flow(self, stale: Token) -> Generator[_RefreshStep, Any, _Outcome]:
        """One refresh under the locks: plan, spend, recover from a race once, save."""
        plan = yield _StoreStep(lambda: self._plan(stale))
        if isinstance(plan, Token):
            return _Outcome(plan, announce=False)
        error: OAuthError | None = None
        for _ in range(2):  # the second spend only with a newer token a sibling saved
            if plan.already_refreshed:
                new = plan.token
            else:
                try:
                    new = yield _TokenCall(plan.token)
                except OAuthError as exc:
                    if exc.error not in FINAL_OAUTH_ERRORS:
                        raise
                    error = exc
                    plan = yield _StoreStep(partial(self._after_refusal, plan, exc))
                    if isinstance(plan, Token):
                        return _Outcome(plan, announce=False)
                    continue
            outcome = yield _StoreStep(partial(self._save, new, plan.spent))
            return cast(_Outcome, outcome)
        assert error is not None
        raise error

    def _plan(self, stale: Token) -> Token | _Spend:
        """Decide, under the locks, between a token already at hand and spending a refresh.

        The store is read first: whoever shares it (another client, another process) may
        have refreshed already, and since refresh tokens rotate, only the newest one works.
        """
        stored = self._store_io("read", self._store.load) if self._store is not None else None
        known = [stored, self._token] if stored is not None else [self._token]
        for candidate in known:
            if candidate.access_token != stale.access_token and not candidate.is_expired(
                self._leeway
            ):
                self._token = candidate
                return candidate
        if self._pending is not None:
            return self._pending._replace(already_refreshed=True)
        refresh_token = known[0].refresh_token
        if refresh_token is None:
            return self._token  # nothing to refresh with; the request goes as it is
        self._raise_if_refused(refresh_token)
        return _Spend(known[0], refresh_token)

    def _raise_if_refused(self, refresh_token: str) -> None:
        if self._refused is not None and self._refused[0] == refresh_token:
            refused = self._refused[1]
            raise self._consent_error(refused.error, refused.description, refused.status_code)
        if isinstance(self._store, FencedTokenStore):
            store = self._store
            error = self._store_io("read", lambda: store.refusal(refresh_token))
            if error is not None:
                raise self._consent_error(error, "recorded in the token store", None)

    def _consent_error(
        self, error: str, description: str | None, status_code: int | None
    ) -> ConsentRequiredError:
        key = getattr(self._store, "key", None)
        exc = ConsentRequiredError(
            error, description, status_code=status_code, key=key if isinstance(key, str) else None
        )
        exc.add_note("not sent again: the token endpoint refused this refresh token before")
        return exc

    def _after_refusal(self, spent: _Spend, error: OAuthError) -> Token | _Spend:
        """Use a newer token a sibling saved, else record the refusal and raise.

        Between our read of the store and our call a sibling (whose lock we may have waited
        out) can have spent the same refresh token and saved its successor: re-read once.
        """
        stored = self._store_io("read", self._store.load) if self._store is not None else None
        if stored is not None and stored.refresh_token not in (None, spent.spent):
            if not stored.is_expired(self._leeway):
                self._token = stored
                return stored
            return _Spend(stored, stored.refresh_token)
        refresh_token = spent.spent
        assert refresh_token is not None
        # A copy without the traceback: nothing of this request is kept alive.
        copy = OAuthError(error.error, error.description, status_code=error.status_code)
        self._refused = (refresh_token, copy)
        if isinstance(self._store, FencedTokenStore):
            store = self._store
            self._store_io("record", lambda: store.mark_refused(refresh_token, error.error))
        consent = self._consent_error(error.error, error.description, error.status_code)
        raise consent from error

    def _save(self, new: Token, spent: str | None) -> _Outcome:
        """Save first: no request may use a token that could still be lost.

        Until the save and the announcement succeed the token is kept as pending, and the next
        refresh retries them instead of spending the (already rotated) refresh token again. A
        fenced store refuses the save when a sibling saved a newer token meanwhile (our lock
        lapsed): that token is kept, never rolled back.
        """
        self._pending = _Spend(new, spent)
        store = self._store
        if store is None:
            return _Outcome(new, announce=True)
        if not isinstance(store, FencedTokenStore):
            self._store_io("save", lambda: store.save(new))
            return _Outcome(new, announce=True)
        if self._store_io("save", lambda: store.replace(spent, new)):
            return _Outcome(new, announce=True)
        stored = self._store_io("read", store.load)
        self._pending = None
        logger.warning("token store %r holds a newer token than this refresh; using it", store)
        if stored is not None and not stored.is_expired(self._leeway):
            return _Outcome(stored, announce=False)
        return _Outcome(new, announce=False)

    def _store_io(self, action: str, call: Callable[[], _T]) -> _T:
        """Run a store call; a failure of the store itself becomes a `TokenStoreError`."""
        try:
            return call()
        except FormifyError:
            raise
        except Exception as exc:
            raise TokenStoreError(repr(self._store), action, exc) from exc

    def _publish(self, outcome: _Outcome) -> Token:
        """Announce the saved token, then make it the one requests use."""
        new = outcome.token
        if outcome.announce and self._on_token_refresh is not None:
            self._on_token_refresh(new)
        self._token, self._pending = new, None
        if not outcome.announce:
            return new
        if new.expires_at is None:
            logger.info("token refreshed, no expiry given")
        else:
            seconds = round((new.expires_at - datetime.now(UTC)).total_seconds())
            logger.info("token refreshed, expires in %d s", seconds)
        return new

    def _raise_shared_failure(self, seen: int) -> None:
        """Raise the error of a refresh that failed while we waited for it."""
        if self._failure is not None and self._failure[0] > seen:
            shared = _copy_error(self._failure[1])
            shared.add_note("shared: the refresh this request waited for failed")
            raise shared

    def _finished(self, error: BaseException | None) -> None:
        self._attempts += 1
        if error is None:
            self._failure = None
        elif isinstance(error, FormifyError):
            self._failure = (self._attempts, _copy_error(error))

    def _store_lock(self) -> AbstractContextManager[object]:
        if self._store is None:
            return nullcontext()
        return _StoreLock(self._store, self._store_io)

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
        seen = self._attempts
        with self._lock:
            self._raise_shared_failure(seen)
            try:
                with self._store_lock():
                    outcome = self._drive_sync(self._refresh_flow(stale))
            except BaseException as exc:
                self._finished(exc)
                raise
            self._finished(None)
            return self._publish(outcome)

    def _drive_sync(self, flow: Generator[_RefreshStep, Any, _Outcome]) -> _Outcome:
        step = _advance(flow, None, None)
        while not isinstance(step, _Outcome):
            step = _advance(flow, *_attempt(self._perform_sync, step))
        return step

    def _perform_sync(self, step: _RefreshStep) -> object:
        if isinstance(step, _StoreStep):
            return step.action()
        return self._oauth.refresh(step.token, transport=self._transport)

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

        seen = self._attempts
        async with self._get_async_lock():
            self._raise_shared_failure(seen)
            try:
                # The store's I/O (reads, fsync'd writes, network) runs off the event loop.
                async with _in_thread(self._store_lock()):
                    outcome = await self._drive_async(self._refresh_flow(stale))
            except BaseException as exc:
                self._finished(exc)
                raise
            self._finished(None)
            return self._publish(outcome)

    async def _drive_async(self, flow: Generator[_RefreshStep, Any, _Outcome]) -> _Outcome:
        step = _advance(flow, None, None)
        while not isinstance(step, _Outcome):
            try:
                reply: tuple[object, OAuthError | None] = (await self._perform_async(step), None)
            except OAuthError as exc:
                reply = (None, exc)
            step = _advance(flow, *reply)
        return step

    async def _perform_async(self, step: _RefreshStep) -> object:
        import asyncio

        if isinstance(step, _StoreStep):
            return await asyncio.to_thread(step.action)
        return await self._oauth.arefresh(step.token, transport=self._transport)

    def _get_async_lock(self) -> asyncio.Lock:
        import asyncio

        loop = asyncio.get_running_loop()
        if self._async_lock is None or self._async_lock_loop is not loop:
            self._async_lock, self._async_lock_loop = asyncio.Lock(), loop
        return self._async_lock


def _advance(
    flow: Generator[_RefreshStep, Any, _Outcome], reply: object, error: OAuthError | None
) -> _RefreshStep | _Outcome:
    """Hand the last step's reply (or its OAuth error) to the refresh flow; its next step."""
    try:
        return flow.throw(error) if error is not None else flow.send(reply)
    except StopIteration as done:
        return cast(_Outcome, done.value)


def _attempt(
    perform: Callable[[_RefreshStep], object], step: _RefreshStep
) -> tuple[object, OAuthError | None]:
    try:
        return perform(step), None
    except OAuthError as exc:
        return None, exc


def _copy_error(error: FormifyError) -> FormifyError:
    """Copy `error` without its traceback: nothing of the failed request is kept alive."""
    try:
        return copy.copy(error).with_traceback(None)
    except Exception:  # an error class whose __init__ does not take its args back
        return error


class _StoreLock:
    """The store's refresh lock; a failure to take or give it back is a `TokenStoreError`."""

    def __init__(self, store: TokenStore, io: Callable[[str, Callable[[], Any]], Any]) -> None:
        self._lock = store.refresh_lock()
        self._io = io

    def __enter__(self) -> object:
        return self._io("lock", self._lock.__enter__)

    def __exit__(self, *exc_info: Any) -> None:
        # On the way out a store commits what was saved under the lock (SQL stores).
        self._io("commit", lambda: self._lock.__exit__(*exc_info))


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
        if isinstance(token_store, FencedTokenStore) and current is not stored:
            # Only over the token just read: a sibling's newer save is never replaced.
            spent = stored.refresh_token if stored is not None else None
            if not token_store.replace(spent, current):
                current = token_store.load() or current
        elif token_store is not None and current is not stored:
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
