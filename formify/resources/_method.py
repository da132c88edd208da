"""Each API method stated once: the sync, async and raw-response forms are derived from it.

A resource method is written once, as a function that checks its arguments and returns what
to do: a `Call` (one request), a `Paged` list (a pager over calls), a `Download` (the
signed-file 302, then the storage GET) or a `Bracketed` write (read, write, read again).
`api_method` turns it into the method users call; the mode of the resource it is read from
decides the form:

| resource mode | `client.documents.get(...)` returns |
| --- | --- |
| `Sync` | the result (`Document`) |
| `Async` | a coroutine of the result |
| `SyncRaw` (`client.with_raw_response`) | `RawResponse[Document]` |
| `AsyncRaw` | a coroutine of `AsyncRawResponse[Document]` |

The derived function carries the statement's name, docstring and signature (without `self`,
with the real return type), so `help()` and `inspect.signature` tell the truth.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Coroutine, Sequence
from typing import (
    TYPE_CHECKING,
    Any,
    Concatenate,
    Generic,
    NamedTuple,
    ParamSpec,
    TypeAlias,
    TypeVar,
    overload,
)

from formify._call import Call
from formify._modes import Async, AsyncRaw, Sync, SyncRaw
from formify._raw_response import AsyncRawResponse, RawResponse

if TYPE_CHECKING:
    from formify import _downloads
    from formify.pagination import AsyncPager, SyncPager
    from formify.resources._base import Resource

__all__ = [
    "Async",
    "AsyncRaw",
    "Bracketed",
    "Download",
    "Paged",
    "Sync",
    "SyncRaw",
    "api_method",
]

P = ParamSpec("P")
T = TypeVar("T")
PageT = TypeVar("PageT")
ItemT = TypeVar("ItemT")


class Paged(NamedTuple, Generic[PageT, ItemT]):  # a NamedTuple: ~0.15 ms at import, attrs ~1 ms
    """A paged list: `page(offset, limit)` is the call for one page; how to read a page."""

    page: Callable[[int, int], Call[PageT]]
    items_of: Callable[[PageT], Sequence[ItemT]]
    next_offset_of: Callable[[PageT], int | None]
    page_size: int
    offset: int
    max_items: int | None

    def first_request(self) -> tuple[int, int]:
        """Return the `(offset, limit)` of the first page."""
        limit = self.page_size if self.max_items is None else min(self.page_size, self.max_items)
        return self.offset, max(limit, 1)

    def pager_args(self) -> dict[str, Any]:
        return {
            "items_of": self.items_of,
            "next_offset_of": self.next_offset_of,
            "page_size": self.page_size,
            "offset": self.offset,
            "max_items": self.max_items,
        }


class Result(Generic[T]):
    """Type marker: a statement's operation whose plain call returns a `T`."""

    __slots__ = ()


Progress: TypeAlias = "_downloads.ProgressCallback | None"
Finish: TypeAlias = Callable[[Any, Any, Any], T]


class Download(Result[int]):
    """The signed-file download: `url` is the 302 call; the body goes to `dest`."""

    # Plain classes, this and `Bracketed`: a first call does not pay for attrs generating
    # their methods (~0.5 ms each at import).
    __slots__ = ("dest", "progress", "url")

    def __init__(self, url: Call[str], dest: _downloads.Dest, progress: Progress) -> None:
        self.url, self.dest, self.progress = url, dest, progress

    def runner_args(self, client: Any, get_url: Callable[[], Any]) -> dict[str, Any]:
        """Return the arguments both download drivers take (the rules: `_downloads`)."""
        return {
            "get_url": get_url,
            "storage_client": client._storage_client(),
            "timeout": client._storage_timeout(),
            "api_base_url": client.base_url,
            "progress": self.progress,
            "max_retries": client.max_retries,
            "sleep": client._sleep,
        }


