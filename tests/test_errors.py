"""Error mapping: every status to its class, the message from whatever the body carries."""

import httpx
import pytest
from _api_server import Reply, closed_port

from formify import AsyncFormify, Formify
from formify._error_mapping import make_api_error, map_httpx_errors
from formify.errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    UnprocessableEntityError,
)


@pytest.fixture
def client(api):
    with Formify("tok", base_url=api.url, max_retries=0) as client:
        yield client


def response(status, *, json=None, text=None, headers=None):
    request = httpx.Request("GET", "http://127.0.0.1/v1/user")
    if json is not None:
        return httpx.Response(status, json=json, headers=headers, request=request)
    return httpx.Response(status, text=text or "", headers=headers, request=request)


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (422, UnprocessableEntityError),
        (429, RateLimitError),
        (500, ServerError),
        (503, ServerError),
        (418, APIError),
    ],
)
def test_status_maps_to_its_class(status, cls):
    error = make_api_error(response(status, json={"message": "nope"}))
    assert type(error) is cls
    assert (error.status_code, error.message, error.body) == (status, "nope", {"message": "nope"})


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"message": "Document not found"}, "Document not found"),
        ({"error": "invalid_grant", "error_description": "code used"}, "invalid_grant: code used"),
        ({"error": "invalid_request"}, "invalid_request"),
        (
            {"errors": ["name is required", "fileId is unknown"]},
            "name is required; fileId is unknown",
        ),
        ({"errors": {"name": "required", "page": ["too big"]}}, "name: required; page: too big"),
        ({"errors": [{"message": "bad x"}, {"msg": "bad y"}]}, "bad x; bad y"),
    ],
)
def test_message_is_taken_from_the_json_body(body, message):
    assert make_api_error(response(400, json=body)).message == message


def test_plain_text_body_is_the_message():
    error = make_api_error(response(502, text="upstream exploded"))
    assert (error.message, error.body) == ("upstream exploded", "upstream exploded")


def test_empty_body_falls_back_to_the_reason_phrase():
    assert make_api_error(response(404)).message == "Not Found"


def test_rate_limit_error_carries_retry_after_and_headers():
    error = make_api_error(response(429, json={}, headers={"X-RateLimit-Reset": "42"}))
    assert isinstance(error, RateLimitError) and error.retry_after == 42.0
    assert error.headers["x-ratelimit-reset"] == "42"


def test_api_error_over_http_keeps_status_body_and_headers(api, client):
    api.queue(Reply(404, json={"message": "no such document"}, headers={"X-Trace": "t1"}))
    with pytest.raises(NotFoundError) as info:
        client.documents.get("missing")
    assert info.value.message == "no such document"
    assert info.value.body == {"message": "no such document"}
    assert info.value.headers["x-trace"] == "t1"


def test_undocumented_error_status_still_raises_the_right_class(api, client):
    api.queue(Reply(409, json={"message": "busy"}), Reply(418, body=b"teapot"))
    with pytest.raises(ConflictError):
        client.user.get()
    with pytest.raises(APIError) as info:
        client.user.get()
    assert info.value.status_code == 418 and info.value.message == "teapot"


def test_undocumented_success_status_is_an_error_not_none(api, client):
    api.queue(Reply(202, json={"userId": "u"}))
    with pytest.raises(APIError, match="unexpected 202"):
        client.user.get()


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.documents.delete("d1"),
        lambda c: c.files.delete("f1"),
        lambda c: c.webhooks.delete("w1"),
        lambda c: c.user.get(),
    ],
    ids=["documents.delete", "files.delete", "webhooks.delete", "user.get"],
)
def test_a_redirect_is_an_error_not_a_success(api, client, call):
    # e.g. an http:// base URL answered with a redirect to https://: nothing was deleted
    api.queue(Reply(301, headers={"Location": "https://elsewhere.example/v1/x"}))
    with pytest.raises(APIError, match="unexpected 301 response") as info:
        call(client)
    assert info.value.status_code == 301 and len(api.seen) == 1


def test_unparsable_success_body_is_an_api_error(api, client):
    api.queue(Reply(200, body=b"<html>oops</html>", headers={"Content-Type": "text/html"}))
    with pytest.raises(APIError, match="could not parse"):
        client.documents.get("d1")


def test_signed_file_url_returns_the_location_and_does_not_follow_it(api, client):
    api.queue(Reply(302, headers={"Location": "https://storage.example/signed.pdf?sig=abc"}))
    assert client.documents.signed_file_url("d1") == "https://storage.example/signed.pdf?sig=abc"
    assert [s.path for s in api.seen] == ["/v1/docs/d1/signed-file?errorLanguage=en"]


def test_signed_file_url_maps_errors(api, client):
    api.queue(Reply(403, json={"message": "not completed"}), Reply(200, json={}))
    with pytest.raises(PermissionDeniedError):
        client.documents.signed_file_url("d1")
    with pytest.raises(APIError, match="expected a redirect"):
        client.documents.signed_file_url("d1")


def test_httpx_errors_are_translated_with_their_cause():
    request = httpx.Request("POST", "http://127.0.0.1/v1/docs?code=secret")
    with pytest.raises(APITimeoutError) as info, map_httpx_errors("POST", request.url):
        raise httpx.ReadTimeout("slow", request=request)
    assert isinstance(info.value.__cause__, httpx.ReadTimeout)
    assert "secret" not in str(info.value) and info.value.url == "POST /v1/docs"
    with pytest.raises(APIConnectionError) as info, map_httpx_errors("GET", request.url):
        raise httpx.ConnectError("refused", request=request)
    assert not isinstance(info.value, APITimeoutError)


def test_connection_refused_is_an_api_connection_error():
    client = Formify("tok", base_url=f"http://127.0.0.1:{closed_port()}/v1", max_retries=0)
    with pytest.raises(APIConnectionError) as info:
        client.user.get()
    assert isinstance(info.value.__cause__, httpx.ConnectError)


@pytest.mark.anyio
async def test_async_errors_are_mapped_the_same_way(api):
    api.queue(Reply(401, json={"error": "invalid_token", "error_description": "expired"}))
    async with AsyncFormify("tok", base_url=api.url) as client:
        with pytest.raises(AuthenticationError) as info:
            await client.user.get()
    assert info.value.message == "invalid_token: expired"
