"""Many clients, one pool: each account's requests carry only that account's token."""

import asyncio
import random
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from _api_server import Reply

from formify import AsyncFormify, Formify

ACCOUNTS = 50
REQUESTS = 1000
WORKERS = 16


@pytest.fixture
def api(api):
    """The shared `api` server answering every request with a 204, keeping no bodies."""
    api.default = Reply(204)
    api.keep_bodies = False
    return api


def _mismatches(seen) -> tuple[int, Counter[str]]:
    """Count requests whose token is not the one of the account named in their path."""
    wrong, per_account = 0, Counter()
    for request in seen:
        account = request.path.split("/")[3].split("?")[0]  # /v1/files/<account>?...
        per_account[account] += 1
        if request.headers.get("authorization") != f"Bearer token-{account}":
            wrong += 1
    return wrong, per_account


def _untouched(http: httpx.Client | httpx.AsyncClient) -> None:
    assert http.auth is None
    assert str(http.base_url) == ""
    assert "authorization" not in http.headers
    assert http.headers["user-agent"].startswith("python-httpx/")


@pytest.mark.timeout(600)  # 10,000 requests; a loaded machine may take minutes
def test_50_accounts_on_one_pool_16_threads_never_cross_tokens(api):
    limits = httpx.Limits(max_connections=WORKERS, max_keepalive_connections=WORKERS)
    with httpx.Client(limits=limits) as shared:
        clients = [
            Formify(f"token-{n}", base_url=api.url, http_client=shared) for n in range(ACCOUNTS)
        ]
        _untouched(shared)  # building 50 clients changed nothing on the shared pool
        plan = [random.randrange(ACCOUNTS) for _ in range(REQUESTS)]
        start = threading.Barrier(WORKERS)

        def work(worker: int) -> None:
            start.wait()  # all threads send at once, so their requests interleave
            for n in plan[worker::WORKERS]:
                clients[n].files.delete(str(n))

        with ThreadPoolExecutor(WORKERS) as pool:
            list(pool.map(work, range(WORKERS)))
        _untouched(shared)
    seen = api.seen
    wrong, per_account = _mismatches(seen)
    assert len(seen) == REQUESTS
    assert len(per_account) == ACCOUNTS
    assert wrong == 0


@pytest.mark.anyio
@pytest.mark.timeout(600)
async def test_50_accounts_on_one_async_pool_many_tasks_never_cross_tokens(api):
    limits = httpx.Limits(max_connections=WORKERS, max_keepalive_connections=WORKERS)
    async with httpx.AsyncClient(limits=limits) as shared:
        clients = [
            AsyncFormify(f"token-{n}", base_url=api.url, http_client=shared)
            for n in range(ACCOUNTS)
        ]
        _untouched(shared)
        plan = [random.randrange(ACCOUNTS) for _ in range(REQUESTS)]

        async def work(worker: int) -> None:
            for n in plan[worker::WORKERS]:
                await clients[n].files.delete(str(n))

        await asyncio.gather(*(work(worker) for worker in range(WORKERS)))
        _untouched(shared)
    seen = api.seen
    wrong, per_account = _mismatches(seen)
    assert len(seen) == REQUESTS
    assert len(per_account) == ACCOUNTS
    assert wrong == 0


def test_a_caller_timeout_stays_on_the_callers_client_and_ours_travels_per_request(api):
    with httpx.Client(timeout=7.0) as shared:
        Formify("token-a", base_url=api.url, http_client=shared, timeout=3.0).files.delete("a")
        assert shared.timeout == httpx.Timeout(7.0)  # not overwritten by our 3 s
        Formify("token-b", base_url=api.url, http_client=shared).files.delete("b")
    assert _mismatches(api.seen)[0] == 0


def test_creating_clients_on_a_shared_pool_opens_no_connection(api):
    with httpx.Client() as shared:
        clients = [Formify(f"token-{n}", base_url=api.url, http_client=shared) for n in range(1000)]
        assert shared._transport._pool.connections == []  # type: ignore[attr-defined]
        clients[0].files.delete("0")
        clients[999].files.delete("999")
        assert len(shared._transport._pool.connections) == 1  # type: ignore[attr-defined]
    assert len(api.seen) == 2 and _mismatches(api.seen)[0] == 0