class Bracketed(Result[T]):
    """A write whose result needs the resource as it was before and after it.

    `read` (None: no read needed) is sent before and after `write`; the result is
    `finish(before, answer, after)`. The raw form is the write's response, read around too.
    """

    __slots__ = ("finish", "read", "write")

    def __init__(self, write: Call[Any], read: Call[Any] | None, finish: Finish[T]) -> None:
        self.write, self.read, self.finish = write, read, finish


Form = Callable[[Any, Callable[..., Any]], Callable[..., Any]]


class _Statement:
    """What both decorators share: the statement, and the name it is bound under."""

    _forms: dict[type, Form]

    def __init__(self, build: Callable[..., Any]) -> None:
        self._build = build
        self._name = build.__name__
        functools.update_wrapper(self, build)  # type: ignore[arg-type]

    def __set_name__(self, owner: type[Any], name: str) -> None:
        self._name = name

    def _get(self, obj: Any) -> Any:
        if obj is None:
            return self
        method = self._forms[obj._mode](obj._client, functools.partial(self._build, obj))
        _describe(method, self._build, obj._mode)
        obj.__dict__[self._name] = method  # bound once per resource, then a plain attribute
        return method


class api_method(_Statement, Generic[P, T]):  # lower case: a decorator, like `property`
    """Decorator: the one statement of an API method (see the module docstring)."""

    def __init__(self, build: Callable[Concatenate[Any, P], Call[T] | Result[T]]) -> None:
        super().__init__(build)

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> api_method[P, T]: ...

    @overload
    def __get__(self, obj: Resource[Sync], owner: type[Any]) -> Callable[P, T]: ...

    @overload
    def __get__(
        self, obj: Resource[Async], owner: type[Any]
    ) -> Callable[P, Coroutine[Any, Any, T]]: ...

    @overload
    def __get__(self, obj: Resource[SyncRaw], owner: type[Any]) -> Callable[P, RawResponse[T]]: ...

    @overload
    def __get__(
        self, obj: Resource[AsyncRaw], owner: type[Any]
    ) -> Callable[P, Coroutine[Any, Any, AsyncRawResponse[T]]]: ...

    def __get__(self, obj: Any, owner: type[Any]) -> Any:
        return self._get(obj)


class paged_method(_Statement, Generic[P, PageT, ItemT]):
    """Decorator: the one statement of a paged list (`list()` returns a pager, not awaited)."""

    def __init__(self, build: Callable[Concatenate[Any, P], Paged[PageT, ItemT]]) -> None:
        super().__init__(build)

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> paged_method[P, PageT, ItemT]: ...

    @overload
    def __get__(
        self, obj: Resource[Sync], owner: type[Any]
    ) -> Callable[P, SyncPager[PageT, ItemT]]: ...

    @overload
    def __get__(
        self, obj: Resource[Async], owner: type[Any]
    ) -> Callable[P, AsyncPager[PageT, ItemT]]: ...

    @overload
    def __get__(
        self, obj: Resource[SyncRaw], owner: type[Any]
    ) -> Callable[P, RawResponse[SyncPager[PageT, ItemT]]]: ...

    @overload
    def __get__(
        self, obj: Resource[AsyncRaw], owner: type[Any]
    ) -> Callable[P, Coroutine[Any, Any, AsyncRawResponse[AsyncPager[PageT, ItemT]]]]: ...

    def __get__(self, obj: Any, owner: type[Any]) -> Any:
        return self._get(obj)


# --- one request (or the download) ---------------------------------------------------------


def _sync(client: Any, build: Callable[..., Any]) -> Callable[..., Any]:
    def method(*args: Any, **kwargs: Any) -> Any:
        operation = build(*args, **kwargs)
        if isinstance(operation, Download):
            get_url = functools.partial(client._call, operation.url)
            return _download(operation.dest, **operation.runner_args(client, get_url))
        if isinstance(operation, Bracketed):
            read = operation.read
            before, answer = read and client._call(read), client._call(operation.write)
            return operation.finish(before, answer, read and client._call(read))
        return client._call(operation)

    return method


