"""What `Formify` and `AsyncFormify` share: configuration, the retrying send loop, parsing.

The send loop is written once, as a generator (`send_flow`) that yields "send now" or
"sleep this long" and receives each outcome; `Formify` and `AsyncFormify` only drive it with
blocking or awaited I/O. Request kwargs come from the generated endpoint modules'
`_get_kwargs`, and 2xx responses are parsed by their `_build_response`, so the generated code
does the building and parsing while the facade adds retries, typed errors and logging.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Generator, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

import attrs
import httpx
from formify_api.client import Client as GeneratedClient
from formify_api.errors import UnexpectedStatus

from formify._auth import build_auth
from formify._constants import (
    DEFAULT_BASE_URL,
    DEFAULT_TIMEOUT,
    ENV_ACCESS_TOKEN,
    ENV_BASE_URL,
    RATE_LIMIT_LIMIT_HEADER,
    RATE_LIMIT_REMAINING_HEADER,
    RATE_LIMIT_RESET_HEADER,
)
from formify._exceptions import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    DownloadError,
    ValidationError,
    make_status_error,
)
from formify._explain import (
    base_url_hint,
    is_unusable_location,
    not_retried,
    transport_failure,
)
from formify._logging import logger, redact_headers, setup_logging
from formify._retries import is_idempotent, rate_limit_reset, retry_delay, should_retry
from formify._validation import check_error_language, refuse_unsendable
from formify._version import __version__

if TYPE_CHECKING:
    from formify._oauth import OAuthApp
    from formify._tokens import Token, TokenStore

__all__ = [
    "BaseClient",
    "Call",
    "Endpoint",
    "RateLimit",
    "Sleep",
    "build_request",
    "make_api_error",
    "map_httpx_errors",
    "parse_rate_limit",
    "send_flow",
]

USER_AGENT = f"formify-python/{__version__}"
Outcome = httpx.Response | APIConnectionError | None


class Endpoint(Protocol):
    """A generated endpoint module: builds request kwargs and parses the response."""

    def _get_kwargs(self, *args: Any, **kwargs: Any) -> dict[str, Any]: ...

    def _build_response(self, *, client: Any, response: httpx.Response) -> Any: ...


T = TypeVar("T")


def _same(value: Any) -> Any:
    return value


@attrs.frozen
class Call(Generic[T]):
    """One API call as the resources describe it; `Formify` and `AsyncFormify` perform it.

    `args`/`kwargs` go to the endpoint's `_get_kwargs`; `rewrite` may transform the request
    kwargs (the streamed upload); `expect` says a 2xx must carry a parsed model; `result`
    turns the parsed model into what the facade returns; `handle`, when set, replaces the
    generic parsing and receives the raw response (the 302 of the signed-file endpoint).
    """

    endpoint: Endpoint
    args: tuple[Any, ...] = ()
    kwargs: Mapping[str, Any] = attrs.field(factory=dict)
    expect: bool = True
    result: Callable[[Any], T] = _same
    rewrite: Callable[[dict[str, Any]], dict[str, Any]] | None = None
    handle: Callable[[httpx.Response], T] | None = None

    def request_kwargs(self) -> dict[str, Any]:
        """Return the httpx request kwargs, built by the generated endpoint module."""
        with refuse_unsendable():
            built = self.endpoint._get_kwargs(*self.args, **self.kwargs)
            return self.rewrite(built) if self.rewrite is not None else built


@attrs.frozen
class RateLimit:
    """The API's rate-limit headers from the latest response (None where absent)."""

    limit: int | None
    remaining: int | None
    reset: int | None


@attrs.frozen
class Sleep:
    """Yielded by `send_flow`: wait this many seconds, then send `None` back."""

    seconds: float


def parse_rate_limit(headers: httpx.Headers) -> RateLimit | None:
    """Read `X-RateLimit-*` headers; None when the response carries none of them."""
    names = (RATE_LIMIT_LIMIT_HEADER, RATE_LIMIT_REMAINING_HEADER, RATE_LIMIT_RESET_HEADER)
    raw = [headers.get(name) for name in names]
    if all(value is None for value in raw):
        return None
    limit, remaining, reset = (_to_int(value) for value in raw)
    return RateLimit(limit=limit, remaining=remaining, reset=reset)


def _to_int(value: str | None) -> int | None:
    try:
        return int(float(value)) if value is not None else None
    except ValueError:
        return None


