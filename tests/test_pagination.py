"""Pagers: laziness, the exact (offset, limit) requests, max_items, loop detection, validation."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import pytest
from _api_server import Reply

from formify import AsyncFormify, Formify
from formify.errors import PaginationError, ValidationError
from formify.pagination import AsyncPager, SyncPager


@dataclass
class Page:
    items: list[int]
    next_offset: int | None


class FakeAPI:
    """Serves `total` numbered items in offset pages, recording each (offset, limit) asked."""

    def __init__(self, total: int, *, overrides: dict[int, Page] | None = None) -> None:
        self.total = total
        self.requests: list[tuple[int, int]] = []
        self.overrides = overrides or {}

    def fetch(self, offset: int, limit: int) -> Page:
        self.requests.append((offset, limit))
        if len(self.requests) > 100:
            raise AssertionError("the pager kept asking: it is looping")
        if offset in self.overrides:
            return self.overrides[offset]
        items = list(range(offset, min(offset + limit, self.total)))
        end = offset + len(items)
        return Page(items, end if end < self.total else None)

    async def afetch(self, offset: int, limit: int) -> Page:
        return self.fetch(offset, limit)


def sync_pager(api: FakeAPI, **kwargs: object) -> SyncPager[Page, int]:
    return SyncPager(
        api.fetch,
        items_of=lambda p: p.items,
        next_offset_of=lambda p: p.next_offset,
        **kwargs,  # type: ignore[arg-type]
    )


def async_pager(api: FakeAPI, **kwargs: object) -> AsyncPager[Page, int]:
    return AsyncPager(
        api.afetch,
        items_of=lambda p: p.items,
        next_offset_of=lambda p: p.next_offset,
        **kwargs,  # type: ignore[arg-type]
    )


async def collect(pager: AsyncPager[Page, int]) -> list[int]:
    return [item async for item in pager]


def test_iterates_every_item_across_pages():
    api = FakeAPI(7)
    assert list(sync_pager(api, page_size=3)) == list(range(7))
    assert api.requests == [(0, 3), (3, 3), (6, 3)]


@pytest.mark.anyio
async def test_async_iterates_every_item_across_pages():
    api = FakeAPI(7)
    assert await collect(async_pager(api, page_size=3)) == list(range(7))
    assert api.requests == [(0, 3), (3, 3), (6, 3)]


def test_nothing_is_fetched_before_iteration_and_next_page_only_when_needed():
    api = FakeAPI(5)
    it = iter(sync_pager(api, page_size=2))
    assert api.requests == []
    assert [next(it), next(it)] == [0, 1]
    assert api.requests == [(0, 2)]  # first page used up, second not asked for yet
    assert next(it) == 2
    assert api.requests == [(0, 2), (2, 2)]


@pytest.mark.anyio
async def test_async_nothing_is_fetched_before_iteration_and_next_page_only_when_needed():
    api = FakeAPI(5)
    it = aiter(async_pager(api, page_size=2))
    assert api.requests == []
    assert [await anext(it), await anext(it)] == [0, 1]
    assert api.requests == [(0, 2)]
    assert await anext(it) == 2
    assert api.requests == [(0, 2), (2, 2)]


def test_max_items_caps_the_total_and_asks_only_for_what_is_needed():
    api = FakeAPI(100)
    assert list(sync_pager(api, page_size=4, max_items=10)) == list(range(10))
    assert api.requests == [(0, 4), (4, 4), (8, 2)]


@pytest.mark.anyio
async def test_async_max_items_caps_the_total_and_asks_only_for_what_is_needed():
    api = FakeAPI(100)
    assert await collect(async_pager(api, page_size=4, max_items=10)) == list(range(10))
    assert api.requests == [(0, 4), (4, 4), (8, 2)]


def test_page_size_is_not_a_total_cap():
    api = FakeAPI(120)
    assert len(list(sync_pager(api, page_size=50))) == 120


def test_max_items_trims_a_page_larger_than_asked():
    # a server that ignores `limit` must not push the iteration past max_items
    api = FakeAPI(10, overrides={0: Page(list(range(10)), None)})
    assert list(sync_pager(api, page_size=5, max_items=3)) == [0, 1, 2]
    assert api.requests == [(0, 3)]


def test_max_items_zero_fetches_nothing():
    api = FakeAPI(10)
    assert list(sync_pager(api, max_items=0)) == []
    assert list(sync_pager(api, max_items=0).pages()) == []
    assert api.requests == []


def test_offset_is_the_first_request():
    api = FakeAPI(10)
    assert list(sync_pager(api, page_size=4, offset=6)) == [6, 7, 8, 9]
    assert api.requests == [(6, 4)]


def test_pages_yields_the_page_models():
    api = FakeAPI(5)
    pages = list(sync_pager(api, page_size=2).pages())
    assert [p.items for p in pages] == [[0, 1], [2, 3], [4]]
    assert pages[-1].next_offset is None


@pytest.mark.anyio
async def test_async_pages_yields_the_page_models_lazily():
    api = FakeAPI(5)
    it = aiter(async_pager(api, page_size=2).pages())
    assert api.requests == []
    first = await anext(it)
    assert first.items == [0, 1] and api.requests == [(0, 2)]
    assert [p.items async for p in it] == [[2, 3], [4]]


def test_pages_respects_max_items():
    api = FakeAPI(100)
    pages = list(sync_pager(api, page_size=4, max_items=6).pages())
    assert [p.items for p in pages] == [[0, 1, 2, 3], [4, 5]]
    assert api.requests == [(0, 4), (4, 2)]


def test_iterating_again_starts_over():
    api = FakeAPI(3)
    pager = sync_pager(api, page_size=2)
    assert list(pager) == list(pager) == [0, 1, 2]
    assert api.requests == [(0, 2), (2, 2), (0, 2), (2, 2)]


def test_an_empty_list_is_one_request():
    api = FakeAPI(0)
    assert list(sync_pager(api)) == []
    assert api.requests == [(0, 50)]


@pytest.mark.parametrize("next_offset", [0, 2])
def test_next_offset_that_does_not_advance_raises_after_the_good_items(next_offset):
    api = FakeAPI(10, overrides={2: Page([2, 3], next_offset)})
    seen: list[int] = []
    with pytest.raises(PaginationError, match=f"offset 2 gave nextOffset {next_offset}"):
        for item in sync_pager(api, page_size=2):
            seen.append(item)
    assert seen == [0, 1, 2, 3]
    assert api.requests == [(0, 2), (2, 2)]


@pytest.mark.anyio
async def test_async_next_offset_that_goes_back_raises():
    api = FakeAPI(10, overrides={2: Page([2, 3], 0)})
    with pytest.raises(PaginationError, match="does not advance"):
        await collect(async_pager(api, page_size=2))
    assert api.requests == [(0, 2), (2, 2)]


def test_empty_page_with_a_next_offset_raises_instead_of_spinning():
    api = FakeAPI(10, overrides={2: Page([], 4)})
    with pytest.raises(PaginationError, match="empty but gave nextOffset 4"):
        list(sync_pager(api, page_size=2))
    assert api.requests == [(0, 2), (2, 2)]


def test_pages_also_detect_the_loop():
    api = FakeAPI(10, overrides={0: Page([0], 0)})
    with pytest.raises(PaginationError):
        list(sync_pager(api).pages())
    assert api.requests == [(0, 50)]


def test_a_bad_link_is_harmless_when_max_items_is_already_reached():
    api = FakeAPI(10, overrides={0: Page([0, 1], 0)})
    assert list(sync_pager(api, page_size=2, max_items=2)) == [0, 1]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"page_size": 0}, "page_size"),
        ({"page_size": 51}, "page_size"),
        ({"page_size": "10"}, "page_size"),
        ({"page_size": True}, "page_size"),
        ({"offset": -1}, "offset"),
        ({"max_items": -1}, "max_items"),
        ({"max_items": 2.5}, "max_items"),
    ],
)
@pytest.mark.parametrize("make", [sync_pager, async_pager])
def test_bad_arguments_raise_before_any_request(make, kwargs, field):
    api = FakeAPI(10)
    with pytest.raises(ValidationError) as info:
        make(api, **kwargs)
    assert info.value.field == field
    assert field in str(info.value)
    assert api.requests == []


def test_page_size_bounds_are_accepted():
    api = FakeAPI(3)
    assert list(sync_pager(api, page_size=1)) == [0, 1, 2]
    assert list(sync_pager(api, page_size=50)) == [0, 1, 2]


# --- through the client, over HTTP -------------------------------------------------------------


def doc(i: int) -> dict[str, str]:
    return {
        "documentId": f"d{i}",
        "name": "n",
        "createdAt": "2024-01-01T00:00:00Z",
        "status": "created",
        "userId": "u",
    }


def doc_page(ids: list[int], offset: int, limit: int, next_offset: int | None) -> Reply:
    body = {
        "documents": [doc(i) for i in ids],
        "limit": limit,
        "offset": offset,
        "nextOffset": next_offset,
    }
    return Reply(200, json=body)


def query(seen) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(seen.path).query).items()}


def test_client_list_is_lazy_and_asks_only_for_max_items(api):
    api.queue(doc_page([0, 1], 0, 2, 2), doc_page([2], 2, 1, 3))
    with Formify("tok", base_url=api.url) as client:
        pager = client.documents.list(page_size=2, max_items=3)
        assert api.seen == []
        ids = [d.document_id for d in pager]
    assert ids == ["d0", "d1", "d2"]
    assert [(query(s)["offset"], query(s)["limit"]) for s in api.seen] == [("0", "2"), ("2", "1")]


def test_client_pages_are_the_generated_page_models(api):
    api.queue(doc_page([0, 1], 0, 2, 2), doc_page([2], 2, 2, None))
    with Formify("tok", base_url=api.url) as client:
        pages = list(client.documents.list(page_size=2).pages())
    assert [type(p).__name__ for p in pages] == ["DocumentList", "DocumentList"]
    assert [len(p.documents) for p in pages] == [2, 1]


@pytest.mark.anyio
async def test_async_client_stops_a_looping_server(api):
    api.queue(doc_page([0, 1], 0, 2, 2), doc_page([2, 3], 2, 2, 2))
    async with AsyncFormify("tok", base_url=api.url) as client:
        seen: list[str] = []
        with pytest.raises(PaginationError, match="does not advance"):
            async for d in client.documents.list(page_size=2):
                seen.append(d.document_id)
    assert seen == ["d0", "d1", "d2", "d3"]
    assert len(api.seen) == 2
