"""errorLanguage on the wire: every operation that takes it sends the client's default ("en"
unless configured) or the call's own choice, in the query, the JSON body or the form."""

import inspect
from urllib.parse import parse_qs, urlsplit

import pytest
from _api_server import Reply, running
from _operations import CLIENT_OPERATIONS

from formify import AsyncFormify, Formify

PDF = b"%PDF-1.7\n%%EOF\n"
SIGNEE = {"full_name": "Ada", "email_address": "ada@example.com", "signature_placement": "new_page"}
PAGE = {"limit": 1, "offset": 0, "nextOffset": None}


async def first(pager):
    if hasattr(pager, "__aiter__"):
        async for item in pager:
            return item
        return None
    return next(iter(pager), None)


# operationId -> (call taking the client and **extra keywords, reply for the server)
CALLS = {
    "uploadFile": (lambda c, **kw: c.files.upload(PDF, **kw), Reply(201, json={"fileId": "f"})),
    "deleteFile": (lambda c, **kw: c.files.delete("f1", **kw), Reply(204)),
    "createDocument": (
        lambda c, **kw: c.documents.create(file_id="f1", signees=[SIGNEE], **kw),
        Reply(201, json={"documentId": "d1", "status": "created"}),
    ),
    "listDocuments": (
        lambda c, **kw: first(c.documents.list(page_size=1, **kw)),
        Reply(200, json={**PAGE, "documents": []}),
    ),
    "getDocument": (lambda c, **kw: c.documents.get("d1", **kw), Reply(200, json={})),
    "deleteDocument": (lambda c, **kw: c.documents.delete("d1", **kw), Reply(204)),
    "sendReminder": (
        lambda c, **kw: c.documents.remind("d1", ["s1"], **kw),
        Reply(200, json={"remindersSentTo": [], "remindersNotSentTo": []}),
    ),
    "revokeDocument": (
        lambda c, **kw: c.documents.revoke("d1", **kw),
        Reply(200, json={"documentId": "d1"}),
    ),
    "getDocumentHistory": (lambda c, **kw: c.documents.history("d1", **kw), Reply(200, json=[])),
    "downloadSignedFile": (
        lambda c, **kw: c.documents.signed_file_url("d1", **kw),
        Reply(302, headers={"Location": "https://storage.example/x.pdf"}),
    ),
    "listTemplates": (
        lambda c, **kw: first(c.templates.list(page_size=1, **kw)),
        Reply(200, json={**PAGE, "templates": []}),
    ),
    "listAccountUsers": (lambda c, **kw: c.account.users(**kw), Reply(200, json={"users": []})),
    "getUser": (lambda c, **kw: c.user.get(**kw), Reply(200, json={"userId": "u1"})),
    "listWebhooks": (lambda c, **kw: c.webhooks.list(**kw), Reply(200, json=[])),
    "rotateWebhookSecret": (
        lambda c, **kw: c.webhooks.rotate_secret("w1", **kw),
        Reply(200, json={"webhookId": "w1", "signingSecret": "whsec_x"}),
    ),
}


def takes_error_language(client, operation_id):
    target = client
    for name in CLIENT_OPERATIONS[operation_id].split("."):
        target = getattr(target, name)
    return "error_language" in inspect.signature(target).parameters


def test_every_operation_taking_error_language_is_exercised_here():
    with Formify("tok", base_url="http://127.0.0.1:9/v1") as client:
        taking = {op for op in CLIENT_OPERATIONS if takes_error_language(client, op)}
    assert set(CALLS) == taking


def sent_language(seen):
    """Where the request carried errorLanguage: the query, the JSON body or the form."""
    query = parse_qs(urlsplit(seen.path).query)
    if "errorLanguage" in query:
        (value,) = query["errorLanguage"]
        return value
    content_type = seen.headers.get("content-type", "")
    if content_type.startswith("multipart/form-data"):
        value = seen.form().get("errorLanguage")
        return value.decode() if value is not None else None
    if content_type.startswith("application/json"):
        body = seen.json()
        return body.get("errorLanguage") if isinstance(body, dict) else None
    return None


@pytest.fixture(scope="module")
def api():
    yield from running()


async def run(client, operation_id, **kw):
    result = CALLS[operation_id][0](client, **kw)
    if inspect.isawaitable(result):
        await result


@pytest.mark.anyio
@pytest.mark.parametrize("flavour", ["sync", "async"])
@pytest.mark.parametrize("operation_id", sorted(CALLS))
async def test_default_then_client_setting_then_call_override(api, operation_id, flavour):
    reply = CALLS[operation_id][1]
    cls = Formify if flavour == "sync" else AsyncFormify
    clients = [cls("tok", base_url=api.url), cls("tok", base_url=api.url, error_language="sv")]
    api.seen.clear()
    api.queue(reply, reply, reply, reply)
    try:
        await run(clients[0], operation_id)  # library default
        await run(clients[1], operation_id)  # client default
        await run(clients[1], operation_id, error_language="es")  # per-call override
        await run(clients[0], operation_id, error_language="sv")
    finally:
        for client in clients:
            closing = client.close()
            if inspect.isawaitable(closing):
                await closing
    assert [sent_language(seen) for seen in api.seen] == ["en", "sv", "es", "sv"]


def test_error_language_none_leaves_it_to_the_api(api):
    api.seen.clear()
    api.queue(Reply(200, json={"userId": "u1"}), Reply(200, json={"documentId": "d1"}))
    with Formify("tok", base_url=api.url, error_language=None) as client:
        client.user.get()
        client.documents.revoke("d1")
    assert api.seen[0].path == "/v1/user"
    assert sent_language(api.seen[1]) is None
