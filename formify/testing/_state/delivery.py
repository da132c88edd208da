"""Webhook delivery for the emulator: real signed HTTP POSTs from a background thread.

Follows the reference: each event is tried once and, while the receiver does not answer 2xx,
retried up to 5 times (immediately, then after ~5 minutes, ~30 minutes, ~2 hours, ~24 hours).
``time_scale`` shrinks that schedule so tests run in milliseconds. Every attempt is logged.
"""

from __future__ import annotations

import heapq
import itertools
import json
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs
import httpx

__all__ = ["RETRY_DELAYS", "DeliveryAttempt", "WebhookDeliverer"]

#: Seconds before each retry after a failed attempt, as the reference states.
RETRY_DELAYS: tuple[float, ...] = (0.0, 5 * 60.0, 30 * 60.0, 2 * 3600.0, 24 * 3600.0)
#: How long (real seconds) an event is held back for a later one to overtake it.
OUT_OF_ORDER_HOLD = 0.2
USER_AGENT = "Formify-Emulator-Webhooks/1"


@attrs.frozen
class DeliveryAttempt:
    """One POST of one event to one URL: its HTTP status, or why there was none."""

    url: str
    event_id: str
    event_type: str
    attempt: int
    status: int | None
    error: str | None
    at: float

    @property
    def delivered(self) -> bool:
        """Whether the receiver acknowledged the event (2xx)."""
        return self.status is not None and 200 <= self.status < 300


@attrs.define
class _Job:
    url: str
    event_id: str
    event_type: str
    body: bytes
    secret: Callable[[], str | None]
    generation: int
    attempt: int = 1


def _event_fields(payload: Mapping[str, Any]) -> tuple[str, str]:
    # The documented payload wraps the event: {"event": {"eventId", "type", ...}}.
    event = payload.get("event", payload)
    return str(event.get("eventId", "")), str(event.get("type", ""))


