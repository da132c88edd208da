"""What `Formify` and `AsyncFormify` share: construction, configuration, per-call options, parsing.

Each client is built here once (`BaseClient.__init__`); `Formify` and `AsyncFormify` add
only their I/O (`_client`). Request kwargs come from the generated endpoint modules'
`_get_kwargs` (`_call`), the retries from `_retries`, the errors from `_error_mapping`; a
2xx is parsed by the generated `_build_response`.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable, Generator, Mapping
from typing import TYPE_CHECKING, Any, Generic, Self, TypeVar

import httpx
from formify_api.client import Client as GeneratedClient
from formify_api.errors import UnexpectedStatus

from formify._auth import RefreshingAuth, build_auth
from formify._call import Call, Endpoint, build_request
from formify._constants import (
    DEFAULT_BASE_URL,
    DEFAULT_ERROR_LANGUAGE,
    DEFAULT_MAX_RETRIES,
    DEFAULT_MAX_RETRY_WAIT,
    DEFAULT_TIMEOUT,
    ENV_ACCESS_TOKEN,
    ENV_BASE_URL,
    USER_AGENT,
)
from formify._error_mapping import make_api_error, map_httpx_errors, unexpected_response
from formify._exceptions import APIError, ValidationError
from formify._explain import base_url_hint
from formify._logging import setup_logging
from formify._modes import Async, Sync
from formify._oauth import TokenTransport
from formify._rate_limit import RateLimit, parse_rate_limit
from formify._resource_set import RESOURCE_NAMES, Resources
from formify._retries import Done, Outcome, Sleep, send_flow
from formify._storage_urls import storage_client_for
from formify._validation import check_error_language

if TYPE_CHECKING:
    from formify._oauth import OAuthApp
    from formify._tokens import Token, TokenStore

__all__ = [
    "USER_AGENT",
    "BaseClient",
    "Call",
    "RateLimit",
    "build_request",
    "make_api_error",
    "map_httpx_errors",
    "parse_rate_limit",
]

_DEFAULT_HEADERS = {"User-Agent": USER_AGENT, "Accept": "application/json"}
# The generated parsers read only `raise_on_unexpected_status` from their client argument.
_PARSER_SETTINGS = GeneratedClient(base_url="", raise_on_unexpected_status=False)

T = TypeVar("T")
HttpT = TypeVar("HttpT", httpx.Client, httpx.AsyncClient)
M = TypeVar("M", Sync, Async)


class _Shared(Generic[HttpT]):
    """What a client shares with its `with_options` copies besides the pool and the auth."""

    def __init__(self) -> None:
        self.storage: HttpT | None = None


class _Keep:
    """`with_options`' default: leave this setting as it is."""

    def __repr__(self) -> str:
        return "unchanged"


KEEP: Any = _Keep()