@contextmanager
def map_httpx_errors(method: str, url: httpx.URL | str) -> Iterator[None]:
    """Translate httpx transport failures into `APIConnectionError` / `APITimeoutError`.

    A redirect whose `Location` httpx cannot use becomes a `DownloadError` at once (only the
    signed-file call redirects, and another try would get the same answer).
    """
    url = httpx.URL(url)
    where = f"{method} {url.path}"  # the path only: a query could carry a secret
    try:
        yield
    except (httpx.InvalidURL, httpx.RemoteProtocolError) as exc:
        if is_unusable_location(exc):
            raise DownloadError(
                f"{where} redirected to an unusable storage URL (a Location that is no http(s) URL)"
            ) from exc
        if isinstance(exc, httpx.InvalidURL):
            raise
        raise APIConnectionError(
            transport_failure(method, url, exc), method=method, url=where
        ) from exc
    except httpx.TimeoutException as exc:
        raise APITimeoutError(
            transport_failure(method, url, exc), method=method, url=where
        ) from exc
    except (httpx.TransportError, httpx.DecodingError) as exc:
        raise APIConnectionError(
            transport_failure(method, url, exc), method=method, url=where
        ) from exc


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


def build_request(
    http: httpx.Client | httpx.AsyncClient, kwargs: Mapping[str, Any]
) -> httpx.Request:
    """Build the request from generated kwargs; `stream` (an upload body) is attached as is."""
    stream = kwargs.get("stream")
    with refuse_unsendable():
        request = http.build_request(
            **{key: value for key, value in kwargs.items() if key != "stream"}
        )
    if stream is not None:
        # httpx would wrap an iterable in a one-shot, sync-only stream; ours is re-iterable
        # and serves both clients, so it is attached directly.
        request.stream = stream
    return request


def send_flow(
    request: httpx.Request,
    *,
    max_retries: int,
    max_retry_wait: float,
    on_response: Callable[[httpx.Response], None],
) -> Generator[Sleep | None, Outcome, httpx.Response]:
    """Drive one request: yield None to send it, `Sleep` to wait; return the final response.

    The outcome of each send is sent back in: an `httpx.Response` or the
    `APIConnectionError` that `map_httpx_errors` made of the failure. Error statuses are
    returned, not raised; the caller maps them (a 429 above `max_retry_wait` returns at once).
    """
    method, path = request.method, request.url.path
    if logger.isEnabledFor(logging.DEBUG):  # redacting the headers costs ~15 us a call
        logger.debug("request %s %s headers=%s", method, path, redact_headers(request.headers))
    attempt = 0
    while True:
        outcome = yield None
        if isinstance(outcome, APIConnectionError):
            logger.info("%s %s failed: %s (attempt %d)", method, path, outcome, attempt + 1)
            if attempt >= max_retries or not should_retry(method, exc=outcome.__cause__):
                if not is_idempotent(method) and not should_retry(method, exc=outcome.__cause__):
                    # Tell the caller why a write was not retried, and what it may mean.
                    raise type(outcome)(
                        f"{outcome}; {not_retried(method)}", method=outcome.method, url=outcome.url
                    ) from outcome.__cause__
                raise outcome
            delay = retry_delay(attempt)
        else:
            assert outcome is not None
            on_response(outcome)
            status = outcome.status_code
            logger.info("%s %s -> %d (attempt %d)", method, path, status, attempt + 1)
            if status < 400 or attempt >= max_retries or not should_retry(method, status=status):
                return outcome
            delay = retry_delay(attempt, outcome.headers if status == 429 else None)
            # The ceiling is for the server's rate-limit wait; backoff (at most 8 s) is not
            # capped by it, just as the backoff after a connection failure is not.
            if status == 429 and delay > max_retry_wait:
                logger.info("%s %s: server asks to wait %.1fs; not waiting", method, path, delay)
                return outcome
        logger.info(
            "retrying %s %s in %.2fs (retry %d of %d)",
            method,
            path,
            delay,
            attempt + 1,
            max_retries,
        )
        yield Sleep(delay)
        attempt += 1


HttpT = TypeVar("HttpT", httpx.Client, httpx.AsyncClient)


