"""`OAuthApp`: the authorization-code flow, token refresh and revocation (Formify's OAuth 2.0)."""

from __future__ import annotations

import hmac
import os
import secrets
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

import httpx

from formify._constants import DEFAULT_BASE_URL, ENV_BASE_URL
from formify._exceptions import APIConnectionError, APITimeoutError, OAuthError, ValidationError
from formify._tokens import Token
from formify._validation import check_error_language

__all__ = ["DEFAULT_AUTHORIZE_BASE", "OAuthApp"]

DEFAULT_AUTHORIZE_BASE = "https://app.formify.eu"
SCOPES = ("read", "write")
TOKEN_PATH = "/oauth/token"  # noqa: S105 (a path, not a secret)
REVOKE_PATH = "/oauth/revoke"
TOKEN_TYPE_HINTS = ("access_token", "refresh_token")
DEFAULT_OAUTH_TIMEOUT = httpx.Timeout(30.0, connect=5.0)


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


def _revoke_form(token_or_string: Token | str, token_type_hint: str | None) -> dict[str, str]:
    if token_type_hint is not None and token_type_hint not in TOKEN_TYPE_HINTS:
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
    form = {"token": value}
    if hint is not None:
        form["token_type_hint"] = hint
    return form


def _same_state(state: str | None, expected_state: str) -> bool:
    """Compare in constant time, so the expected state cannot be guessed byte by byte."""
    expected = _check_str(expected_state, "expected_state").encode("utf-8")
    if not isinstance(state, str):
        return False
    return hmac.compare_digest(state.encode("utf-8"), expected)


@contextmanager
def _transport_errors(method: str, url: str) -> Iterator[None]:
    """Translate httpx's transport errors into the library's connection errors."""
    try:
        yield
    except httpx.TimeoutException as exc:
        raise APITimeoutError(method=method, url=url) from exc
    except httpx.TransportError as exc:
        raise APIConnectionError(
            f"Connection error: {type(exc).__name__}", method=method, url=url
        ) from exc


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

    def _exchange_form(
        self, code: str, state: str | None, expected_state: str | None
    ) -> dict[str, str]:
        _check_str(code, "code")
        if expected_state is not None and not _same_state(state, expected_state):
            raise OAuthError(
                "state_mismatch",
                "the state returned to the redirect URI is not the one this app sent",
            )
        return self._token_form(
            {"grant_type": "authorization_code", "code": code, "redirect_uri": self.redirect_uri},
        )

    def _refresh_form(self, refresh_token: str) -> dict[str, str]:
        return self._token_form({"grant_type": "refresh_token", "refresh_token": refresh_token})

    def _token_form(self, grant: dict[str, str]) -> dict[str, str]:
        """Return the token endpoint's form: the grant plus the client's credentials."""
        form = {**grant, "client_id": self.client_id, "client_secret": self._client_secret}
        if self.error_language is not None:
            form["error_language"] = self.error_language
        return form

    def _post(self, url: str, form: dict[str, str]) -> httpx.Response:
        with _transport_errors("POST", url):
            if isinstance(self._http, httpx.Client):
                return self._http.post(url, data=form)
            with httpx.Client(timeout=self.timeout, follow_redirects=False) as http:
                return http.post(url, data=form)

    async def _apost(self, url: str, form: dict[str, str]) -> httpx.Response:
        with _transport_errors("POST", url):
            if isinstance(self._http, httpx.AsyncClient):
                return await self._http.post(url, data=form)
            async with httpx.AsyncClient(timeout=self.timeout, follow_redirects=False) as http:
                return await http.post(url, data=form)

    def exchange_code(
        self, code: str, *, state: str | None = None, expected_state: str | None = None
    ) -> Token:
        """Exchange the authorization code for a token, checking the state first.

        Raises `OAuthError("state_mismatch")` before any request when `state` differs from
        `expected_state` (pass both: it is the CSRF protection of the flow).
        """
        form = self._exchange_form(code, state, expected_state)
        return parse_token_response(self._post(self.token_url, form))

    async def aexchange_code(
        self, code: str, *, state: str | None = None, expected_state: str | None = None
    ) -> Token:
        """Async `exchange_code`."""
        form = self._exchange_form(code, state, expected_state)
        return parse_token_response(await self._apost(self.token_url, form))

    def refresh(self, token_or_refresh_token: Token | str) -> Token:
        """Spend a refresh token for a new token (the old refresh token stops working)."""
        refresh_token = _refresh_token_of(token_or_refresh_token)
        response = self._post(self.token_url, self._refresh_form(refresh_token))
        return parse_token_response(response, previous_refresh_token=refresh_token)

    async def arefresh(self, token_or_refresh_token: Token | str) -> Token:
        """Async `refresh`."""
        refresh_token = _refresh_token_of(token_or_refresh_token)
        response = await self._apost(self.token_url, self._refresh_form(refresh_token))
        return parse_token_response(response, previous_refresh_token=refresh_token)

    def revoke(self, token_or_string: Token | str, token_type_hint: str | None = None) -> None:
        """Revoke a token and its grant; a `Token` revokes its refresh token unless hinted."""
        form = _revoke_form(token_or_string, token_type_hint)
        parse_revoke_response(self._post(self.revoke_url, form))

    async def arevoke(
        self, token_or_string: Token | str, token_type_hint: str | None = None
    ) -> None:
        """Async `revoke`."""
        form = _revoke_form(token_or_string, token_type_hint)
        parse_revoke_response(await self._apost(self.revoke_url, form))
