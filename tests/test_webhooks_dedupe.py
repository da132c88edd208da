"""Tests for duplicate suppression: `ProcessedEvents` and `MemoryEventIdStore`."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from formify._exceptions import ValidationError
from formify.webhooks import (
    DEFAULT_TTL,
    Delivery,
    EventIdStore,
    MemoryEventIdStore,
    ProcessedEvents,
)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def make(
    ttl: float = 60, max_entries: int = 1000, lease: float = 10
) -> tuple[ProcessedEvents, FakeClock]:
    clock = FakeClock()
    store = MemoryEventIdStore(max_entries, clock=clock)
    return ProcessedEvents(store, ttl=ttl, lease=lease), clock


def test_first_time_then_duplicate() -> None:
    processed, _ = make()
    assert processed.first_time("evt-1") is True
    assert processed.first_time("evt-1") is False
    assert processed.first_time("evt-2") is True


def test_default_ttl_outlasts_formify_retry_schedule() -> None:
    # retries: immediately, ~5 min, ~30 min, ~2 h, ~24 h after the previous ones
    schedule = timedelta(minutes=5) + timedelta(minutes=30) + timedelta(hours=2 + 24)
    assert schedule < DEFAULT_TTL
    clock = FakeClock()
    processed = ProcessedEvents(MemoryEventIdStore(clock=clock))
    assert processed.first_time("evt")
    clock.now += schedule.total_seconds() + 3600  # an hour later than the last retry
    assert processed.first_time("evt") is False


def test_id_expires_after_ttl() -> None:
    processed, clock = make(ttl=60)
    assert processed.first_time("evt")
    clock.now += 59.9
    assert not processed.first_time("evt")
    clock.now += 0.2
    assert processed.first_time("evt")


def test_ttl_as_timedelta() -> None:
    clock = FakeClock()
    processed = ProcessedEvents(MemoryEventIdStore(clock=clock), ttl=timedelta(seconds=10))
    assert processed.first_time("e")
    clock.now += 9
    assert not processed.first_time("e")
    clock.now += 2
    assert processed.first_time("e")


def test_expired_ids_are_purged_from_memory() -> None:
    clock = FakeClock()
    store = MemoryEventIdStore(clock=clock)
    processed = ProcessedEvents(store, ttl=10)
    for i in range(100):
        processed.first_time(f"evt-{i}")
    assert len(store) == 100
    clock.now += 11
    processed.first_time("new")
    assert len(store) == 1


def test_memory_is_bounded_and_drops_oldest() -> None:
    processed, _ = make(max_entries=3)
    for event_id in ("a", "b", "c", "d"):
        assert processed.first_time(event_id)
    store = processed.store
    assert isinstance(store, MemoryEventIdStore)
    assert len(store) == 3
    assert processed.first_time("a")  # "a" was dropped to make room
    assert not processed.first_time("d")


def test_forget_lets_a_retry_process_again() -> None:
    processed, _ = make()
    assert processed.first_time("evt")
    processed.forget("evt")
    assert processed.first_time("evt")
    processed.forget("never-seen")  # no error


def test_check_and_mark_is_atomic_under_threads() -> None:
    processed = ProcessedEvents()
    winners: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(16)

    def worker() -> None:
        barrier.wait()
        for i in range(200):
            if processed.first_time(f"evt-{i}"):
                with lock:
                    winners.append(f"evt-{i}")

    threads = [threading.Thread(target=worker) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(winners) == sorted(f"evt-{i}" for i in range(200))  # each exactly once


def test_begin_finish_lifecycle() -> None:
    processed, _ = make()
    assert processed.begin("evt") is Delivery.NEW
    assert processed.begin("evt") is Delivery.IN_PROGRESS  # a retry while still handling
    processed.finish("evt")
    assert processed.begin("evt") is Delivery.DONE
    assert processed.first_time("evt") is False


def test_failed_handling_is_forgotten_so_the_retry_is_new() -> None:
    processed, _ = make()
    assert processed.begin("evt") is Delivery.NEW
    processed.forget("evt")
    assert processed.begin("evt") is Delivery.NEW


def test_an_unfinished_claim_lapses_after_the_lease() -> None:
    processed, clock = make(ttl=1000, lease=30)
    assert processed.begin("evt") is Delivery.NEW  # the worker then crashes: no finish()
    clock.now += 29
    assert processed.begin("evt") is Delivery.IN_PROGRESS
    clock.now += 2
    assert processed.begin("evt") is Delivery.NEW


def test_finish_keeps_the_id_for_the_full_ttl_not_the_lease() -> None:
    processed, clock = make(ttl=1000, lease=30)
    assert processed.begin("evt") is Delivery.NEW
    processed.finish("evt")
    clock.now += 999
    assert processed.begin("evt") is Delivery.DONE
    clock.now += 2
    assert processed.begin("evt") is Delivery.NEW


def test_begin_is_atomic_under_threads() -> None:
    processed = ProcessedEvents()
    winners: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(16)

    def worker() -> None:
        barrier.wait()
        for i in range(200):
            if processed.begin(f"evt-{i}") is Delivery.NEW:
                with lock:
                    winners.append(f"evt-{i}")

    threads = [threading.Thread(target=worker) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(winners) == sorted(f"evt-{i}" for i in range(200))


def test_a_custom_store_is_used_through_the_protocol() -> None:
    class RecordingStore:
        def __init__(self) -> None:
            self.calls: list[tuple[object, ...]] = []
            self.states: dict[str, str] = {}

        def add_if_absent(self, event_id: str, state: str, ttl_seconds: float) -> str | None:
            self.calls.append(("add", event_id, state, ttl_seconds))
            if event_id in self.states:
                return self.states[event_id]
            self.states[event_id] = state
            return None

        def put(self, event_id: str, state: str, ttl_seconds: float) -> None:
            self.calls.append(("put", event_id, state, ttl_seconds))
            self.states[event_id] = state

        def discard(self, event_id: str) -> None:
            self.calls.append(("discard", event_id))
            self.states.pop(event_id, None)

    store = RecordingStore()
    assert isinstance(store, EventIdStore)
    processed = ProcessedEvents(store, ttl=timedelta(hours=1), lease=timedelta(minutes=2))
    assert processed.begin("x") is Delivery.NEW
    assert processed.begin("x") is Delivery.IN_PROGRESS
    processed.finish("x")
    assert processed.begin("x") is Delivery.DONE
    processed.forget("x")
    assert processed.first_time("x")
    assert store.calls == [
        ("add", "x", "in_progress", 120.0),
        ("add", "x", "in_progress", 120.0),
        ("put", "x", "done", 3600.0),
        ("add", "x", "in_progress", 120.0),
        ("discard", "x"),
        ("add", "x", "done", 3600.0),
    ]


@pytest.mark.parametrize("field", ["ttl", "lease"])
@pytest.mark.parametrize("value", [0, -5, timedelta(0), "60", True, float("nan")])
def test_bad_ttl_and_lease_are_refused(field: str, value: object) -> None:
    with pytest.raises(ValidationError) as info:
        ProcessedEvents(**{field: value})  # type: ignore[arg-type]
    assert info.value.field == field


def test_bad_store_and_max_entries_are_refused() -> None:
    with pytest.raises(ValidationError) as info:
        ProcessedEvents(object())  # type: ignore[arg-type]
    assert info.value.field == "store"
    with pytest.raises(ValidationError) as info:
        MemoryEventIdStore(0)
    assert info.value.field == "max_entries"


@pytest.mark.parametrize("event_id", ["", None, 5])
def test_bad_event_id_is_refused(event_id: object) -> None:
    processed, _ = make()
    for method in (processed.first_time, processed.begin, processed.finish, processed.forget):
        with pytest.raises(ValidationError) as info:
            method(event_id)  # type: ignore[arg-type]
        assert info.value.field == "event_id"