class BaseClient(Resources[M], Generic[HttpT, M]):
    """Construction and behaviour shared by `Formify` and `AsyncFormify`.

    `HttpT` is the httpx client class the subclass does its I/O with; `M` the mode of its
    resources (`Sync` or `Async`, see `resources._method`).
    """

    _http_class: type[HttpT]
    _mode: type[M]

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
        http_client: HttpT | None = None,
    ) -> None:
        setup_logging()
        check_error_language(error_language)
        _check_retries(max_retries, max_retry_wait)
        if access_token is None and oauth is None and token is None:
            access_token = os.environ.get(ENV_ACCESS_TOKEN) or None
        self.base_url = (base_url or os.environ.get(ENV_BASE_URL) or DEFAULT_BASE_URL).rstrip("/")
        if not self.base_url.startswith(("http://", "https://")):
            raise ValidationError("base_url", "must be an absolute http:// or https:// URL")
        self.error_language = error_language
        self.max_retries = max_retries
        self.max_retry_wait = float(max_retry_wait)
        self._timeout_given = timeout is not None
        self.timeout = _timeout(timeout)
        self._headers: Mapping[str, str] = _headers_for(http_client)
        self._uses_oauth = oauth is not None
        self._auth = build_auth(
            access_token=access_token,
            oauth=oauth,
            token=token,
            token_store=token_store,
            on_token_refresh=on_token_refresh,
        )
        self.rate_limit: RateLimit | None = None
        self._owns_http = http_client is None
        self._http: HttpT = self._make_http(http_client)
        if isinstance(self._auth, RefreshingAuth):  # token calls share the pool and settings
            given = self.timeout if self._timeout_given else None
            self._auth.use_transport(
                TokenTransport(self._http, given, self.max_retries, self.max_retry_wait)
            )
        # The storage client is made on the first download and shared with `with_options`
        # copies; only the client constructed by the caller (the root) closes anything.
        self._shared: _Shared[HttpT] = _Shared()
        self._root = True

    def _make_http(self, http_client: HttpT | None) -> HttpT:
        """Return a new pool of our own, or the caller's client, used as it is.

        A caller's client is never changed: the base URL, auth, headers and a given timeout
        travel with each request (see `build_request`), so any number of clients with
        different tokens can share one pool. Creating either opens no connection.
        """
        if http_client is None:
            return self._http_class(timeout=self.timeout, follow_redirects=False)
        if not isinstance(http_client, self._http_class):
            raise ValidationError(
                "http_client", f"must be an httpx.{self._http_class.__name__} for this client"
            )
        return http_client

    def with_options(
        self,
        *,
        timeout: float | httpx.Timeout | None = KEEP,
        max_retries: int = KEEP,
        max_retry_wait: float = KEEP,
        error_language: str | None = KEEP,
        headers: Mapping[str, str] | None = None,
    ) -> Self:
        """Return a client for the calls made through it with these settings changed.

        It shares this client's connection pool, auth and token state (a refresh by either
        serves both); closing it closes nothing. `headers` are added to every request (they
        may replace our `User-Agent` and `Accept`, not the `Authorization`).
        """
        if error_language is not KEEP:
            check_error_language(error_language)
        _check_retries(
            self.max_retries if max_retries is KEEP else max_retries,
            self.max_retry_wait if max_retry_wait is KEEP else max_retry_wait,
        )
        clone = copy.copy(self)
        clone._root = False
        if timeout is not KEEP:
            clone.timeout, clone._timeout_given = _timeout(timeout), True
        if max_retries is not KEEP:
            clone.max_retries = max_retries
        if max_retry_wait is not KEEP:
            clone.max_retry_wait = float(max_retry_wait)
        if error_language is not KEEP:
            clone.error_language = error_language
        if headers is not None:
            clone._headers = {**self._headers, **_check_headers(headers)}
        clone.rate_limit = None
        for name in (*RESOURCE_NAMES, "with_raw_response"):  # made again, for the copy
            vars(clone).pop(name, None)
        return clone

    @property
    def _storage(self) -> HttpT | None:
        return self._shared.storage

    def _storage_client(self) -> HttpT:
        """Return the plain client for the storage host: no API auth, no API headers."""
        if self._shared.storage is None:
            # on the API client's transport and mounts (a caller's proxy, certificates...)
            self._shared.storage = storage_client_for(self._http)
        return self._shared.storage

    def _storage_timeout(self) -> httpx.Timeout:
        """Return the timeout of this client's storage GETs: the one given, else the pool's."""
        return self.timeout if self._timeout_given else self._http.timeout

    def __repr__(self) -> str:
        auth = "oauth" if self._uses_oauth else "access_token"
        return f"{type(self).__name__}(base_url={self.base_url!r}, auth={auth})"

    def _language(self, error_language: str | None) -> str | None:
        """Return the call's error language (validated), else the client's default."""
        check_error_language(error_language)
        return error_language if error_language is not None else self.error_language

    def _build_request(self, kwargs: Mapping[str, Any]) -> httpx.Request:
        """Build one request: our absolute URL and headers, the timeout when one was given."""
        return build_request(
            self._http,
            kwargs,
            base_url=self.base_url,
            headers=self._headers,
            timeout=self.timeout if self._timeout_given else None,
        )

    def _flow(self, request: httpx.Request) -> Generator[Sleep | Done | None, Outcome, None]:
        return send_flow(
            request,
            max_retries=self.max_retries,
            max_retry_wait=self.max_retry_wait,
            on_response=self._record_rate_limit,
        )

    def _record_rate_limit(self, response: httpx.Response) -> None:
        latest = parse_rate_limit(response.headers)
        if latest is not None:
            self.rate_limit = latest

    def _finish(self, call: Call[T], response: httpx.Response) -> T:
        """Turn the final response of `call` into its result, or raise the mapped error."""
        if call.handle is not None:
            return call.handle(response)
        return call.result(self._parse(call.endpoint, response, expect=call.expect))

    def _parse(self, endpoint: Endpoint, response: httpx.Response, *, expect: bool) -> Any:
        """Map an error status to its `APIError`; parse a success with the generated code."""
        self._raise_for_error(response)
        if not 200 <= response.status_code < 300:
            # A redirect (say, http:// to https://) or an informational status is no success,
            # even for the calls that return nothing (a DELETE must not pass for done).
            raise unexpected_response(response)
        try:
            parsed = endpoint._build_response(client=_PARSER_SETTINGS, response=response).parsed
        except (KeyError, ValueError, TypeError, AttributeError, UnexpectedStatus) as exc:
            # UnexpectedStatus only if someone turned raise_on_unexpected_status on; it must
            # not escape either way.
            raise APIError(
                response.status_code,
                f"could not parse the response ({type(exc).__name__}: {exc})",
                body=response.text,
                headers=dict(response.headers),
            ) from exc
        if expect and parsed is None:
            raise unexpected_response(response)
        return parsed

    def _raise_for_error(self, response: httpx.Response) -> httpx.Response:
        """Raise the mapped error for an error status (the raw responses raise them too)."""
        if response.status_code >= 400:
            hint = base_url_hint(self.base_url) if response.status_code == 404 else None
            raise make_api_error(response, hint=hint)
        return response


