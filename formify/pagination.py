"""Lazy iterators over the API's offset-paged lists (`GET /docs`, `GET /templates`).

`client.documents.list()` returns a `SyncPager` (an `AsyncPager` on `AsyncFormify`): iterating
it yields every item, fetching the next page only when the previous one is used up;
`.pages()` yields the page models themselves. `max_items` caps the total number of items
(the page size never does). The paging rules live once, in `_Cursor`; the two pagers differ
only in whether the fetch is awaited.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from typing import Generic, TypeVar

from formify._exceptions import PaginationError
from formify._validation import check_paging

__all__ = ["AsyncPager", "SyncPager"]

FetchT = TypeVar("FetchT")
PageT = TypeVar("PageT")
ItemT = TypeVar("ItemT")


class _Cursor(Generic[PageT, ItemT]):
    """Where the iteration stands: which page to ask for next, and when to stop.

    Pure state, no I/O: `next_request()` says what to fetch (or None when done), `accept()`
    takes the fetched page and returns the items to hand out.
    """

    def __init__(
        self,
        *,
        items_of: Callable[[PageT], Sequence[ItemT]],
        next_offset_of: Callable[[PageT], int | None],
        page_size: int,
        offset: int,
        max_items: int | None,
    ) -> None:
        self._items_of = items_of
        self._next_offset_of = next_offset_of
        self._page_size = page_size
        self._offset: int | None = offset
        self._remaining = max_items
        # A bad link is only an error if we would follow it: the page's items are still good.
        self._broken_link: PaginationError | None = None

    def next_request(self) -> tuple[int, int] | None:
        """Return the `(offset, limit)` to fetch next, or None when the iteration is over."""
        if self._remaining == 0 or self._offset is None:
            return None
        if self._broken_link is not None:
            raise self._broken_link
        limit = self._page_size
        if self._remaining is not None:
            limit = min(limit, self._remaining)
        return self._offset, limit

    def accept(self, page: PageT) -> Sequence[ItemT]:
        """Record a fetched page; return its items, trimmed to what `max_items` still allows."""
        current = self._offset
        items = all_items = self._items_of(page)
        if self._remaining is not None:
            items = items[: self._remaining]
            self._remaining -= len(items)
        next_offset = self._next_offset_of(page)
        self._offset = next_offset
        if next_offset is not None and current is not None:
            if not all_items:
                self._broken_link = PaginationError(
                    f"the page at offset {current} was empty but gave nextOffset {next_offset}; "
                    "stopping instead of asking for pages forever"
                )
            elif next_offset <= current:
                self._broken_link = PaginationError(
                    f"the page at offset {current} gave nextOffset {next_offset}, which does "
                    "not advance past it; stopping instead of looping"
                )
        return items


class _Pager(Generic[FetchT, PageT, ItemT]):
    """What both pagers hold: how to fetch and read a page, and the checked paging arguments."""

    def __init__(
        self,
        fetch_page: FetchT,
        *,
        items_of: Callable[[PageT], Sequence[ItemT]],
        next_offset_of: Callable[[PageT], int | None],
        page_size: int = 50,
        offset: int = 0,
        max_items: int | None = None,
    ) -> None:
        check_paging(page_size, offset, max_items)
        self._fetch_page = fetch_page
        self._items_of = items_of
        self._next_offset_of = next_offset_of
        self.page_size = page_size
        self.offset = offset
        self.max_items = max_items

    def _cursor(self) -> _Cursor[PageT, ItemT]:
        # A fresh cursor per iteration: iterating the pager again starts over from `offset`.
        return _Cursor(
            items_of=self._items_of,
            next_offset_of=self._next_offset_of,
            page_size=self.page_size,
            offset=self.offset,
            max_items=self.max_items,
        )

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(page_size={self.page_size}, offset={self.offset}, "
            f"max_items={self.max_items})"
        )


class SyncPager(_Pager[Callable[[int, int], PageT], PageT, ItemT]):
    """Iterate over every item of a paged list; nothing is fetched until iteration starts."""

    def _walk(self) -> Iterator[tuple[PageT, Sequence[ItemT]]]:
        cursor = self._cursor()
        while (request := cursor.next_request()) is not None:
            page = self._fetch_page(*request)
            yield page, cursor.accept(page)

    def __iter__(self) -> Iterator[ItemT]:
        """Yield every item (up to `max_items`), page after page."""
        for _, items in self._walk():
            yield from items

    def pages(self) -> Iterator[PageT]:
        """Yield the page models, one request each, until the last page (or `max_items`)."""
        for page, _ in self._walk():
            yield page


class AsyncPager(_Pager[Callable[[int, int], Awaitable[PageT]], PageT, ItemT]):
    """Iterate (`async for`) over every item of a paged list; lazy like `SyncPager`."""

    async def _walk(self) -> AsyncIterator[tuple[PageT, Sequence[ItemT]]]:
        cursor = self._cursor()
        while (request := cursor.next_request()) is not None:
            page = await self._fetch_page(*request)
            yield page, cursor.accept(page)

    async def __aiter__(self) -> AsyncIterator[ItemT]:
        """Yield every item (up to `max_items`), page after page."""
        async for _, items in self._walk():
            for item in items:
                yield item

    async def pages(self) -> AsyncIterator[PageT]:
        """Yield the page models, one request each, until the last page (or `max_items`)."""
        async for page, _ in self._walk():
            yield page
