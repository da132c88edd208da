"""Errors that say why: a failed connection names host, port and cause; a 404 from a base URL
without /v1 carries a hint; a write that was not sent again says so. Sync and async."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from _api_server import Reply, closed_port, running

from formify import AsyncFormify, Formify
from formify._explain import base_url_hint
from formify.errors import APIConnectionError, APITimeoutError, NotFoundError

CREATED = {"documentId": "d1", "status": "created"}
SIGNEE = {"full_name": "Ada", "email_address": "ada@example.com", "signature_placement": "new_page"}


@pytest.fixture
def api() -> Iterator[Any]:
    yield from running()


@pytest.fixture(params=["sync", "async"])
def call(request: pytest.FixtureRequest) -> Callable[..., Any]:
    """Run `fn(client)` with a sync or async client; `handler=` serves it in-process."""

    def run(fn: Callable[[Any], Any], handler: Any = None, **options: Any) -> Any:
        options.setdefault("max_retries", 0)
        is_sync = request.param == "sync"
        if handler is not None:
            http_class = httpx.Client if is_sync else httpx.AsyncClient
            options["http_client"] = http_class(transport=httpx.MockTransport(handler))
        if is_sync:
            with Formify("tok", **options) as client:
                return fn(client)

        async def main() -> Any:
            async with AsyncFormify("tok", **options) as client:
                return await fn(client)

        return asyncio.run(main())

    return run


def test_a_refused_connection_names_host_port_and_cause(call):
    port = closed_port()
    with pytest.raises(APIConnectionError) as info:
        call(lambda c: c.user.get(), base_url=f"http://127.0.0.1:{port}/v1")
    message = str(info.value)
    assert message.startswith(f"GET /v1/user failed: could not connect to 127.0.0.1:{port} (")
    assert "ConnectError" in message and "refused" in message.lower()


def test_an_unknown_host_reads_differently_from_a_dead_port(call):
    def unknown_host(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno -2] Name or service not known", request=request)

    with pytest.raises(APIConnectionError) as info:
        call(lambda c: c.user.get(), unknown_host, base_url="https://api.formify.invalid/v1")
    assert str(info.value) == (
        "GET /v1/user failed: could not connect to api.formify.invalid:443 "
        "(ConnectError: [Errno -2] Name or service not known)"
    )


def test_a_timeout_names_where_and_which_phase(call):
    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    with pytest.raises(APITimeoutError) as info:
        call(lambda c: c.user.get(), slow, base_url="https://api.formify.example:8443/v1")
    assert str(info.value) == (
        "GET /v1/user to api.formify.example:8443 timed out (ReadTimeout: timed out)"
    )


def test_a_dropped_post_says_it_was_not_sent_again_and_may_have_arrived(call, api):
    api.queue(Reply(drop=True), Reply(201, json=CREATED))
    with pytest.raises(APIConnectionError) as info:
        call(
            lambda c: c.documents.create(file_id="f", signees=[SIGNEE]),
            base_url=api.url,
            max_retries=2,
        )
    message = str(info.value)
    assert f"POST /v1/docs to 127.0.0.1:{api.port} failed (" in message
    assert "the POST was not sent again, because the server may have received it" in message
    assert len(api.seen) == 1


def test_a_404_from_a_base_url_without_v1_carries_a_hint(call, api):
    root = api.url.removesuffix("/v1")
    api.queue(Reply(404, json={"message": "Not Found"}))
    with pytest.raises(NotFoundError) as info:
        call(lambda c: c.documents.get("d1"), base_url=root)
    assert info.value.message == (
        f"Not Found (hint: the client's base_url {root!r} does not end in /v1, where the API "
        f"lives; did you mean {root + '/v1'!r}?)"
    )
    assert api.seen[0].path.startswith("/docs/d1")


def test_a_404_from_the_right_base_url_has_no_hint(call, api):
    api.queue(Reply(404, json={"message": "document not found"}))
    with pytest.raises(NotFoundError) as info:
        call(lambda c: c.documents.get("d1"), base_url=api.url)
    assert info.value.message == "document not found"


@pytest.mark.parametrize(
    ("base_url", "hinted"),
    [
        ("https://docs-api.formify.se/v1", False),
        ("https://docs-api.formify.se/v1/", False),
        ("https://docs-api.formify.se", True),
        ("https://docs-api.formify.se/v2", True),
        ("http://127.0.0.1:8765/", True),
    ],
)
def test_base_url_hint(base_url, hinted):
    assert (base_url_hint(base_url) is not None) is hinted
