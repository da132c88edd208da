"""The retry loop against a real local server: what is sent again, what never is."""

import httpx
import pytest
from _api_server import Reply, closed_port, running

from formify import AsyncFormify, Formify
from formify.errors import (
    APIConnectionError,
    APITimeoutError,
    RateLimitError,
    ServerError,
)

SIGNEE = {"full_name": "Ada", "email_address": "ada@example.com", "signature_placement": "new_page"}
CREATED = {
    "documentId": "d1",
    "name": "n",
    "createdAt": "2024-01-01T00:00:00Z",
    "userId": "u",
    "status": "created",
    "documentUrl": "https://x",
}
USER = {"userId": "u1", "emailAddress": "a@example.com", "fullName": "A", "accountId": "acc"}


def make(api, **kw):
    client = Formify("tok", base_url=api.url, **kw)
    client.slept = []
    client._sleep = client.slept.append
    return client


def make_async(api, **kw):
    client = AsyncFormify("tok", base_url=api.url, **kw)
    client.slept = []

    async def sleep(seconds):
        client.slept.append(seconds)

    client._sleep = sleep
    return client


def create(client):
    return client.documents.create(file_id="f1", signees=[SIGNEE])


def test_get_is_retried_on_503_with_backoff(api):
    api.queue(Reply(503, json={"message": "busy"}), Reply(200, json=USER))
    client = make(api)
    assert client.user.get().user_id == "u1"
    assert len(api.seen) == 2
    assert len(client.slept) == 1 and 0.375 <= client.slept[0] <= 0.5


def test_get_gives_up_after_max_retries(api):
    api.queue(*[Reply(502, json={"message": "bad gateway"})] * 5)
    client = make(api, max_retries=2)
    with pytest.raises(ServerError) as info:
        client.user.get()
    assert info.value.status_code == 502
    assert len(api.seen) == 3
    assert len(client.slept) == 2 and client.slept[1] > client.slept[0] * 0.75


def test_max_retries_zero_sends_once(api):
    api.queue(Reply(503), Reply(200, json=USER))
    client = make(api, max_retries=0)
    with pytest.raises(ServerError):
        client.user.get()
    assert len(api.seen) == 1


def test_post_is_not_retried_on_503(api):
    api.queue(Reply(503, json={"message": "busy"}), Reply(201, json=CREATED))
    client = make(api)
    with pytest.raises(ServerError):
        create(client)
    assert [s.method for s in api.seen] == ["POST"]
    assert client.slept == []


def test_post_is_retried_after_429_waiting_the_reset_seconds(api):
    api.queue(
        Reply(429, json={"message": "slow down"}, headers={"X-RateLimit-Reset": "3"}),
        Reply(201, json=CREATED),
    )
    client = make(api)
    assert create(client).document_id == "d1"
    assert client.slept == [3.0]
    assert len(api.seen) == 2 and api.seen[0].body == api.seen[1].body


def test_429_longer_than_max_retry_wait_raises_at_once(api):
    api.queue(Reply(429, json={"message": "quota"}, headers={"X-RateLimit-Reset": "120"}))
    client = make(api, max_retry_wait=60)
    with pytest.raises(RateLimitError) as info:
        client.user.get()
    assert info.value.retry_after == 120.0
    assert client.slept == [] and len(api.seen) == 1


def test_max_retry_wait_caps_the_rate_limit_wait_not_the_backoff(api):
    # A ceiling below the first backoff (0.375-0.5 s) still lets a 503 and a dropped GET be
    # retried; only a 429 asking for longer than the ceiling is given up at once.
    api.queue(Reply(503), Reply(drop=True), Reply(200, json=USER))
    client = make(api, max_retry_wait=0.1)
    assert client.user.get().user_id == "u1"
    assert len(api.seen) == 3 and len(client.slept) == 2
    api.queue(Reply(429, headers={"X-RateLimit-Reset": "0.2"}))
    with pytest.raises(RateLimitError) as info:
        client.user.get()
    assert info.value.retry_after == 0.2 and len(api.seen) == 4 and len(client.slept) == 2


