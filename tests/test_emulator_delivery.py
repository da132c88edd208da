"""Webhook delivery: real signed POSTs to a real receiver on 127.0.0.1, retried on schedule."""

from __future__ import annotations

import itertools
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from _webhook_receiver import Received, WebhookReceiver

from formify import webhooks
from formify.testing._state.delivery import RETRY_DELAYS, DeliveryAttempt, WebhookDeliverer

SECRET = "whsec_" + "a" * 32


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    with WebhookReceiver("/hooks/formify") as receiver:
        yield receiver


@pytest.fixture
def make_deliverer() -> Iterator[Callable[..., WebhookDeliverer]]:
    made: list[WebhookDeliverer] = []

    def make(**options: Any) -> WebhookDeliverer:
        deliverer = WebhookDeliverer(**options)
        deliverer.start()
        made.append(deliverer)
        return deliverer

    yield make
    for deliverer in made:
        deliverer.close()


def event(event_id: str = "evt-1", kind: str = "document.completed", **data: str) -> dict[str, Any]:
    return {
        "event": {
            "eventId": event_id,
            "type": kind,
            "date": "2026-11-23T09:00:00Z",
            "data": {"documentId": "doc-1", "accountId": "acc-1", "userId": "usr-1", **data},
        }
    }


def fixed(secret: str | None = SECRET) -> Callable[[], str | None]:
    return lambda: secret


def count_at_least(n: int) -> Callable[[list[DeliveryAttempt]], bool]:
    return lambda attempts: len(attempts) >= n


def verify(received: Received, secret: str) -> None:
    webhooks.verify_signature(
        received.body,
        timestamp=received.headers["X-Formify-Timestamp"],
        signature=received.headers["X-Formify-Signature"],
        secret=secret,
    )


# --- a successful delivery ------------------------------------------------------------------


def test_delivery_is_a_signed_json_post_that_verifies_over_the_exact_bytes(
    receiver: WebhookReceiver, make_deliverer: Callable[..., WebhookDeliverer]
) -> None:
    deliverer = make_deliverer()
    payload = event(kind="document.signed", signeeId="sig-1")
    payload["event"]["data"]["note"] = "Åsa Öberg"
    deliverer.enqueue(receiver.url, payload, fixed())
    (received,) = receiver.wait_requests(1)
    verify(received, SECRET)
    assert json.loads(received.body) == payload
    assert received.headers["Content-Type"] == "application/json"
    assert abs(int(received.headers["X-Formify-Timestamp"]) - time.time()) < 5
    parsed = webhooks.construct_event(received.body, received.headers, SECRET)
    assert (parsed.event_id, parsed.data.signee_id) == ("evt-1", "sig-1")
    with pytest.raises(webhooks.SignatureMismatchError):
        verify(received, "whsec_" + "b" * 32)

    assert deliverer.wait_for(count_at_least(1))
    (attempt,) = deliverer.attempts
    assert (attempt.url, attempt.event_id, attempt.event_type) == (
        receiver.url,
        "evt-1",
        "document.signed",
    )
    assert (attempt.attempt, attempt.status, attempt.error, attempt.delivered) == (
        1,
        200,
        None,
        True,
    )
    assert deliverer.wait_idle()
    assert deliverer.pending == 0


def test_any_2xx_acknowledges(
    receiver: WebhookReceiver, make_deliverer: Callable[..., WebhookDeliverer]
) -> None:
    receiver.statuses = [204]
    deliverer = make_deliverer(retry_delays=(0.0,))
    deliverer.enqueue(receiver.url, event(), fixed())
    assert deliverer.wait_idle()
    assert [a.status for a in deliverer.attempts] == [204]
    assert len(receiver.requests) == 1


def test_events_are_sent_in_the_order_queued(
    receiver: WebhookReceiver, make_deliverer: Callable[..., WebhookDeliverer]
) -> None:
    deliverer = make_deliverer()
    for n in range(5):
        deliverer.enqueue(receiver.url, event(f"evt-{n}"), fixed())
    received = receiver.wait_requests(5)
    assert [json.loads(r.body)["event"]["eventId"] for r in received] == [
        f"evt-{n}" for n in range(5)
    ]


# --- retries --------------------------------------------------------------------------------


def test_the_default_schedule_is_the_references() -> None:
    # immediately, ~5 minutes, ~30 minutes, ~2 hours, ~24 hours
    assert RETRY_DELAYS == (0, 300, 1800, 7200, 86400)
    assert WebhookDeliverer().retry_delays == RETRY_DELAYS