def _async(client: Any, build: Callable[..., Any]) -> Callable[..., Any]:
    async def method(*args: Any, **kwargs: Any) -> Any:
        operation = build(*args, **kwargs)
        if isinstance(operation, Download):
            get_url = functools.partial(client._call, operation.url)
            return await _adownload(operation.dest, **operation.runner_args(client, get_url))
        if isinstance(operation, Bracketed):
            read = operation.read
            before = await client._call(read) if read else None
            answer = await client._call(operation.write)
            return operation.finish(before, answer, await client._call(read) if read else None)
        return await client._call(operation)

    return method


def _sync_raw(client: Any, build: Callable[..., Any]) -> Callable[..., Any]:
    def method(*args: Any, **kwargs: Any) -> Any:
        operation = build(*args, **kwargs)
        if isinstance(operation, Bracketed):
            read = operation.read
            before, raw = read and client._call(read), client._call_raw(operation.write)
            result = operation.finish(before, raw.parse(), read and client._call(read))
            return RawResponse(raw.http_response, lambda: result)
        if not isinstance(operation, Download):
            return client._call_raw(operation)
        raw = client._call_raw(operation.url)  # the 302; parse() then downloads from it
        get_url = _first_then(raw.parse(), functools.partial(client._call, operation.url))
        run = functools.partial(_download, operation.dest)
        return RawResponse(raw.http_response, lambda: run(**operation.runner_args(client, get_url)))

    return method


def _async_raw(client: Any, build: Callable[..., Any]) -> Callable[..., Any]:
    async def method(*args: Any, **kwargs: Any) -> Any:
        operation = build(*args, **kwargs)
        if isinstance(operation, Bracketed):
            return await _async_raw_bracketed(client, operation)
        if not isinstance(operation, Download):
            return await client._call_raw(operation)
        raw = await client._call_raw(operation.url)
        get_url = _first_then_async(
            await raw.parse(), functools.partial(client._call, operation.url)
        )
        run = functools.partial(_adownload, operation.dest)
        return AsyncRawResponse(
            raw.http_response, lambda: run(**operation.runner_args(client, get_url))
        )

    return method


async def _async_raw_bracketed(client: Any, operation: Bracketed[Any]) -> Any:
    read = operation.read
    before = await client._call(read) if read else None
    raw = await client._call_raw(operation.write)
    result = operation.finish(before, await raw.parse(), await client._call(read) if read else None)

    async def parse() -> Any:
        return result

    return AsyncRawResponse(raw.http_response, parse)


def _download(dest: _downloads.Dest, **kwargs: Any) -> int:
    # imported on the first download: a call that downloads nothing never loads `_downloads`
    from formify._downloads import download_signed_file

    return download_signed_file(dest, **kwargs)


def _adownload(dest: _downloads.Dest, **kwargs: Any) -> Coroutine[Any, Any, int]:
    from formify._downloads import adownload_signed_file

    return adownload_signed_file(dest, **kwargs)


def _first_then(first: str, fetch: Callable[[], str]) -> Callable[[], str]:
    """Return `first` on the first call (the URL already fetched), then fresh ones."""
    urls = iter([first])
    return lambda: next(urls, None) or fetch()


def _first_then_async(first: str, fetch: Callable[[], Any]) -> Callable[[], Any]:
    urls = iter([first])

    async def get_url() -> str:
        url = next(urls, None)
        return url if url is not None else await fetch()

    return get_url


_FORMS: dict[type, Form] = {Sync: _sync, Async: _async, SyncRaw: _sync_raw, AsyncRaw: _async_raw}


# --- paged lists ---------------------------------------------------------------------------


def _pager(client: Any, operation: Paged[Any, Any], first: Any = None) -> SyncPager[Any, Any]:
    fetch = lambda offset, limit: client._call(operation.page(offset, limit))  # noqa: E731
    from formify.pagination import SyncPager  # on the first list: a get never needs it

    return SyncPager(_starting_with(first, fetch), **operation.pager_args())


