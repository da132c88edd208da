"""Client construction and configuration: credentials, base URL, headers, lifecycle, repr."""

from contextlib import contextmanager

import httpx
import pytest
from _api_server import Reply, running

from formify import AsyncFormify, Formify, __version__
from formify._constants import DEFAULT_BASE_URL
from formify.errors import ValidationError

USER = {"userId": "u1", "emailAddress": "a@example.com", "fullName": "A", "accountId": "acc"}


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    monkeypatch.delenv("FORMIFY_ACCESS_TOKEN", raising=False)
    monkeypatch.delenv("FORMIFY_BASE_URL", raising=False)
    monkeypatch.delenv("FORMIFY_LOG", raising=False)


def test_requests_carry_token_user_agent_and_json_accept(api):
    api.queue(Reply(200, json=USER))
    with Formify("secret-token", base_url=api.url) as client:
        user = client.user.get()
    assert user.user_id == "u1"
    (seen,) = api.seen
    assert seen.path == "/v1/user?errorLanguage=en"
    assert seen.headers["authorization"] == "Bearer secret-token"
    assert seen.headers["user-agent"] == f"formify-python/{__version__}"
    assert seen.headers["accept"] == "application/json"


def test_token_and_base_url_from_the_environment(api, monkeypatch):
    monkeypatch.setenv("FORMIFY_ACCESS_TOKEN", "env-token")
    monkeypatch.setenv("FORMIFY_BASE_URL", api.url + "/")
    api.queue(Reply(200, json=USER))
    with Formify() as client:
        assert client.base_url == api.url
        client.user.get()
    assert api.seen[0].headers["authorization"] == "Bearer env-token"


def test_default_base_url_and_timeouts():
    client = Formify("tok")
    assert client.base_url == DEFAULT_BASE_URL == "https://docs-api.formify.se/v1"
    timeout = client._http.timeout
    assert (timeout.connect, timeout.read, timeout.write, timeout.pool) == (5.0, 60.0, 300.0, 10.0)
    assert client.max_retries == 2 and client.max_retry_wait == 60.0
    client.close()


def test_float_timeout_applies_to_every_phase():
    with Formify("tok", timeout=3) as client:
        assert client._http.timeout == httpx.Timeout(3.0)


def test_missing_credentials_are_refused():
    with pytest.raises(ValidationError) as info:
        Formify()
    assert info.value.field == "access_token"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"error_language": "de"}, "error_language"),
        ({"max_retries": -1}, "max_retries"),
        ({"max_retries": 1.5}, "max_retries"),
        ({"max_retry_wait": -1}, "max_retry_wait"),
        ({"timeout": 0}, "timeout"),
        ({"base_url": "docs-api.formify.se/v1"}, "base_url"),
        ({"http_client": httpx.AsyncClient()}, "http_client"),
    ],
)
def test_bad_configuration_is_refused(kwargs, field):
    with pytest.raises(ValidationError) as info:
        Formify("tok", **kwargs)
    assert info.value.field == field


def test_repr_never_shows_the_token():
    client = Formify("super-secret-token-123", base_url="http://127.0.0.1:9/v1")
    assert "super-secret" not in repr(client)
    assert repr(client) == "Formify(base_url='http://127.0.0.1:9/v1', auth=access_token)"
    client.close()


def test_client_error_language_is_sent_and_a_call_can_override_it(api):
    api.queue(Reply(200, json=USER), Reply(200, json=USER), Reply(200, json={"documentId": "d"}))
    with Formify("tok", base_url=api.url, error_language="sv") as client:
        client.user.get()
        client.user.get(error_language="es")
        client.documents.revoke("d")
    assert api.seen[0].path == "/v1/user?errorLanguage=sv"
    assert api.seen[1].path == "/v1/user?errorLanguage=es"
    assert api.seen[2].json() == {"errorLanguage": "sv"}


def test_error_language_defaults_to_english(api):
    api.queue(Reply(200, json=USER))
    with Formify("tok", base_url=api.url) as client:
        assert client.error_language == "en"
        client.user.get()
    assert api.seen[0].path == "/v1/user?errorLanguage=en"