def _headers_for(http_client: httpx.Client | httpx.AsyncClient | None) -> Mapping[str, str]:
    """Our default headers; a caller's own User-Agent (not httpx's) is kept, ours appended."""
    theirs = http_client.headers.get("User-Agent", "") if http_client is not None else ""
    if not theirs or theirs.startswith("python-httpx/") or USER_AGENT in theirs:
        return _DEFAULT_HEADERS
    # the caller's product token first (it names their app)
    return {**_DEFAULT_HEADERS, "User-Agent": f"{theirs} {USER_AGENT}"}


def _check_retries(max_retries: Any, max_retry_wait: Any) -> None:
    if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
        raise ValidationError("max_retries", "must be an integer >= 0")
    if not isinstance(max_retry_wait, int | float) or max_retry_wait < 0:
        raise ValidationError("max_retry_wait", "must be a number of seconds >= 0")


def _check_headers(headers: Any) -> dict[str, str]:
    if not isinstance(headers, Mapping) or not all(
        isinstance(key, str) and isinstance(value, str) for key, value in headers.items()
    ):
        raise ValidationError("headers", "must be a mapping of header names to strings")
    if any(key.lower() == "authorization" for key in headers):
        raise ValidationError("headers", "must not set Authorization (the client's auth does)")
    return dict(headers)


def _timeout(timeout: float | httpx.Timeout | None) -> httpx.Timeout:
    if timeout is None:
        return DEFAULT_TIMEOUT
    if isinstance(timeout, httpx.Timeout):
        return timeout
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout <= 0:
        raise ValidationError("timeout", "must be a positive number of seconds or httpx.Timeout")
    return httpx.Timeout(float(timeout))
