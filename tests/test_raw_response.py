"""`client.with_raw_response.<resource>.<method>(...)`: status, headers, rate limit, `.parse()`."""

import inspect

import pytest

from formify import AsyncFormify, Formify
from formify._raw_response import AsyncRawResponse, RawResponse
from formify._resource_set import RESOURCE_NAMES
from formify.errors import NotFoundError
from formify.resources._method import _Statement
from formify.testing import Emulator, sample_pdf

SIGNEE = {"full_name": "Ada", "email_address": "ada@example.com", "signature_placement": "new_page"}


@pytest.fixture(scope="module")
def emu():
    with Emulator() as emulator:
        yield emulator


def _document(client: Formify) -> str:
    file_id = client.files.upload(sample_pdf())
    return client.documents.create(file_id=file_id, signees=[SIGNEE]).document_id


def test_raw_get_gives_status_headers_rate_limit_and_the_parsed_model(emu):
    with emu.client() as client:
        document_id = _document(client)
        raw = client.with_raw_response.documents.get(document_id)
        assert isinstance(raw, RawResponse)
        assert raw.status_code == 200
        assert raw.headers["content-type"].startswith("application/json")
        assert raw.rate_limit is not None and raw.rate_limit.limit is not None
        assert raw.parse() == client.documents.get(document_id)
        assert emu.access_token not in repr(raw) and "errorLanguage" not in repr(raw)
        assert repr(raw) == f"<RawResponse [200] GET /v1/docs/{document_id}>"


def test_raw_calls_of_every_kind(emu, tmp_path):
    with emu.client() as client:
        document_id = _document(client)
        raw = client.with_raw_response
        created = raw.files.upload(sample_pdf())
        assert created.status_code == 201 and created.parse() == created.parse()
        assert isinstance(created.parse(), str)
        deleted = raw.files.delete(created.parse())
        assert deleted.status_code in (200, 204) and deleted.parse() is None
        page = raw.documents.list(page_size=1)
        assert page.status_code == 200
        assert [d.document_id for d in page.parse()] == [
            d.document_id for d in client.documents.list()
        ]
        emu.sign(document_id)
        url = raw.documents.signed_file_url(document_id)
        assert url.status_code == 302 and url.parse().startswith("http")
        download = raw.documents.download_signed_file(document_id, tmp_path / "s.pdf")
        assert download.status_code == 302
        assert not (tmp_path / "s.pdf").exists()  # the body comes with parse()
        assert download.parse() == (tmp_path / "s.pdf").stat().st_size > 0


def test_raw_error_status_raises_like_the_plain_call(emu):
    with emu.client() as client, pytest.raises(NotFoundError):
        client.with_raw_response.documents.get("no-such-document")


def test_raw_list_parse_continues_from_the_first_page_without_fetching_it_again(emu):
    with emu.client() as client:
        for _ in range(3):
            _document(client)
        raw = client.with_raw_response.documents.list(page_size=2, max_items=3)
        before = len(emu.requests)
        items = list(raw.parse())
        assert len(emu.requests) == before + 1  # the second page only: the first is reused
        assert [d.document_id for d in items] == [
            d.document_id for d in client.documents.list(page_size=2, max_items=3)
        ]
        assert len(items) == 3


@pytest.mark.anyio
async def test_async_raw_responses_are_awaited(emu, tmp_path):
    async with emu.async_client() as client:
        file_id = await client.files.upload(sample_pdf())
        document_id = (await client.documents.create(file_id=file_id, signees=[SIGNEE])).document_id
        raw = await client.with_raw_response.documents.get(document_id)
        assert isinstance(raw, AsyncRawResponse)
        assert raw.status_code == 200 and raw.rate_limit is not None
        assert await raw.parse() == await client.documents.get(document_id)
        page = await client.with_raw_response.documents.list(page_size=1)
        assert [d.document_id async for d in await page.parse()] == [
            d.document_id async for d in client.documents.list()
        ]
        emu.sign(document_id)
        download = await client.with_raw_response.documents.download_signed_file(
            document_id, tmp_path / "s.pdf"
        )
        assert download.status_code == 302
        assert await download.parse() == (tmp_path / "s.pdf").stat().st_size > 0
        with pytest.raises(NotFoundError):
            await client.with_raw_response.webhooks.get("no-such-webhook")


def _statements():
    client = Formify("tok", base_url="http://127.0.0.1:9/v1")
    for name in RESOURCE_NAMES:
        cls = type(getattr(client, name))
        for attr, value in vars(cls).items():
            if isinstance(value, _Statement):
                yield name, attr


def test_every_method_has_every_form_with_a_truthful_signature():
    sync = Formify("tok", base_url="http://127.0.0.1:9/v1")
    aio = AsyncFormify("tok", base_url="http://127.0.0.1:9/v1")
    statements = list(_statements())
    assert len(statements) >= 25
    for resource, name in statements:
        plain = getattr(getattr(sync, resource), name)
        awaited = getattr(getattr(aio, resource), name)
        raw = getattr(getattr(sync.with_raw_response, resource), name)
        araw = getattr(getattr(aio.with_raw_response, resource), name)
        result = inspect.signature(plain).return_annotation
        assert "self" not in inspect.signature(plain).parameters
        assert not result.startswith(("Call[", "Paged[")), (resource, name, result)
        assert inspect.signature(plain).parameters == inspect.signature(awaited).parameters
        assert inspect.signature(raw).return_annotation == f"RawResponse[{result}]"
        assert inspect.signature(araw).return_annotation.startswith("AsyncRawResponse[")
        assert inspect.iscoroutinefunction(araw)
        assert inspect.iscoroutinefunction(awaited) != (name == "list" and "Pager" in result)
        assert plain.__doc__ and plain.__doc__ == awaited.__doc__, (resource, name)