class WebhookDeliverer:
    """Sends queued webhook events for real, on a schedule, from one background thread."""

    def __init__(
        self,
        *,
        time_scale: float = 1.0,
        duplicate: bool = False,
        out_of_order: bool = False,
        retry_delays: Sequence[float] = RETRY_DELAYS,
        timeout: float = 5.0,
    ) -> None:
        if time_scale < 0:
            raise ValueError("time_scale must be >= 0")
        self.time_scale = time_scale
        self.duplicate = duplicate
        self.out_of_order = out_of_order
        self.retry_delays = tuple(retry_delays)
        self.timeout = timeout
        self._cond = threading.Condition()
        self._queue: list[tuple[float, int, _Job]] = []
        self._seq = itertools.count()
        self._attempts: list[DeliveryAttempt] = []
        self._held: list[_Job] = []  # out_of_order: the event waiting for the next to pass it
        self._stopping = False
        self._busy = False
        self._generation = 0  # bumped by reset(), so an attempt in flight is not logged after
        self._thread: threading.Thread | None = None

    # --- lifecycle -------------------------------------------------------------------------

    def start(self) -> None:
        """Start the delivery thread (once; later calls do nothing)."""
        with self._cond:
            if self._thread is not None:
                return
            self._stopping = False
            self._thread = threading.Thread(
                target=self._run, name="formify-emulator-webhooks", daemon=True
            )
            self._thread.start()

    def close(self) -> None:
        """Stop the thread and wait for it; events not yet delivered are dropped."""
        with self._cond:
            thread, self._thread = self._thread, None
            self._stopping = True
            self._queue.clear()
            self._cond.notify_all()
        if thread is not None:
            thread.join()

    def reset(self) -> None:
        """Forget queued events and the attempt log."""
        with self._cond:
            self._queue.clear()
            self._attempts.clear()
            self._held = []
            self._generation += 1
            self._cond.notify_all()

    def advance(self, seconds: float) -> None:
        """Bring every queued attempt ``seconds`` (emulated, so times time_scale) closer."""
        shift = seconds * self.time_scale
        with self._cond:
            self._queue = [(due - shift, seq, job) for due, seq, job in self._queue]
            heapq.heapify(self._queue)
            self._cond.notify_all()

    # --- producing -------------------------------------------------------------------------

    def enqueue(
        self, url: str, payload: Mapping[str, Any], secret: Callable[[], str | None]
    ) -> None:
        """Queue one event for ``url``; ``secret()`` gives the current secret, None = stop.

        The payload is serialised once: every attempt (and duplicate) sends the same bytes,
        signed with whatever secret is current at that attempt.
        """
        body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
        event_id, event_type = _event_fields(payload)
        now = time.monotonic()
        with self._cond:
            jobs = [
                _Job(url, event_id, event_type, body, secret, self._generation)
                for _ in range(2 if self.duplicate else 1)
            ]
            hold = self.out_of_order and not self._held
            for job in jobs:
                due = now + OUT_OF_ORDER_HOLD if hold else now
                heapq.heappush(self._queue, (due, next(self._seq), job))
            if hold:
                self._held = jobs
            elif self._held:
                self._release_held(now)
            self._cond.notify_all()

    def _release_held(self, now: float) -> None:
        # Out of order: the held event goes right after the one just queued, so the two swap.
        held, self._held = self._held, []
        self._queue = [
            (now, next(self._seq), job) if any(job is h for h in held) else (due, seq, job)
            for due, seq, job in self._queue
        ]
        heapq.heapify(self._queue)

    # --- observing -------------------------------------------------------------------------

    @property
    def attempts(self) -> list[DeliveryAttempt]:
        """A copy of the attempt log, oldest first."""
        with self._cond:
            return list(self._attempts)

    @property
    def pending(self) -> int:
        """How many attempts are queued (including retries not yet due)."""
        with self._cond:
            return len(self._queue)

    def wait_for(
        self, predicate: Callable[[list[DeliveryAttempt]], bool], timeout: float = 10.0
    ) -> bool:
        """Block until ``predicate(attempts)`` holds; False if ``timeout`` passes first."""
        with self._cond:
            return self._cond.wait_for(lambda: predicate(list(self._attempts)), timeout)

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Block until nothing is queued or being sent; False if ``timeout`` passes first."""
        with self._cond:
            return self._cond.wait_for(lambda: not self._queue and not self._busy, timeout)

    # --- the worker ------------------------------------------------------------------------

    def _next_job(self) -> _Job | None:
        with self._cond:
            while not self._stopping:
                if self._queue:
                    due = self._queue[0][0]
                    wait = due - time.monotonic()
                    if wait <= 0:
                        self._busy = True
                        job = heapq.heappop(self._queue)[2]
                        if any(job is h for h in self._held):
                            self._held = []  # nothing came to overtake it in time
                        return job
                    self._cond.wait(wait)
                else:
                    self._cond.wait()
            return None

    def _run(self) -> None:
        with httpx.Client(timeout=self.timeout, trust_env=False) as client:
            while (job := self._next_job()) is not None:
                try:
                    self._attempt(client, job)
                except Exception:
                    # A broken secret getter must not kill the thread every other event uses.
                    continue
                finally:
                    with self._cond:
                        self._busy = False
                        self._cond.notify_all()

    def _attempt(self, client: httpx.Client, job: _Job) -> None:
        secret = job.secret()
        if secret is None:
            return  # the webhook is gone: nothing more is sent for it
        from formify.webhooks import sign  # lazily: the emulator imports no client code early

        headers = {"Content-Type": "application/json", "User-Agent": USER_AGENT}
        headers.update(sign(job.body, secret))
        status: int | None = None
        error: str | None = None
        try:
            response = client.post(job.url, content=job.body, headers=headers)
            status = response.status_code
        except httpx.HTTPError as exc:
            error = type(exc).__name__
        record = DeliveryAttempt(
            job.url, job.event_id, job.event_type, job.attempt, status, error, time.monotonic()
        )
        with self._cond:
            if self._stopping or job.generation != self._generation:
                return
            self._attempts.append(record)
            if not record.delivered and job.attempt <= len(self.retry_delays):
                delay = self.retry_delays[job.attempt - 1] * self.time_scale
                job.attempt += 1
                heapq.heappush(self._queue, (record.at + delay, next(self._seq), job))
            self._cond.notify_all()
