"""`client.with_options(...)`: other settings for the calls made through it, same pool and auth."""

import httpx
import pytest
from _api_server import Reply

from formify import AsyncFormify, Formify
from formify.errors import APITimeoutError, ServerError, ValidationError

USER = {"userId": "u1", "emailAddress": "a@example.com", "fullName": "A", "accountId": "acc"}


def _no_sleep(client):
    client._sleep = lambda seconds: None
    return client


def test_with_options_changes_language_headers_and_retries_for_its_calls_only(api):
    with _no_sleep(Formify("tok", base_url=api.url)) as client:
        fast = client.with_options(max_retries=0, error_language="sv", headers={"X-Trace": "t1"})
        fast._sleep = client._sleep
        api.queue(Reply(503))
        with pytest.raises(ServerError):
            fast.user.get()  # no retry: one request
        assert len(api.seen) == 1
        assert api.seen[0].path == "/v1/user?errorLanguage=sv"
        assert api.seen[0].headers["x-trace"] == "t1"
        assert api.seen[0].headers["authorization"] == "Bearer tok"
        api.queue(Reply(503), Reply(200, json=USER))
        assert client.user.get().user_id == "u1"  # the original retries, in English
        assert [seen.path for seen in api.seen[1:]] == ["/v1/user?errorLanguage=en"] * 2
        assert "x-trace" not in api.seen[1].headers
        assert (fast.max_retries, client.max_retries) == (0, 2)


def test_with_options_timeout_applies_to_its_requests(api):
    with Formify("tok", base_url=api.url, max_retries=0) as client:
        quick = client.with_options(timeout=0.2)
        api.queue(Reply(200, json=USER, delay=1.0))
        with pytest.raises(APITimeoutError):
            quick.user.get()
        api.queue(Reply(200, json=USER, delay=0.5))
        assert client.user.get().user_id == "u1"  # the original keeps its own timeout


def test_with_options_shares_the_pool_and_auth_and_closing_it_closes_nothing(api):
    with httpx.Client() as shared:
        client = Formify("tok", base_url=api.url, http_client=shared)
        copy = client.with_options(error_language="es")
        assert copy._http is shared and copy._auth is client._auth
        assert copy.documents._client is copy and client.documents._client is client
        copy.close()
        assert not shared.is_closed
        api.queue(Reply(200, json=USER))
        assert copy.user.get().user_id == "u1"


def test_own_pool_is_closed_by_the_original_only(api):
    client = Formify("tok", base_url=api.url)
    copy = client.with_options(max_retries=1)
    copy.close()
    assert not client._http.is_closed
    client.close()
    assert client._http.is_closed


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"max_retries": -1}, "max_retries"),
        ({"timeout": 0}, "timeout"),
        ({"error_language": "xx"}, "error_language"),
        ({"headers": {"Authorization": "Bearer other"}}, "headers"),
        ({"headers": {"X-A": 1}}, "headers"),
    ],
)
def test_bad_options_are_refused_naming_the_field(options, field):
    client = Formify("tok", base_url="http://127.0.0.1:9/v1")
    with pytest.raises(ValidationError) as info:
        client.with_options(**options)
    assert info.value.field == field


@pytest.mark.anyio
async def test_async_with_options(api):
    async with AsyncFormify("tok", base_url=api.url) as client:
        fast = client.with_options(max_retries=0, error_language="sv", headers={"X-Trace": "a"})
        api.queue(Reply(503))
        with pytest.raises(ServerError):
            await fast.user.get()
        assert len(api.seen) == 1 and api.seen[0].path == "/v1/user?errorLanguage=sv"
        assert api.seen[0].headers["x-trace"] == "a"
        quick = client.with_options(timeout=0.2, max_retries=0)
        api.queue(Reply(200, json=USER, delay=1.0))
        with pytest.raises(APITimeoutError):
            await quick.user.get()
        assert quick._http is client._http and quick._auth is client._auth
        await quick.aclose()
        assert not client._http.is_closed