def test_429_when_retries_are_exhausted_raises_with_retry_after(api):
    api.queue(*[Reply(429, headers={"X-RateLimit-Reset": "1"})] * 3)
    client = make(api, max_retries=2)
    with pytest.raises(RateLimitError) as info:
        client.user.get()
    assert info.value.retry_after == 1.0
    assert len(api.seen) == 3 and client.slept == [1.0, 1.0]


def test_post_dropped_after_the_body_was_read_is_not_sent_again(api):
    api.queue(Reply(drop=True), Reply(201, json=CREATED))
    client = make(api)
    with pytest.raises(APIConnectionError) as info:
        create(client)
    assert isinstance(info.value.__cause__, httpx.RemoteProtocolError | httpx.ReadError)
    assert [(s.method, s.path) for s in api.seen] == [("POST", "/v1/docs")]
    assert api.seen[0].json()["fileId"] == "f1"  # the server did receive the whole body
    assert client.slept == []
    # the message itself says it (str(), log lines), with where it went and the cause
    message = str(info.value)
    assert message.startswith(f"POST /v1/docs to 127.0.0.1:{api.port} failed (")
    assert "the POST was not sent again, because the server may have received it" in message
    assert "check its state" in message


def test_get_that_fails_for_good_carries_no_write_note(api):
    api.queue(*[Reply(drop=True)] * 3)
    client = make(api)
    with pytest.raises(APIConnectionError) as info:
        client.user.get()
    assert len(api.seen) == 3 and "not sent again" not in str(info.value)


def test_patch_dropped_is_not_sent_again(api):
    api.queue(Reply(drop=True))
    client = make(api)
    with pytest.raises(APIConnectionError):
        client.documents.update_signees("d1", [{"signee_id": "s1", "full_name": "B"}])
    assert [s.method for s in api.seen] == ["PATCH"]


def test_get_dropped_is_retried(api):
    api.queue(Reply(drop=True), Reply(200, json=USER))
    client = make(api)
    assert client.user.get().user_id == "u1"
    assert len(api.seen) == 2


def test_post_that_times_out_reading_the_answer_is_not_sent_again(api):
    api.queue(Reply(201, json=CREATED, delay=0.5))
    client = make(api, timeout=httpx.Timeout(2.0, read=0.1))
    with pytest.raises(APITimeoutError) as info:
        create(client)
    assert isinstance(info.value.__cause__, httpx.ReadTimeout)
    assert len(api.seen) == 1


def test_refused_connection_is_retried_even_for_post():
    client = Formify("tok", base_url=f"http://127.0.0.1:{closed_port()}/v1", max_retries=2)
    client.slept = slept = []
    client._sleep = slept.append
    with pytest.raises(APIConnectionError) as info:
        create(client)
    assert not isinstance(info.value, APITimeoutError)
    assert isinstance(info.value.__cause__, httpx.ConnectError)
    assert len(slept) == 2  # three attempts, two waits


def test_rate_limit_headers_are_exposed(api):
    api.queue(
        Reply(
            200,
            json=USER,
            headers={
                "X-RateLimit-Limit": "100",
                "X-RateLimit-Remaining": "97",
                "X-RateLimit-Reset": "30",
            },
        )
    )
    client = make(api)
    assert client.rate_limit is None
    client.user.get()
    assert (client.rate_limit.limit, client.rate_limit.remaining, client.rate_limit.reset) == (
        100,
        97,
        30,
    )


@pytest.mark.anyio
async def test_async_post_dropped_after_the_body_is_not_sent_again(api):
    api.queue(Reply(drop=True), Reply(201, json=CREATED))
    async with make_async(api) as client:
        with pytest.raises(APIConnectionError):
            await client.documents.create(file_id="f1", signees=[SIGNEE])
        assert client.slept == []
    assert [s.method for s in api.seen] == ["POST"]


@pytest.mark.anyio
async def test_async_retries_429_then_get_503(api):
    api.queue(
        Reply(429, headers={"X-RateLimit-Reset": "2"}),
        Reply(503),
        Reply(200, json=USER),
    )
    async with make_async(api) as client:
        assert (await client.user.get()).user_id == "u1"
        assert client.slept[0] == 2.0 and 0.75 <= client.slept[1] <= 1.0
    assert len(api.seen) == 3


