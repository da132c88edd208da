"""with_options and with_raw_response as typed code uses them (checked by mypy --strict).

`reveal`-free: each assignment's annotation is what the client's types must give, so a
wrong derived type (an awaitable where a value is expected, `Call[...]` leaking through)
fails `make typecheck`.
"""

from __future__ import annotations

from formify_api.models import Document, DocumentList, DocumentSummary, User

from formify import AsyncFormify, Formify
from formify._raw_response import AsyncRawResponse, RawResponse
from formify.pagination import AsyncPager, SyncPager


def run(client: Formify, document_id: str) -> list[str]:
    """Call through a per-call-options client and the raw view; return what was seen."""
    quick: Formify = client.with_options(timeout=5, max_retries=0, error_language="sv")
    user: User = quick.user.get()
    raw: RawResponse[Document] = client.with_raw_response.documents.get(document_id)
    document: Document = raw.parse()
    status: int = raw.status_code
    pages: RawResponse[SyncPager[DocumentList, DocumentSummary]] = (
        client.with_raw_response.documents.list(page_size=1)
    )
    first: list[DocumentSummary] = list(pages.parse())
    return [str(user.user_id), str(document.document_id), str(status), str(len(first))]


async def arun(client: AsyncFormify, document_id: str) -> list[str]:
    """The same on the async client: every call awaited, the pager iterated."""
    quick: AsyncFormify = client.with_options(max_retries=0)
    user: User = await quick.user.get()
    raw: AsyncRawResponse[Document] = await client.with_raw_response.documents.get(document_id)
    document: Document = await raw.parse()
    pager: AsyncPager[DocumentList, DocumentSummary] = client.documents.list(page_size=1)
    ids = [summary.document_id async for summary in pager]
    return [str(user.user_id), str(document.document_id), str(raw.status_code), str(len(ids))]
