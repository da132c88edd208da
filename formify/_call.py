"""One API call, described once: which generated endpoint, its arguments, how to read it.

The resources state each method as a function returning a `Call`; the clients perform it
(`_client`). `build_request` turns the generated endpoint's request kwargs into one
`httpx.Request` with our absolute URL, headers and timeout.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, Generic, NamedTuple, Protocol, TypeVar

import httpx

from formify._request_urls import request_url
from formify._validation import refuse_unsendable

__all__ = ["Call", "Endpoint", "build_request", "encode_query"]

T = TypeVar("T")


class Endpoint(Protocol):
    """A generated endpoint module: builds request kwargs and parses the response."""

    def _get_kwargs(self, *args: Any, **kwargs: Any) -> dict[str, Any]: ...

    def _build_response(self, *, client: Any, response: httpx.Response) -> Any: ...


def _same(value: Any) -> Any:
    return value


class Call(NamedTuple, Generic[T]):
    """One API call as the resources describe it; `Formify` and `AsyncFormify` perform it.

    `args`/`kwargs` go to the endpoint's `_get_kwargs`; `rewrite` may transform the request
    kwargs (the streamed upload); `expect` says a 2xx must carry a parsed model; `result`
    turns the parsed model into what the facade returns; `handle`, when set, replaces the
    generic parsing and receives the raw response (the 302 of the signed-file endpoint).
    """

    endpoint: Endpoint
    args: tuple[Any, ...] = ()
    kwargs: Mapping[str, Any] = MappingProxyType({})
    expect: bool = True
    result: Callable[[Any], T] = _same
    rewrite: Callable[[dict[str, Any]], dict[str, Any]] | None = None
    handle: Callable[[httpx.Response], T] | None = None

    def request_kwargs(self) -> dict[str, Any]:
        """Return the httpx request kwargs, built by the generated endpoint module."""
        with refuse_unsendable():
            built = self.endpoint._get_kwargs(*self.args, **self.kwargs)
            return self.rewrite(built) if self.rewrite is not None else built


def build_request(
    http: httpx.Client | httpx.AsyncClient,
    kwargs: Mapping[str, Any],
    *,
    base_url: str = "",
    headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | None = None,
) -> httpx.Request:
    """Build the request from generated kwargs; `stream` (an upload body) is attached as is.

    The URL is made absolute here and the headers and timeout are the request's own, so the
    httpx client's base URL, auth and default headers are never relied on or changed.
    """
    stream = kwargs.get("stream")
    args = {key: value for key, value in kwargs.items() if key != "stream"}
    params = args.pop("params", None)
    # The query encoded here, the same way httpx does: given `params`, httpx would parse the
    # URL a second time to merge them; the URL joined onto the parsed base (`_request_urls`).
    args["url"] = request_url(base_url, args["url"], encode_query(params) if params else "")
    if timeout is not None:  # else the httpx client's own timeout applies
        args["timeout"] = timeout
    given = args.get("headers")
    late = headers or {}
    if given or not ("".join(late).isascii() and "".join(late.values()).isascii()):
        # The endpoint's own headers (a body's Content-Type) win over ours, ours over the
        # httpx client's defaults; httpx refuses a non-ASCII one (a ValidationError below).
        args["headers"], late = {**late, **(given or {})}, {}
    # Else ours are set on the built request: the same headers, without httpx's merge
    # (`Headers.update`, ~30 us a call; setting two costs ~8 us).
    with refuse_unsendable():
        request = http.build_request(**args)
    request_headers = request.headers
    for key, value in late.items():
        request_headers[key] = value
    if stream is not None:
        # httpx would wrap an iterable in a one-shot, sync-only stream; ours is re-iterable
        # and serves both clients, so it is attached directly.
        request.stream = stream
    return request


# What httpx's query encoding (`quote(..., safe="")`) leaves as it is.
_PLAIN = re.compile(r"[A-Za-z0-9_.~-]*").fullmatch


def encode_query(params: Mapping[str, Any]) -> str:
    """Return `params` as httpx encodes them (`str(httpx.QueryParams(params))`), faster.

    Plain strings and ints (the API's query values: languages, limits, offsets) are joined
    directly; anything else (a list, a bool, a character that needs escaping) goes through
    httpx, so the result is always httpx's own.
    """
    parts = []
    for key, value in params.items():
        kind = type(value)
        text = str(value) if kind is int else value if kind is str else None
        if text is None or not _PLAIN(key) or not _PLAIN(text):
            return str(httpx.QueryParams(params))
        parts.append(f"{key}={text}")
    return "&".join(parts)