def test_caller_http_client_is_configured_and_not_closed(api):
    http = httpx.Client(headers={"X-Proxy-Tag": "mine"})
    api.queue(Reply(200, json=USER))
    with Formify("tok", base_url=api.url, http_client=http) as client:
        client.user.get()
    assert api.seen[0].headers["x-proxy-tag"] == "mine"
    assert api.seen[0].headers["authorization"] == "Bearer tok"
    assert not http.is_closed
    http.close()


def test_close_and_context_manager_close_the_connections(api):
    client = Formify("tok", base_url=api.url)
    with client as entered:
        assert entered is client
    assert client._http.is_closed


def test_resources_return_generated_models_and_plain_values(api):
    api.queue(
        Reply(201, json={"fileId": "merged"}),
        Reply(
            200,
            json=[
                {"name": "email", "value": ["a@b.se"]},
                {"name": "pets", "value": ["cat", "dog"]},
            ],
        ),
        Reply(200, json={"webhookId": "w", "signingSecret": "whsec_new"}),
        Reply(204),
        Reply(204),
    )
    with Formify("tok", base_url=api.url) as client:
        assert client.files.merge(["a", "b"], name="both") == "merged"
        assert client.documents.field_values("d1") == {"email": ["a@b.se"], "pets": ["cat", "dog"]}
        assert client.webhooks.rotate_secret("w") == "whsec_new"
        assert client.webhooks.delete("w") is None
        assert client.files.delete("f") is None
    assert [(s.method, s.path) for s in api.seen] == [
        ("POST", "/v1/files/merge"),
        ("GET", "/v1/docs/d1/field-values"),
        ("POST", "/v1/webhooks/w/rotate-secret?errorLanguage=en"),
        ("DELETE", "/v1/webhooks/w"),
        ("DELETE", "/v1/files/f?errorLanguage=en"),
    ]
    assert api.seen[0].json() == {"fileIds": ["a", "b"], "name": "both"}


def test_documents_list_walks_every_page(api):
    def page(docs, nxt):
        return {"limit": 2, "offset": 0, "nextOffset": nxt, "documents": docs}

    def doc(i):
        return {
            "documentId": f"d{i}",
            "name": "n",
            "createdAt": "2024-01-01T00:00:00Z",
            "status": "created",
            "userId": "u",
        }

    api.queue(Reply(200, json=page([doc(1), doc(2)], 2)), Reply(200, json=page([doc(3)], None)))
    with Formify("tok", base_url=api.url) as client:
        ids = [d.document_id for d in client.documents.list(page_size=2)]
    assert ids == ["d1", "d2", "d3"]
    assert [s.path for s in api.seen] == [
        "/v1/docs?limit=2&offset=0&errorLanguage=en",
        "/v1/docs?limit=2&offset=2&errorLanguage=en",
    ]


def test_remind_and_update_signees_send_the_documented_bodies(api):
    api.queue(
        Reply(200, json={"remindersSentTo": [], "remindersNotSentTo": []}),
        Reply(200, json={"signeeId": "s2", "updated": {}}),
    )
    with Formify("tok", base_url=api.url) as client:
        client.documents.remind("d1", ["s1"], error_language="en")
        client.documents.update_signees(
            "d1", [{"signee_id": "s1", "email_address": "n@example.com"}]
        )
    assert api.seen[0].json() == {"signeeIds": ["s1"], "errorLanguage": "en"}
    assert api.seen[1].json() == [{"signeeId": "s1", "emailAddress": "n@example.com"}]


@pytest.mark.anyio
async def test_async_client_lifecycle_and_calls(api):
    api.queue(Reply(200, json=USER))
    client = AsyncFormify("s3cr3t", base_url=api.url, error_language="en")
    assert "s3cr3t" not in repr(client)
    async with client:
        assert (await client.user.get()).user_id == "u1"
    assert client._http.is_closed
    assert api.seen[0].path == "/v1/user?errorLanguage=en"
    other = AsyncFormify("tok", base_url=api.url)
    await other.close()  # close() is awaitable too
    assert other._http.is_closed