def test_failures_are_retried_five_times_on_the_time_scaled_schedule(
    receiver: WebhookReceiver, make_deliverer: Callable[..., WebhookDeliverer]
) -> None:
    scale = 5e-6  # 24 hours -> 0.43 s
    receiver.statuses = [500] * 10
    deliverer = make_deliverer(time_scale=scale)
    deliverer.enqueue(receiver.url, event(), fixed())
    assert deliverer.wait_for(count_at_least(6), timeout=5)
    assert deliverer.wait_idle(timeout=5)
    attempts = deliverer.attempts
    assert [a.attempt for a in attempts] == [1, 2, 3, 4, 5, 6]
    assert [a.status for a in attempts] == [500] * 6
    assert deliverer.pending == 0
    assert len(receiver.requests) == 6  # the initial try and 5 retries, then nothing

    gaps = [b.at - a.at for a, b in itertools.pairwise(attempts)]
    for gap, scheduled in zip(gaps, RETRY_DELAYS, strict=True):
        assert scheduled * scale <= gap < scheduled * scale + 0.5
    assert gaps[2] < gaps[3] < gaps[4]  # ~30 min < ~2 h < ~24 h, in order
    # the same for what the receiver saw (arrival times at its end)
    arrivals = [r.at for r in receiver.requests]
    assert arrivals[5] - arrivals[4] >= RETRY_DELAYS[4] * scale


def test_retries_stop_at_the_first_2xx(
    receiver: WebhookReceiver, make_deliverer: Callable[..., WebhookDeliverer]
) -> None:
    receiver.statuses = [500, 503, 200]
    deliverer = make_deliverer(time_scale=1e-6)
    deliverer.enqueue(receiver.url, event(), fixed())
    assert deliverer.wait_for(count_at_least(3))
    assert deliverer.wait_idle()
    assert [(a.attempt, a.status) for a in deliverer.attempts] == [(1, 500), (2, 503), (3, 200)]
    assert len(receiver.requests) == 3
    assert len({r.body for r in receiver.requests}) == 1  # the same bytes every time


@pytest.mark.parametrize("status", [301, 400, 404, 410])
def test_non_2xx_other_than_5xx_also_counts_as_a_failure(
    status: int, receiver: WebhookReceiver, make_deliverer: Callable[..., WebhookDeliverer]
) -> None:
    receiver.statuses = [status]
    deliverer = make_deliverer(retry_delays=(0.0,))
    deliverer.enqueue(receiver.url, event(), fixed())
    assert deliverer.wait_for(count_at_least(2))
    assert [a.status for a in deliverer.attempts] == [status, 200]


def test_connection_refused_is_a_failure_and_is_retried(
    make_deliverer: Callable[..., WebhookDeliverer],
) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    # nothing listens on port now
    deliverer = make_deliverer(retry_delays=(0.0, 0.0))
    deliverer.enqueue(f"http://127.0.0.1:{port}/hook", event(), fixed())
    assert deliverer.wait_for(count_at_least(3))
    assert deliverer.wait_idle()
    attempts = deliverer.attempts
    assert [(a.attempt, a.status, a.error) for a in attempts] == [
        (1, None, "ConnectError"),
        (2, None, "ConnectError"),
        (3, None, "ConnectError"),
    ]
    assert not any(a.delivered for a in attempts)


def test_a_receiver_slower_than_the_timeout_is_a_failure(
    receiver: WebhookReceiver, make_deliverer: Callable[..., WebhookDeliverer]
) -> None:
    receiver.delay = 0.3
    deliverer = make_deliverer(timeout=0.05, retry_delays=())
    deliverer.enqueue(receiver.url, event(), fixed())
    assert deliverer.wait_for(count_at_least(1))
    (attempt,) = deliverer.attempts
    assert (attempt.status, attempt.error) == (None, "ReadTimeout")


def test_advance_brings_a_distant_retry_forward(
    receiver: WebhookReceiver, make_deliverer: Callable[..., WebhookDeliverer]
) -> None:
    receiver.statuses = [500, 500]
    deliverer = make_deliverer()  # the real schedule: the 3rd try is 5 minutes after the 2nd
    deliverer.enqueue(receiver.url, event(), fixed())
    assert deliverer.wait_for(count_at_least(2))
    assert deliverer.pending == 1
    assert not deliverer.wait_for(count_at_least(3), timeout=0.05)
    deliverer.advance(299)
    assert not deliverer.wait_for(count_at_least(3), timeout=0.05)
    deliverer.advance(1)
    assert deliverer.wait_for(count_at_least(3), timeout=2)
    assert [a.status for a in deliverer.attempts] == [500, 500, 200]