def _apager(client: Any, operation: Paged[Any, Any], first: Any = None) -> AsyncPager[Any, Any]:
    async def fetch(offset: int, limit: int) -> Any:
        return await client._call(operation.page(offset, limit))

    async def fetch_page(offset: int, limit: int) -> Any:
        return prefetched.pop() if prefetched else await fetch(offset, limit)

    prefetched = [first] if first is not None else []
    from formify.pagination import AsyncPager

    return AsyncPager(fetch_page, **operation.pager_args())


def _starting_with(first: Any, fetch: Callable[[int, int], Any]) -> Callable[[int, int], Any]:
    prefetched = [first] if first is not None else []
    return lambda offset, limit: prefetched.pop() if prefetched else fetch(offset, limit)


def _sync_paged(client: Any, build: Callable[..., Any]) -> Callable[..., Any]:
    return lambda *args, **kwargs: _pager(client, build(*args, **kwargs))


def _async_paged(client: Any, build: Callable[..., Any]) -> Callable[..., Any]:
    return lambda *args, **kwargs: _apager(client, build(*args, **kwargs))


def _sync_raw_paged(client: Any, build: Callable[..., Any]) -> Callable[..., Any]:
    def method(*args: Any, **kwargs: Any) -> Any:
        # The raw form is the first page's response; parse() gives the pager, starting there.
        operation = build(*args, **kwargs)
        raw = client._call_raw(operation.page(*operation.first_request()))
        return RawResponse(raw.http_response, lambda: _pager(client, operation, raw.parse()))

    return method


def _async_raw_paged(client: Any, build: Callable[..., Any]) -> Callable[..., Any]:
    async def method(*args: Any, **kwargs: Any) -> Any:
        operation = build(*args, **kwargs)
        raw = await client._call_raw(operation.page(*operation.first_request()))
        first = await raw.parse()

        async def parse() -> Any:
            return _apager(client, operation, first)

        return AsyncRawResponse(raw.http_response, parse)

    return method


_PAGED_FORMS: dict[type, Form] = {
    Sync: _sync_paged,
    Async: _async_paged,
    SyncRaw: _sync_raw_paged,
    AsyncRaw: _async_raw_paged,
}
_RETURNS: dict[type, str] = {
    Sync: "{}",
    Async: "{}",
    SyncRaw: "RawResponse[{}]",
    AsyncRaw: "AsyncRawResponse[{}]",
}
_ASYNC_PAGER: frozenset[type] = frozenset({Async, AsyncRaw})


def _describe(method: Callable[..., Any], build: Callable[..., Any], mode: type) -> None:
    """Give the derived method the statement's name, docstring and a truthful signature."""
    functools.update_wrapper(method, build)
    del method.__wrapped__  # type: ignore[attr-defined]  # inspect would show `self`, `Call[..]`
    signature = inspect.signature(build)
    result = _result_type(str(signature.return_annotation), async_pager=mode in _ASYNC_PAGER)
    returns = _RETURNS[mode].format(result)
    parameters = list(signature.parameters.values())[1:]
    method.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=parameters, return_annotation=returns
    )
    method.__annotations__ = {**build.__annotations__, "return": returns}


def _result_type(annotation: str, *, async_pager: bool) -> str:
    """`Call[Document]` -> `Document`; `Paged[DocumentList, DocumentSummary]` -> its pager."""
    if annotation.startswith("Call[") and annotation.endswith("]"):
        return annotation[len("Call[") : -1]
    if annotation == "Download":
        return "int"
    if annotation.startswith("Bracketed[") and annotation.endswith("]"):
        return annotation[len("Bracketed[") : -1]
    if annotation.startswith("Paged[") and annotation.endswith("]"):
        pager = "AsyncPager" if async_pager else "SyncPager"
        return f"{pager}[{annotation[len('Paged[') : -1]}]"
    return annotation


api_method._forms = _FORMS
paged_method._forms = _PAGED_FORMS
