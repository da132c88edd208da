"""Webhook dedupe shared by receiver processes, on SQLite, Redis and PostgreSQL.

Done-when figure of issue 11: 4 receiver processes get the same 1,000 deliveries 3 times each
(3,000 deliveries, each copy to a receiver picked at random, as a load balancer would) and
handle every event exactly once. Plus: a claim inside the caller's own PostgreSQL transaction.
"""

from __future__ import annotations

import multiprocessing
import queue
import random
import threading
import time
import uuid
from collections import Counter

import psycopg
import pytest
from _race_stores import event_store, receive

from formify.stores import PostgresEventIdStore
from formify.webhooks import Delivery, ProcessedEvents


@pytest.fixture(params=["sqlite", "redis", "postgres"])
def backend(request, tmp_path):
    if request.param == "redis":
        return "redis", request.getfixturevalue("redis_server").url
    if request.param == "postgres":
        return "postgres", request.getfixturevalue("postgres_dsn")
    return "sqlite", str(tmp_path / "events.db")


@pytest.mark.slow
@pytest.mark.timeout(600)  # ~10 s each on an idle machine; SQLite's busy waits stretch under load
def test_four_receivers_handle_each_of_1000_events_exactly_once(backend) -> None:
    kind, where = backend
    run = uuid.uuid4().hex
    events = [f"{run}-{n}" for n in range(1000)]
    copies = events * 3
    random.Random(7).shuffle(copies)
    inboxes: list[list[str]] = [[] for _ in range(4)]
    for event_id in copies:
        inboxes[random.randrange(4)].append(event_id)
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(4)
    out = context.Queue()
    receivers = [
        context.Process(target=receive, args=(kind, where, f"{run}:", inbox, start, out))
        for inbox in inboxes
    ]
    for receiver in receivers:
        receiver.start()
    handled: Counter[str] = Counter()
    deadline = time.monotonic() + 550
    for _ in receivers:
        while True:
            try:
                result = out.get(timeout=1)
                break
            except queue.Empty:
                crashed = [r.exitcode for r in receivers if r.exitcode not in (None, 0)]
                assert not crashed, f"a receiver died without a result: exit codes {crashed}"
                assert time.monotonic() < deadline, "the receivers did not finish in 550 s"
        assert not isinstance(result, str), f"a receiver failed:\n{result}"
        handled.update(result)
    for receiver in receivers:
        receiver.join(30)
        assert receiver.exitcode == 0
    assert sum(handled.values()) == 1000
    assert set(handled) == set(events) and set(handled.values()) == {1}


def test_claim_lease_and_ttl(backend) -> None:
    kind, where = backend
    run = uuid.uuid4().hex
    processed = ProcessedEvents(event_store(kind, where, f"{run}:"), lease=1, ttl=60)
    other = ProcessedEvents(event_store(kind, where, f"{run}:"), lease=1, ttl=60)
    assert processed.begin(f"{run}-a") is Delivery.NEW
    assert other.begin(f"{run}-a") is Delivery.IN_PROGRESS
    processed.forget(f"{run}-a")  # handling failed: the retry may handle it
    assert other.begin(f"{run}-a") is Delivery.NEW
    other.finish(f"{run}-a")
    assert processed.begin(f"{run}-a") is Delivery.DONE
    assert processed.begin(f"{run}-b") is Delivery.NEW  # a worker claims, then crashes
    threading.Event().wait(1.5)  # the 1 s lease lapses
    assert other.begin(f"{run}-b") is Delivery.NEW
    assert other.first_time(f"{run}-c") and not processed.first_time(f"{run}-c")


def test_claim_inside_the_callers_transaction_commits_with_the_work(postgres_dsn) -> None:
    store = PostgresEventIdStore(postgres_dsn)
    event_id = f"evt-{uuid.uuid4().hex}"
    with psycopg.connect(postgres_dsn) as setup:
        setup.execute("CREATE TABLE IF NOT EXISTS handled_events (event_id text)")
        setup.commit()
    # The handling fails after the claim: both roll back, and the retry handles the event.
    with psycopg.connect(postgres_dsn) as conn:
        assert store.claim_in(conn, event_id)
        conn.execute("INSERT INTO handled_events VALUES (%s)", (event_id,))
        conn.rollback()
    with psycopg.connect(postgres_dsn) as conn:
        assert store.claim_in(conn, event_id)
        conn.execute("INSERT INTO handled_events VALUES (%s)", (event_id,))
        conn.commit()
    with psycopg.connect(postgres_dsn) as conn:
        assert not store.claim_in(conn, event_id)  # a later redelivery
        rows = conn.execute(
            "SELECT count(*) FROM handled_events WHERE event_id = %s", (event_id,)
        ).fetchone()
    assert rows == (1,)
    assert ProcessedEvents(store).begin(event_id) is Delivery.DONE  # the same marks
