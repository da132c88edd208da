"""`OAuthApp`: the authorization-code flow, token refresh and revocation (Formify's OAuth 2.0)."""

from __future__ import annotations

import hmac
import os
import secrets
import time
from collections.abc import AsyncIterator, Generator, Iterable, Iterator
from contextlib import asynccontextmanager, contextmanager, nullcontext
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, NamedTuple, NoReturn
from urllib.parse import urlencode

import httpx

from formify._constants import DEFAULT_BASE_URL, ENV_BASE_URL
from formify._error_mapping import send_failure
from formify._exceptions import (
    OAuthError,
    RefreshOutcomeUnknownError,
    ValidationError,
)
from formify._retries import retry_delay, should_retry
from formify._tokens import Token
from formify._validation import check_error_language

if TYPE_CHECKING:
    from formify_api.models.grant_type import GrantType
    from formify_api.models.revoke_request import RevokeRequest
    from formify_api.models.token_request import TokenRequest

__all__ = ["DEFAULT_AUTHORIZE_BASE", "OAuthApp"]

DEFAULT_AUTHORIZE_BASE = "https://app.formify.eu"
SCOPES = ("read", "write")
# Requests are built by the generated endpoints from the generated models (the spec), which
# are imported on first use: `from formify import Formify` stays cheap. Answers are read by
# parse_token_response, not the generated parser: that one returns None for a 5xx and raises
# a raw ValueError on a non-JSON body, and knows nothing of keeping a non-rotated refresh
# token. tests/test_oauth_app.py ties these two paths to the generated endpoints.
TOKEN_PATH = "/oauth/token"  # noqa: S105 (a path, not a secret)
REVOKE_PATH = "/oauth/revoke"
DEFAULT_OAUTH_TIMEOUT = httpx.Timeout(30.0, connect=5.0)
DEFAULT_OAUTH_RETRIES = 2
# Statuses after which the token endpoint cannot have spent the refresh token: 408 (it never
# read the whole request), 429 (refused before processing), 503 (not serving). A 500, 502 or
# 504 may come after the grant was processed (a crash, or a gateway giving up on a backend
# that answered later), so it is never retried: a second spend of a rotated token kills it.
TOKEN_RETRY_STATUSES = frozenset({408, 429, 503})


class TokenTransport(NamedTuple):
    """How a client sends its token calls: its httpx client, timeout and retry budget.

    Built by `Formify` / `AsyncFormify`, so the token call goes through the same proxy,
    certificates, mounts or transport and pool as the API calls.
    """

    http: httpx.Client | httpx.AsyncClient | None = None
    timeout: httpx.Timeout | None = None
    max_retries: int = DEFAULT_OAUTH_RETRIES
    max_retry_wait: float = 60.0


class _Wait(NamedTuple):
    """Token-call step: sleep this many seconds, then send None back."""

    seconds: float


