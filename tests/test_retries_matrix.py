"""The retry matrix over real HTTP: each method class against each kind of failure.

GET, PUT and DELETE are sent again after 408/429/5xx, a dropped connection or a read timeout;
POST and PATCH only after a 429 or a refused connection (the server cannot have seen them).
Each case queues one failure then a success, with `max_retries=1` and the waits recorded.
"""

import httpx
import pytest
from _api_server import Reply, closed_port, running

from formify import AsyncFormify, Formify
from formify.errors import APIConnectionError, APIError, APITimeoutError

SIGNEE = {"full_name": "Ada", "email_address": "ada@example.com", "signature_placement": "new_page"}

# method class -> (call, success reply, the request's method and path)
CALLS = {
    "GET": (lambda c: c.user.get(), Reply(200, json={"userId": "u1"}), "/v1/user"),
    "PUT": (
        lambda c: c.documents.revoke("d1"),
        Reply(200, json={"documentId": "d1"}),
        "/v1/docs/d1/revoke",
    ),
    "DELETE": (lambda c: c.documents.delete("d1"), Reply(204), "/v1/docs/d1"),
    "POST": (
        lambda c: c.documents.create(file_id="f1", signees=[SIGNEE]),
        Reply(201, json={"documentId": "d1", "status": "created"}),
        "/v1/docs",
    ),
    "PATCH": (
        lambda c: c.documents.update_signees("d1", [{"signee_id": "s1", "full_name": "B"}]),
        Reply(200, json={"signeeId": "s1"}),
        "/v1/docs/d1/signature-field",
    ),
}
SAFE = {"GET", "PUT", "DELETE"}

# failure kind -> (what the server does first, retried for safe methods, for writes)
FAILURES = {
    "408": (Reply(408), True, False),
    "500": (Reply(500), True, False),
    "502": (Reply(502), True, False),
    "503": (Reply(503), True, False),
    "504": (Reply(504), True, False),
    "429": (Reply(429, headers={"X-RateLimit-Reset": "1"}), True, True),
    "400": (Reply(400), False, False),
    "401": (Reply(401), False, False),
    "404": (Reply(404), False, False),
    "501": (Reply(501), False, False),
    "dropped": (Reply(drop=True), True, False),
    "read-timeout": (Reply(200, delay=1.0), True, False),
}
# Only the read-timeout cases get a short read timeout; generous enough that the retried
# request's prompt answer still arrives in time on a loaded machine.
READ_TIMEOUT = httpx.Timeout(5.0, read=0.25)


@pytest.fixture(scope="module")
def api():
    yield from running()


def make(flavour, base_url, timeout=None):
    cls = Formify if flavour == "sync" else AsyncFormify
    client = cls("tok", base_url=base_url, max_retries=1, timeout=timeout)
    client.slept = slept = []
    if flavour == "sync":
        client._sleep = slept.append
    else:

        async def sleep(seconds):
            slept.append(seconds)

        client._sleep = sleep
    return client


async def perform(client, call):
    """Run `call`, closing the client; return the exception raised, or None."""
    try:
        result = call(client)
        if hasattr(result, "__await__"):
            await result
    except Exception as exc:
        return exc
    finally:
        closing = client.close()
        if hasattr(closing, "__await__"):
            await closing
    return None


@pytest.mark.anyio
@pytest.mark.parametrize("flavour", ["sync", "async"])
@pytest.mark.parametrize("kind", sorted(FAILURES))
@pytest.mark.parametrize("method", sorted(CALLS))
async def test_matrix(api, method, kind, flavour):
    call, success, path = CALLS[method]
    failure, safe_retried, write_retried = FAILURES[kind]
    retried = safe_retried if method in SAFE else write_retried
    api.seen.clear()
    api.replies.clear()
    api.queue(failure, success)
    client = make(flavour, api.url, READ_TIMEOUT if kind == "read-timeout" else None)
    error = await perform(client, call)
    sent = [(s.method, s.path.split("?")[0]) for s in api.seen]
    if retried:
        assert error is None
        assert sent == [(method, path)] * 2
        assert len(client.slept) == 1
        if kind == "429":
            assert client.slept == [1.0]  # X-RateLimit-Reset, not the backoff
        else:
            assert 0.375 <= client.slept[0] <= 0.5  # 0.5 s less up to 25 % jitter
    else:
        assert sent == [(method, path)]
        assert client.slept == []
        if kind == "dropped":
            assert type(error) is APIConnectionError
        elif kind == "read-timeout":
            assert type(error) is APITimeoutError
        else:
            assert isinstance(error, APIError) and error.status_code == int(kind)


@pytest.mark.anyio
@pytest.mark.parametrize("flavour", ["sync", "async"])
@pytest.mark.parametrize("method", sorted(CALLS))
async def test_refused_connection_is_retried_for_every_method(method, flavour):
    client = make(flavour, f"http://127.0.0.1:{closed_port()}/v1")
    error = await perform(client, CALLS[method][0])
    assert type(error) is APIConnectionError
    assert isinstance(error.__cause__, httpx.ConnectError)
    assert len(client.slept) == 1  # two attempts: the first refusal was retried