@pytest.mark.anyio
async def test_async_429_over_the_ceiling_raises(api):
    api.queue(Reply(429, headers={"X-RateLimit-Reset": "61"}))
    async with make_async(api) as client:
        with pytest.raises(RateLimitError) as info:
            await client.user.get()
    assert info.value.retry_after == 61.0 and len(api.seen) == 1


SCENARIOS = {
    "get-503-503-200": ("get", [Reply(503), Reply(503), Reply(200, json=USER)]),
    "get-drop-200": ("get", [Reply(drop=True), Reply(200, json=USER)]),
    "get-502x3": ("get", [Reply(502)] * 3),
    "post-429-201": (
        "post",
        [Reply(429, headers={"X-RateLimit-Reset": "2"}), Reply(201, json=CREATED)],
    ),
    "post-500": ("post", [Reply(500)]),
    "post-drop": ("post", [Reply(drop=True)]),
    "get-429-over-ceiling": ("get", [Reply(429, headers={"X-RateLimit-Reset": "99"})]),
}


def outcome_of(call):
    try:
        call()
    except Exception as exc:
        return type(exc).__name__
    return "ok"


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_sync_and_async_drivers_make_the_same_decisions(name):
    import asyncio

    kind, replies = SCENARIOS[name]
    results = []
    for flavour in ("sync", "async"):
        server = next(gen := running())
        try:
            server.queue(*replies)
            if flavour == "sync":
                client = make(server)
                call = client.user.get if kind == "get" else lambda c=client: create(c)
                got = outcome_of(call)
                client.close()
            else:
                client = make_async(server)

                async def run(client=client):
                    async with client:
                        if kind == "get":
                            await client.user.get()
                        else:
                            await client.documents.create(file_id="f1", signees=[SIGNEE])

                got = outcome_of(lambda run=run: asyncio.run(run()))
            waits = [s if s == 2.0 else "backoff" for s in client.slept]  # 2.0: the reset header
            results.append((got, [(s.method, s.path) for s in server.seen], waits))
        finally:
            gen.close()
    assert results[0] == results[1]


def test_post_waiting_for_a_pooled_connection_is_retried_and_sent_once(api):
    import threading
    import time

    # One connection, held by a slow GET: the POST times out waiting for the pool, which
    # means it never left this process, so it may be retried; the retry then gets through.
    # The GET is answered only once the POST has timed out and is about to be retried, so a
    # loaded machine cannot let the GET finish before the POST ever waits for the pool.
    http = httpx.Client(limits=httpx.Limits(max_connections=1), timeout=httpx.Timeout(5, pool=0.05))
    post_timed_out = threading.Event()
    api.queue(Reply(200, json=USER, hold=post_timed_out), Reply(201, json=CREATED))
    with Formify("tok", base_url=api.url, http_client=http) as client:
        client.slept = []

        def sleep(seconds):
            client.slept.append(seconds)
            post_timed_out.set()
            time.sleep(seconds)

        client._sleep = sleep
        holder = threading.Thread(target=client.user.get)
        holder.start()
        while not api.seen:
            time.sleep(0.005)
        assert create(client).document_id == "d1"
        holder.join()
    http.close()
    assert [s.method for s in api.seen] == ["GET", "POST"]
    assert client.slept  # at least one pool timeout was retried (more only if very slow)


@pytest.mark.anyio
@pytest.mark.parametrize("flavour", ["sync", "async"])
async def test_429_wait_really_sleeps_the_reset_seconds(api, flavour):
    import time

    api.queue(Reply(429, headers={"X-RateLimit-Reset": "0.2"}), Reply(201, json=CREATED))
    start = time.monotonic()
    if flavour == "sync":
        with Formify("tok", base_url=api.url) as client:  # the real time.sleep
            create(client)
    else:
        async with AsyncFormify("tok", base_url=api.url) as aclient:  # the real asyncio.sleep
            await aclient.documents.create(file_id="f1", signees=[SIGNEE])
    elapsed = time.monotonic() - start
    assert 0.2 <= elapsed < 5  # the wait was slept, not skipped nor taken as a date (5: load)
    assert [s.method for s in api.seen] == ["POST", "POST"]