# --- secrets: rotation and deletion ------------------------------------------------------


def test_a_retry_after_rotation_is_signed_with_the_new_secret(
    receiver: WebhookReceiver, make_deliverer: Callable[..., WebhookDeliverer]
) -> None:
    new_secret = "whsec_" + "n" * 32
    current = {"secret": SECRET}

    def rotate_on_first(_: Received) -> None:
        current["secret"] = new_secret  # rotated while the first attempt was in flight

    receiver.statuses = [500]
    receiver.on_request = rotate_on_first
    deliverer = make_deliverer(retry_delays=(0.0,))
    deliverer.enqueue(receiver.url, event(), lambda: current["secret"])
    first, second = receiver.wait_requests(2)
    verify(first, SECRET)
    verify(second, new_secret)
    with pytest.raises(webhooks.SignatureMismatchError):
        verify(second, SECRET)
    assert first.body == second.body


def test_a_deleted_webhook_gets_nothing_more(
    receiver: WebhookReceiver, make_deliverer: Callable[..., WebhookDeliverer]
) -> None:
    current: dict[str, str | None] = {"secret": SECRET}

    def delete_on_first(_: Received) -> None:
        current["secret"] = None

    receiver.statuses = [500]
    receiver.on_request = delete_on_first
    deliverer = make_deliverer(retry_delays=(0.0, 0.0))
    deliverer.enqueue(receiver.url, event(), lambda: current["secret"])
    deliverer.enqueue(receiver.url, event("evt-2"), lambda: current["secret"])
    assert deliverer.wait_for(count_at_least(1))
    assert deliverer.wait_idle()
    assert len(receiver.requests) == 1
    assert [(a.event_id, a.status) for a in deliverer.attempts] == [("evt-1", 500)]


def test_a_failing_secret_getter_does_not_stop_other_deliveries(
    receiver: WebhookReceiver, make_deliverer: Callable[..., WebhookDeliverer]
) -> None:
    def broken() -> str | None:
        raise RuntimeError("store unavailable")

    deliverer = make_deliverer()
    deliverer.enqueue(receiver.url, event("evt-broken"), broken)
    deliverer.enqueue(receiver.url, event("evt-ok"), fixed())
    (received,) = receiver.wait_requests(1)
    assert json.loads(received.body)["event"]["eventId"] == "evt-ok"


# --- receiver-hardening options ----------------------------------------------------------


def test_duplicate_sends_each_event_twice_with_identical_bytes(
    receiver: WebhookReceiver, make_deliverer: Callable[..., WebhookDeliverer]
) -> None:
    deliverer = make_deliverer(duplicate=True)
    deliverer.enqueue(receiver.url, event("evt-1"), fixed())
    deliverer.enqueue(receiver.url, event("evt-2"), fixed())
    received = receiver.wait_requests(4)
    ids = [json.loads(r.body)["event"]["eventId"] for r in received]
    assert sorted(ids) == ["evt-1", "evt-1", "evt-2", "evt-2"]
    first_copies = [r.body for r in received if b"evt-1" in r.body]
    assert first_copies[0] == first_copies[1]
    for r in received:
        verify(r, SECRET)
    assert deliverer.wait_idle()
    assert len(receiver.requests) == 4


def test_out_of_order_swaps_consecutive_events(
    receiver: WebhookReceiver, make_deliverer: Callable[..., WebhookDeliverer]
) -> None:
    deliverer = make_deliverer(out_of_order=True)
    for n in range(4):
        deliverer.enqueue(receiver.url, event(f"evt-{n}"), fixed())
    received = receiver.wait_requests(4)
    ids = [json.loads(r.body)["event"]["eventId"] for r in received]
    assert ids == ["evt-1", "evt-0", "evt-3", "evt-2"]


def test_out_of_order_still_delivers_a_lone_event(
    receiver: WebhookReceiver, make_deliverer: Callable[..., WebhookDeliverer]
) -> None:
    deliverer = make_deliverer(out_of_order=True)
    deliverer.enqueue(receiver.url, event("evt-0"), fixed())
    assert len(receiver.wait_requests(1)) == 1
    # the next event is held in turn, and overtaken by the one after it
    deliverer.enqueue(receiver.url, event("evt-1"), fixed())
    deliverer.enqueue(receiver.url, event("evt-2"), fixed())
    received = receiver.wait_requests(3)
    assert [json.loads(r.body)["event"]["eventId"] for r in received] == [
        "evt-0",
        "evt-2",
        "evt-1",
    ]