@pytest.mark.anyio
async def test_async_pages(api):
    api.queue(
        Reply(
            200,
            json={
                "limit": 1,
                "offset": 0,
                "nextOffset": None,
                "templates": [
                    {
                        "templateId": "t1",
                        "name": "T",
                        "createdAt": "2024-01-01T00:00:00Z",
                        "userId": "u",
                    }
                ],
            },
        )
    )
    async with AsyncFormify("tok", base_url=api.url) as client:
        ids = [t.template_id async for t in client.templates.list(page_size=1)]
    assert ids == ["t1"]


def test_storage_client_is_plain_lazy_and_closed_with_the_client():
    client = Formify("tok", base_url="http://127.0.0.1:9/v1")
    assert client._storage is None
    storage = client._storage_client()
    assert client._storage_client() is storage
    assert storage.auth is None and "authorization" not in storage.headers
    assert str(storage.base_url) == ""
    client.close()
    assert storage.is_closed


@pytest.mark.anyio
async def test_async_caller_http_client_is_configured_and_not_closed(api):
    http = httpx.AsyncClient(headers={"X-Proxy-Tag": "mine"})
    api.queue(Reply(200, json=USER))
    async with AsyncFormify("tok", base_url=api.url, http_client=http) as client:
        await client.user.get()
        storage = client._storage_client()
    assert api.seen[0].headers["x-proxy-tag"] == "mine"
    assert api.seen[0].headers["authorization"] == "Bearer tok"
    assert not http.is_closed and storage.is_closed
    await http.aclose()


def test_download_signed_file_follows_the_302_without_leaking_the_token(api, tmp_path):
    pdf = b"%PDF-1.7\n" + bytes(range(256)) * 4096
    with contextmanager(running)() as storage:
        storage.queue(Reply(200, body=pdf, headers={"Content-Type": "application/pdf"}))
        api.queue(Reply(302, headers={"Location": f"{storage.url}/signed.pdf?X-Sig=abc"}))
        dest = tmp_path / "signed.pdf"
        with Formify("secret-token", base_url=api.url) as client:
            assert client.documents.download_signed_file("d1", dest) == len(pdf)
        assert dest.read_bytes() == pdf
        assert [s.path for s in api.seen] == ["/v1/docs/d1/signed-file?errorLanguage=en"]
        assert "authorization" not in storage.seen[0].headers


def test_list_takes_page_size_then_max_items_and_offset_only_by_keyword(api):
    def doc(i):
        return {"documentId": f"d{i}", "name": "n", "status": "created"}

    def page(offset, docs, nxt):
        return {"limit": 2, "offset": offset, "nextOffset": nxt, "documents": docs}

    api.queue(
        Reply(200, json=page(0, [doc(1), doc(2)], 2)),
        Reply(200, json=page(2, [doc(3), doc(4)], 4)),
    )
    with Formify("tok", base_url=api.url) as client:
        assert [d.document_id for d in client.documents.list(2, 3)] == ["d1", "d2", "d3"]
        with pytest.raises(TypeError):
            client.documents.list(2, 3, 10)
        with pytest.raises(TypeError):
            client.templates.list(2, 3, 10)


@pytest.mark.anyio
@pytest.mark.parametrize("flavour", ["sync", "async"])
async def test_download_checks_its_arguments_before_any_request(api, tmp_path, flavour):
    cls = Formify if flavour == "sync" else AsyncFormify
    client = cls("tok", base_url=api.url)
    for kwargs, field in [
        ({"document_id": "d1", "error_language": "de"}, "error_language"),
        ({"document_id": ""}, "document_id"),
    ]:
        with pytest.raises(ValidationError) as info:
            result = client.documents.download_signed_file(dest=tmp_path / "x.pdf", **kwargs)
            if flavour == "async":
                await result
        assert info.value.field == field
    assert client._storage is None  # refused before anything was set up for the download
    closing = client.close()
    if flavour == "async":
        await closing
    assert api.seen == []