def _check_str(value: Any, field: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(field, "must be a non-empty string")
    return value


def _check_url(value: str, field: str) -> str:
    if not value.startswith(("http://", "https://")):
        raise ValidationError(field, "must be an absolute http:// or https:// URL")
    return value.rstrip("/")


def normalise_scope(scope: str | Iterable[str]) -> str:
    """Return the scope as the API spells it ("read", "write" or "read,write")."""
    if isinstance(scope, str):
        parts = [part.strip() for part in scope.replace(" ", ",").split(",") if part.strip()]
    elif isinstance(scope, Iterable):
        parts = list(scope)
    else:
        raise ValidationError("scope", "must be 'read', 'write', 'read,write' or a list of them")
    if not parts or any(not isinstance(p, str) or p not in SCOPES for p in parts):
        raise ValidationError("scope", "must be 'read', 'write', 'read,write' or a list of them")
    return ",".join(s for s in SCOPES if s in parts)


def _error_from(response: httpx.Response) -> OAuthError:
    """Read an OAuth-style error (`error`/`error_description`) or a `{"message": ...}` one."""
    try:
        body = response.json()
    except ValueError:
        body = None
    error = f"http_{response.status_code}"
    description: str | None = None
    if isinstance(body, dict):
        if isinstance(body.get("error"), str):
            error = body["error"]
        for key in ("error_description", "message"):
            if isinstance(body.get(key), str):
                description = body[key]
                break
    if description is None and error.startswith("http_"):
        description = f"the token endpoint answered {response.status_code}"
    return OAuthError(error, description, status_code=response.status_code)


def parse_token_response(
    response: httpx.Response, previous_refresh_token: str | None = None
) -> Token:
    """Return the token in a token-endpoint answer, or raise `OAuthError`."""
    if response.status_code >= 400:
        raise _error_from(response)
    try:
        data = response.json()
    except ValueError:
        raise OAuthError("invalid_response", "the token endpoint did not answer JSON") from None
    if not isinstance(data, dict):
        raise OAuthError("invalid_response", "the token endpoint did not answer a JSON object")
    token = Token.from_response(data, now=datetime.now(UTC))
    if token.refresh_token is None and previous_refresh_token is not None:
        # A server that does not rotate keeps the old refresh token valid (RFC 6749 §6).
        token = Token(
            access_token=token.access_token,
            refresh_token=previous_refresh_token,
            expires_at=token.expires_at,
            scope=token.scope,
            token_type=token.token_type,
        )
    return token


def parse_revoke_response(response: httpx.Response) -> None:
    """Return when the revocation succeeded, else raise `OAuthError` (400: invalid or revoked)."""
    if response.status_code >= 400:
        raise _error_from(response)


def _refresh_token_of(token_or_refresh_token: Token | str) -> str:
    if isinstance(token_or_refresh_token, Token):
        if token_or_refresh_token.refresh_token is None:
            raise ValidationError("token", "has no refresh_token to refresh with")
        return token_or_refresh_token.refresh_token
    return _check_str(token_or_refresh_token, "refresh_token")


def _revoke_form(token_or_string: Token | str, token_type_hint: str | None) -> RevokeRequest:
    from formify_api.models.revoke_request import RevokeRequest
    from formify_api.models.token_type_hint import TokenTypeHint

    if token_type_hint is not None and token_type_hint not in tuple(TokenTypeHint):
        raise ValidationError("token_type_hint", "must be 'access_token' or 'refresh_token'")
    if isinstance(token_or_string, Token):
        # Revoking the refresh token ends the whole grant, which is what "log out" means.
        hint = token_type_hint or ("refresh_token" if token_or_string.refresh_token else None)
        value = (
            token_or_string.refresh_token
            if hint == "refresh_token"
            else token_or_string.access_token
        )
        hint = hint or "access_token"
        if value is None:
            raise ValidationError("token", "has no refresh_token to revoke")
    else:
        value = _check_str(token_or_string, "token")
        hint = token_type_hint
    body = RevokeRequest(token=value)
    if hint is not None:
        body.token_type_hint = TokenTypeHint(hint)
    return body


def _same_state(state: str | None, expected_state: str) -> bool:
    """Compare in constant time, so the expected state cannot be guessed byte by byte."""
    expected = _check_str(expected_state, "expected_state").encode("utf-8")
    if not isinstance(state, str):
        return False
    return hmac.compare_digest(state.encode("utf-8"), expected)


def _resume(
    flow: Generator[httpx.Request | _Wait, Any, httpx.Response], value: object
) -> httpx.Request | _Wait | httpx.Response:
    """Send `value` into the token-call flow; its next step, or the final response."""
    try:
        return flow.send(value)
    except StopIteration as done:
        response: httpx.Response = done.value
        return response


def _settle(http: httpx.Client, step: httpx.Request | _Wait) -> httpx.Response | Exception | None:
    """Perform a step synchronously; a transport failure is returned for the flow to judge."""
    if isinstance(step, _Wait):
        time.sleep(step.seconds)
        return None
    try:
        return http.send(step, auth=None)
    except httpx.TransportError as exc:
        return exc


async def _asettle(
    http: httpx.AsyncClient, step: httpx.Request | _Wait
) -> httpx.Response | Exception | None:
    """Perform a step on the event loop (asyncio is imported only here, for async users)."""
    import asyncio

    if isinstance(step, _Wait):
        await asyncio.sleep(step.seconds)
        return None
    try:
        return await http.send(step, auth=None)
    except httpx.TransportError as exc:
        return exc


def _raise_transport(exc: Exception, url: str) -> NoReturn:
    """Raise the library's connection error for a failed token call (the API path's mapper)."""
    raise send_failure("POST", url, exc) from exc


class OAuthApp:
    """An OAuth 2.0 client registered with Formify: builds the consent URL, gets tokens.

    Sync methods: `exchange_code`, `refresh`, `revoke`. Their async twins carry an `a` prefix,
    as httpx does (`aread`, `aclose`): `aexchange_code`, `arefresh`, `arevoke`. `http_client`
    may be an `httpx.Client` (used by the sync methods) or an `httpx.AsyncClient` (used by the
    async ones); otherwise each call opens and closes a short-lived one.
    """

    def __init__(
        self,
        client_id: str,
        client_secret: str,
        redirect_uri: str,
        base_url: str | None = None,
        authorize_base: str | None = None,
        *,
        http_client: httpx.Client | httpx.AsyncClient | None = None,
        timeout: float | httpx.Timeout = DEFAULT_OAUTH_TIMEOUT,
        error_language: str | None = None,
    ) -> None:
        self.client_id = _check_str(client_id, "client_id")
        self._client_secret = _check_str(client_secret, "client_secret")
        # Kept exactly as given (no trailing-slash trimming): it must match the registered URI.
        self.redirect_uri = _check_str(redirect_uri, "redirect_uri")
        if "://" not in redirect_uri:
            raise ValidationError(
                "redirect_uri", "must be an absolute URI, e.g. https://…/callback"
            )
        base = base_url or os.environ.get(ENV_BASE_URL) or DEFAULT_BASE_URL
        self.base_url = _check_url(_check_str(base, "base_url"), "base_url")
        self.authorize_base = _check_url(
            _check_str(authorize_base or DEFAULT_AUTHORIZE_BASE, "authorize_base"),
            "authorize_base",
        )
        if http_client is not None and not isinstance(
            http_client, httpx.Client | httpx.AsyncClient
        ):
            raise ValidationError("http_client", "must be an httpx.Client or httpx.AsyncClient")
        check_error_language(error_language)
        self.error_language = error_language
        if not isinstance(timeout, httpx.Timeout) and (
            isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout <= 0
        ):
            raise ValidationError("timeout", "must be a number of seconds > 0 or an httpx.Timeout")
        self._http = http_client
        self._timeout_given = timeout is not DEFAULT_OAUTH_TIMEOUT
        self.timeout = timeout

    def __repr__(self) -> str:
        return (
            f"OAuthApp(client_id={self.client_id!r}, redirect_uri={self.redirect_uri!r}, "
            f"base_url={self.base_url!r})"
        )

    @property
    def token_url(self) -> str:
        """The token endpoint, `{base_url}/oauth/token`."""
        return self.base_url + TOKEN_PATH

    @property
    def revoke_url(self) -> str:
        """The revocation endpoint, `{base_url}/oauth/revoke`."""
        return self.base_url + REVOKE_PATH

    def authorization_url(
        self, scope: str | Iterable[str] = "read,write", state: str | None = None
    ) -> tuple[str, str]:
        """Return `(url, state)`: where to send the user's browser, and the state to expect back.

        A fresh random state is made when none is given; keep it (e.g. in the session) and
        pass it as `expected_state` to `exchange_code`.
        """
        scopes = normalise_scope(scope)
        if state is None:
            state = secrets.token_urlsafe(32)
        else:
            _check_str(state, "state")
        query = urlencode(
            {
                "client_id": self.client_id,
                "redirect_uri": self.redirect_uri,
                "response_type": "code",
                "scope": scopes,
                "state": state,
            }
        )
        return f"{self.authorize_base}/#/oauth?{query}", state

    # Request building is shared by the sync and async methods; only the sending differs.
    # The bodies are the generated models, sent as the generated endpoints build them.

    def _exchange_form(
        self, code: str, state: str | None, expected_state: str | None
    ) -> TokenRequest:
        _check_str(code, "code")
        if expected_state is not None and not _same_state(state, expected_state):
            raise OAuthError(
                "state_mismatch",
                "the state returned to the redirect URI is not the one this app sent",
            )
        from formify_api.models.grant_type import GrantType

        body = self._token_body(GrantType.AUTHORIZATION_CODE)
        body.code, body.redirect_uri = code, self.redirect_uri
        return body

    def _refresh_form(self, refresh_token: str) -> TokenRequest:
        from formify_api.models.grant_type import GrantType

        body = self._token_body(GrantType.REFRESH_TOKEN)
        body.refresh_token = refresh_token
        return body

    def _token_body(self, grant: GrantType) -> TokenRequest:
        """Return the token endpoint's body: the grant plus the client's credentials."""
        from formify_api.models.error_language import ErrorLanguage
        from formify_api.models.token_request import TokenRequest

        body = TokenRequest(grant, self.client_id, self._client_secret)
        if self.error_language is not None:
            body.error_language = ErrorLanguage(self.error_language)
        return body

    def _request(
        self,
        body: TokenRequest | RevokeRequest,
        transport: TokenTransport | None,
        http: httpx.Client | httpx.AsyncClient,
    ) -> httpx.Request:
        from formify_api.api.oauth import create_token, revoke_token
        from formify_api.models.token_request import TokenRequest

        endpoint = create_token if isinstance(body, TokenRequest) else revoke_token
        kwargs = endpoint._get_kwargs(body=body)
        return http.build_request(
            kwargs["method"].upper(),
            self.base_url + kwargs["url"],
            data=kwargs["data"],
            headers=kwargs["headers"],
            timeout=self._timeout_for(transport),
        )

    def _timeout_for(self, transport: TokenTransport | None) -> Any:
        """OAuthApp's own timeout if given; else the API client's, else its httpx client's."""
        if self._timeout_given or transport is None:
            return self.timeout
        return transport.timeout if transport.timeout is not None else httpx.USE_CLIENT_DEFAULT

    def _http_for(
        self, transport: TokenTransport | None, kind: type[httpx.Client] | type[httpx.AsyncClient]
    ) -> Any:
        # The app's own http_client (an explicit choice) wins, then the API client's.
        for http in (self._http, transport.http if transport is not None else None):
            if isinstance(http, kind):
                return http
        return None

    def _send_flow(
        self, request: httpx.Request, transport: TokenTransport | None, *, spends: bool
    ) -> Generator[httpx.Request | _Wait, httpx.Response | Exception | None, httpx.Response]:
        """Send `request`, retrying only what cannot have reached (or been acted on by) the server.

        A failure after sending is ambiguous: for a call that `spends` a code or a refresh
        token it raises `RefreshOutcomeUnknownError` and is never repeated.
        """
        max_retries = transport.max_retries if transport is not None else DEFAULT_OAUTH_RETRIES
        max_wait = transport.max_retry_wait if transport is not None else 60.0
        url = str(request.url)
        attempt = 0
        while True:
            outcome = yield request
            if isinstance(outcome, httpx.Response):
                status = outcome.status_code
                if status not in TOKEN_RETRY_STATUSES or attempt >= max_retries:
                    return outcome
                delay = retry_delay(attempt, outcome.headers if status == 429 else None)
                if delay > max_wait:
                    return outcome
            else:
                assert isinstance(outcome, Exception)
                if not should_retry("POST", exc=outcome):  # it may have reached the server
                    if spends and isinstance(outcome, httpx.TransportError):
                        raise RefreshOutcomeUnknownError(
                            f"the token call failed after it was sent ({type(outcome).__name__})"
                            ": the server may have rotated the refresh token; not re-sent",
                            url=url,
                        ) from outcome
                    _raise_transport(outcome, url)
                if attempt >= max_retries:
                    _raise_transport(outcome, url)
                delay = retry_delay(attempt)
            yield _Wait(delay)
            attempt += 1

    # The drivers: the flow decides; they only sleep or send, each in its own way.

    def _start(
        self,
        body: TokenRequest | RevokeRequest,
        transport: TokenTransport | None,
        spends: bool,
        http: httpx.Client | httpx.AsyncClient,
    ) -> tuple[
        Generator[httpx.Request | _Wait, Any, httpx.Response],
        httpx.Request | _Wait | httpx.Response,
    ]:
        flow = self._send_flow(self._request(body, transport, http), transport, spends=spends)
        return flow, next(flow)

    @contextmanager
    def _sync_http(self, transport: TokenTransport | None) -> Iterator[httpx.Client]:
        given: httpx.Client | None = self._http_for(transport, httpx.Client)
        with nullcontext(given) if given else httpx.Client(timeout=self.timeout) as http:
            yield http

    @asynccontextmanager
    async def _async_http(self, transport: TokenTransport | None) -> AsyncIterator[Any]:
        given: httpx.AsyncClient | None = self._http_for(transport, httpx.AsyncClient)
        async with nullcontext(given) if given else httpx.AsyncClient(timeout=self.timeout) as http:
            yield http

    def _post(
        self,
        body: TokenRequest | RevokeRequest,
        transport: TokenTransport | None = None,
        *,
        spends: bool = False,
    ) -> httpx.Response:
        with self._sync_http(transport) as http:
            flow, step = self._start(body, transport, spends, http)
            while not isinstance(step, httpx.Response):
                step = _resume(flow, _settle(http, step))
            return step

    async def _apost(
        self,
        body: TokenRequest | RevokeRequest,
        transport: TokenTransport | None = None,
        *,
        spends: bool = False,
    ) -> httpx.Response:
        async with self._async_http(transport) as http:
            flow, step = self._start(body, transport, spends, http)
            while not isinstance(step, httpx.Response):
                step = _resume(flow, await _asettle(http, step))
            return step

    def exchange_code(
        self, code: str, *, state: str | None = None, expected_state: str | None = None
    ) -> Token:
        """Exchange the authorization code for a token, checking the state first.

        Raises `OAuthError("state_mismatch")` before any request when `state` differs from
        `expected_state` (pass both: it is the CSRF protection of the flow).
        """
        form = self._exchange_form(code, state, expected_state)
        return parse_token_response(self._post(form, spends=True))

    async def aexchange_code(
        self, code: str, *, state: str | None = None, expected_state: str | None = None
    ) -> Token:
        """Async `exchange_code`."""
        form = self._exchange_form(code, state, expected_state)
        return parse_token_response(await self._apost(form, spends=True))

    def refresh(
        self, token_or_refresh_token: Token | str, *, transport: TokenTransport | None = None
    ) -> Token:
        """Spend a refresh token for a new token (the old refresh token stops working).

        Connection failures before sending and 408/429/503 answers are retried; a timeout or
        cut-off after sending raises `RefreshOutcomeUnknownError` and is not re-sent.
        `transport` is how a `Formify` client passes its own httpx client and retry budget.
        """
        refresh_token = _refresh_token_of(token_or_refresh_token)
        response = self._post(self._refresh_form(refresh_token), transport, spends=True)
        return parse_token_response(response, previous_refresh_token=refresh_token)

    async def arefresh(
        self, token_or_refresh_token: Token | str, *, transport: TokenTransport | None = None
    ) -> Token:
        """Async `refresh`."""
        refresh_token = _refresh_token_of(token_or_refresh_token)
        response = await self._apost(self._refresh_form(refresh_token), transport, spends=True)
        return parse_token_response(response, previous_refresh_token=refresh_token)

    def revoke(self, token_or_string: Token | str, token_type_hint: str | None = None) -> None:
        """Revoke a token and its grant; a `Token` revokes its refresh token unless hinted."""
        parse_revoke_response(self._post(_revoke_form(token_or_string, token_type_hint)))

    async def arevoke(
        self, token_or_string: Token | str, token_type_hint: str | None = None
    ) -> None:
        """Async `revoke`."""
        parse_revoke_response(await self._apost(_revoke_form(token_or_string, token_type_hint)))