def test_out_of_order_with_duplicates_swaps_both_copies(
    receiver: WebhookReceiver, make_deliverer: Callable[..., WebhookDeliverer]
) -> None:
    deliverer = make_deliverer(out_of_order=True, duplicate=True)
    deliverer.enqueue(receiver.url, event("evt-0"), fixed())
    deliverer.enqueue(receiver.url, event("evt-1"), fixed())
    received = receiver.wait_requests(4)
    ids = [json.loads(r.body)["event"]["eventId"] for r in received]
    assert ids == ["evt-1", "evt-1", "evt-0", "evt-0"]


def test_without_options_each_event_is_sent_once_in_order(
    receiver: WebhookReceiver, make_deliverer: Callable[..., WebhookDeliverer]
) -> None:
    deliverer = make_deliverer()
    deliverer.enqueue(receiver.url, event("evt-0"), fixed())
    deliverer.enqueue(receiver.url, event("evt-1"), fixed())
    receiver.wait_requests(2)
    assert deliverer.wait_idle()
    assert [json.loads(r.body)["event"]["eventId"] for r in receiver.requests] == [
        "evt-0",
        "evt-1",
    ]


# --- lifecycle ---------------------------------------------------------------------------


def test_close_joins_the_thread_and_drops_what_is_queued(receiver: WebhookReceiver) -> None:
    before = set(threading.enumerate())
    deliverer = WebhookDeliverer()
    deliverer.start()
    deliverer.start()  # a second start does nothing
    started = set(threading.enumerate()) - before
    assert [t.name for t in started] == ["formify-emulator-webhooks"]
    receiver.statuses = [500, 500]
    deliverer.enqueue(receiver.url, event(), fixed())
    assert deliverer.wait_for(count_at_least(2))
    assert deliverer.pending == 1  # the third try waits 5 minutes
    deliverer.close()
    deliverer.close()  # idempotent
    assert not any(t.is_alive() for t in started)
    assert deliverer.pending == 0
    assert len(receiver.requests) == 2


def test_events_queued_before_start_are_sent_once_started(
    receiver: WebhookReceiver, make_deliverer: Callable[..., WebhookDeliverer]
) -> None:
    deliverer = WebhookDeliverer()
    deliverer.enqueue(receiver.url, event(), fixed())
    time.sleep(0.02)
    assert receiver.requests == []
    deliverer.start()
    try:
        assert len(receiver.wait_requests(1)) == 1
    finally:
        deliverer.close()


def test_reset_forgets_the_log_and_the_queue(
    receiver: WebhookReceiver, make_deliverer: Callable[..., WebhookDeliverer]
) -> None:
    receiver.statuses = [500, 500]
    deliverer = make_deliverer()
    deliverer.enqueue(receiver.url, event(), fixed())
    assert deliverer.wait_for(count_at_least(2))
    deliverer.reset()
    assert deliverer.attempts == []
    assert deliverer.pending == 0
    deliverer.enqueue(receiver.url, event("evt-after"), fixed())
    assert deliverer.wait_for(count_at_least(1))
    assert [a.event_id for a in deliverer.attempts] == ["evt-after"]


def test_wait_for_returns_false_on_timeout(
    make_deliverer: Callable[..., WebhookDeliverer],
) -> None:
    deliverer = make_deliverer()
    started = time.monotonic()
    assert deliverer.wait_for(count_at_least(1), timeout=0.05) is False
    assert time.monotonic() - started < 1


def test_no_secret_in_the_attempt_log(
    receiver: WebhookReceiver, make_deliverer: Callable[..., WebhookDeliverer]
) -> None:
    receiver.statuses = [500]
    deliverer = make_deliverer(retry_delays=(0.0,))
    deliverer.enqueue(receiver.url, event(), fixed())
    assert deliverer.wait_for(count_at_least(2))
    signatures = [r.headers["X-Formify-Signature"] for r in receiver.wait_requests(2)]
    text = repr(deliverer.attempts) + repr(deliverer)
    assert SECRET not in text
    assert not any(s in text for s in signatures)


def test_negative_time_scale_is_refused() -> None:
    with pytest.raises(ValueError, match="time_scale"):
        WebhookDeliverer(time_scale=-1)