class BaseClient(Generic[HttpT]):
    """Configuration and behaviour shared by `Formify` and `AsyncFormify`.

    `HttpT` is the httpx client class the subclass does its I/O with.
    """

    _http_class: type[HttpT]

    def __init__(
        self,
        *,
        access_token: str | None,
        oauth: OAuthApp | None,
        token: Token | None,
        token_store: TokenStore | None,
        on_token_refresh: Callable[[Token], object] | None,
        base_url: str | None,
        error_language: str | None,
        timeout: float | httpx.Timeout | None,
        max_retries: int,
        max_retry_wait: float,
        http_client: HttpT | None,
    ) -> None:
        setup_logging()
        check_error_language(error_language)
        if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
            raise ValidationError("max_retries", "must be an integer >= 0")
        if not isinstance(max_retry_wait, int | float) or max_retry_wait < 0:
            raise ValidationError("max_retry_wait", "must be a number of seconds >= 0")
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
        self._storage: HttpT | None = None
        self._generated = GeneratedClient(base_url=self.base_url)
        if isinstance(self._http, httpx.Client):
            self._generated.set_httpx_client(self._http)
        else:
            self._generated.set_async_httpx_client(self._http)

    def _make_http(self, http_client: HttpT | None) -> HttpT:
        """Return our own configured httpx client, or the caller's, adopted."""
        if http_client is None:
            return self._http_class(**self._http_options())
        if not isinstance(http_client, self._http_class):
            raise ValidationError(
                "http_client", f"must be an httpx.{self._http_class.__name__} for this client"
            )
        self._adopt(http_client)
        return http_client

    def _storage_client(self) -> HttpT:
        """Return the plain client for the storage host: no API auth, no API headers."""
        if self._storage is None:
            # imported here: _storage_urls imports this module (for USER_AGENT)
            from formify._storage_urls import storage_client_for

            self._storage = storage_client_for(self._http)
        return self._storage

    def __repr__(self) -> str:
        auth = "oauth" if self._uses_oauth else "access_token"
        return f"{type(self).__name__}(base_url={self.base_url!r}, auth={auth})"

    def _language(self, error_language: str | None) -> str | None:
        """Return the call's error language (validated), else the client's default."""
        check_error_language(error_language)
        return error_language if error_language is not None else self.error_language

    def _http_options(self) -> dict[str, Any]:
        return {
            "base_url": self.base_url,
            "auth": self._auth,
            "headers": self._default_headers(),
            "timeout": self.timeout,
            "follow_redirects": False,
        }

    def _default_headers(self) -> dict[str, str]:
        return {"User-Agent": USER_AGENT, "Accept": "application/json"}

    def _adopt(self, http: httpx.Client | httpx.AsyncClient) -> None:
        """Configure a caller's own httpx client: our base URL, auth and headers win."""
        http.base_url = httpx.URL(self.base_url)
        http.auth = self._auth
        theirs = http.headers.get("User-Agent", "")
        http.headers.update(self._default_headers())
        if theirs and not theirs.startswith("python-httpx/") and USER_AGENT not in theirs:
            # the caller's product token first (it names their app), ours appended
            http.headers["User-Agent"] = f"{theirs} {USER_AGENT}"
        if self._timeout_given:
            http.timeout = self.timeout

    def _flow(self, request: httpx.Request) -> Generator[Sleep | None, Outcome, httpx.Response]:
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
        if response.status_code >= 400:
            hint = base_url_hint(self.base_url) if response.status_code == 404 else None
            raise make_api_error(response, hint=hint)
        if not 200 <= response.status_code < 300:
            # A redirect (say, http:// to https://) or an informational status is no success,
            # even for the calls that return nothing (a DELETE must not pass for done).
            raise self._unexpected(response)
        try:
            parsed = endpoint._build_response(client=self._generated, response=response).parsed
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
            raise self._unexpected(response)
        return parsed

    @staticmethod
    def _unexpected(response: httpx.Response) -> APIError:
        return APIError(
            response.status_code,
            f"unexpected {response.status_code} response to "
            f"{response.request.method} {response.request.url.path}",
            body=response.text,
            headers=dict(response.headers),
        )


def _timeout(timeout: float | httpx.Timeout | None) -> httpx.Timeout:
    if timeout is None:
        return DEFAULT_TIMEOUT
    if isinstance(timeout, httpx.Timeout):
        return timeout
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout <= 0:
        raise ValidationError("timeout", "must be a positive number of seconds or httpx.Timeout")
    return httpx.Timeout(float(timeout))
