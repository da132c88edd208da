"""Pacing by the API's rate-limit headers: a request budget per window, in-process or shared.

The rules are stated once, as pure functions over a `Window` (what we know of the server's
current rate-limit window); `LocalBudget` keeps that state in memory for the threads or tasks
of one process, `formify.bulk.RedisBudget` keeps it in Redis for several processes. Both hand
out permits: a request is sent only with one, and its answer's `X-RateLimit-Remaining` /
`X-RateLimit-Reset` is fed back (`observe`).

How the estimate stays on the safe side:

- each permit lowers `remaining` at once, before the server has counted the request;
- an answer's `Remaining` is taken minus the other requests still in flight (the server may
  not have counted them yet), and only ever lowers the estimate within a window;
- `Reset` is whole seconds rounded up, so `now + Reset` is no earlier than the window's end;
- when that end has passed, the next window's budget is unknown: one request (a probe) is
  sent, and only once every request of the old window has been answered (so none of them can
  land in the new window uncounted); its answer opens the new window;
- an answer that carries no rate-limit headers turns pacing off (the API does not limit).
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from typing import Protocol, runtime_checkable

import attrs

from formify._base_client import RateLimit

__all__ = [
    "PROBE_POLL",
    "Budget",
    "LocalBudget",
    "Permit",
    "Window",
    "grant",
    "needs_probe",
    "observe",
]

# How long to wait before asking again while the old window's answers are still coming in.
PROBE_POLL = 0.02
# Two estimates of a window's end further apart than this belong to different windows
# (Reset is rounded up to whole seconds, and answers take time to arrive).
SAME_WINDOW_SLACK = 1.5
# A permit whose answer never came (its holder crashed) stops counting as in flight after this.
PERMIT_LEASE = 120.0


@attrs.define
class Window:
    """What is known of the server's current window (`end` in the budget clock's seconds)."""

    end: float | None = None
    remaining: int | None = None  # None: unknown, the next request is a probe
    unpaced: bool = False  # the API sent no rate-limit headers: only concurrency limits us


@attrs.frozen
class Permit:
    """Leave to send one request; hand it back with the answer's rate limit to `observe`."""

    id: str
    probe: bool = False


def needs_probe(window: Window, now: float) -> bool:
    """Return whether the next permit is a probe: the window is unknown or has ended."""
    if window.unpaced:
        return False
    return window.end is None or window.remaining is None or now >= window.end


def grant(window: Window, now: float, in_flight: int) -> float | None:
    """Take one permit from `window` (None), or return how many seconds to wait first."""
    if window.unpaced:
        return None
    end, remaining = window.end, window.remaining
    if end is None or remaining is None or needs_probe(window, now):
        if in_flight > 0:
            return PROBE_POLL  # a probe is out, or the old window's answers are still due
        window.end, window.remaining = None, None
        return None
    if remaining > 0:
        window.remaining = remaining - 1
        return None
    return max(end - now, PROBE_POLL)


def observe(
    window: Window,
    rate_limit: RateLimit | None,
    now: float,
    others: int,
    *,
    answered: bool,
    probe: bool,
) -> None:
    """Fold an answer's rate limit into `window`; `others` = requests still in flight.

    `answered` is False when no answer came (a connection failure): nothing is learnt then.
    Only the `probe`'s answer opens a window once the known one has ended; a late answer sent
    in the old window may arrive after its end.
    """
    if not answered:
        return
    if rate_limit is None or rate_limit.remaining is None or rate_limit.reset is None:
        if window.remaining is None:
            # the probe was answered without the headers: this API does not rate-limit us
            window.unpaced = True
        return
    window.unpaced = False
    end = now + rate_limit.reset
    left = max(rate_limit.remaining - others, 0)
    known_end, known_left = window.end, window.remaining
    if known_end is None or known_left is None or now >= known_end:
        if probe:
            window.end, window.remaining = end, left  # the probe's answer opens the window
    elif end > known_end + SAME_WINDOW_SLACK:
        window.end, window.remaining = end, left  # the server has moved on to a new window
    elif end >= known_end - SAME_WINDOW_SLACK:
        window.end, window.remaining = min(known_end, end), min(known_left, left)
    # else: a late answer from an older window; it says nothing about this one


@runtime_checkable
class Budget(Protocol):
    """Hands out permits to send; shared by every worker that uses one access token."""

    clock: Callable[[], float]

    def try_acquire(self) -> Permit | float:
        """Return a permit, or the seconds to wait before asking again."""
        ...

    def release(self, permit: Permit, rate_limit: RateLimit | None, *, answered: bool) -> None:
        """Return `permit` with its answer's rate limit; `answered` False if none came."""
        ...


def new_permit_id() -> str:
    """Return a permit id unique across processes."""
    return uuid.uuid4().hex


class LocalBudget:
    """The budget of one process (threads or tasks alike); the default of `send_bulk`.

    `clock` (wall seconds, `time.time` by default) is what windows are measured in.
    """

    def __init__(self, *, clock: Callable[[], float] = time.time) -> None:
        self.clock = clock
        self.window = Window()
        self._in_flight: dict[str, float] = {}  # permit id -> lease expiry
        self._lock = threading.Lock()

    def try_acquire(self) -> Permit | float:
        """Return a permit, or the seconds to wait before asking again."""
        with self._lock:
            now = self.clock()
            self._in_flight = {k: v for k, v in self._in_flight.items() if v > now}
            probe = needs_probe(self.window, now)
            wait = grant(self.window, now, len(self._in_flight))
            if wait is not None:
                return wait
            permit = Permit(new_permit_id(), probe=probe)
            self._in_flight[permit.id] = now + PERMIT_LEASE
            return permit

    def release(self, permit: Permit, rate_limit: RateLimit | None, *, answered: bool) -> None:
        """Return `permit` with its answer's rate limit; `answered` False if none came."""
        with self._lock:
            self._in_flight.pop(permit.id, None)
            others = len(self._in_flight)
            observe(
                self.window,
                rate_limit,
                self.clock(),
                others,
                answered=answered,
                probe=permit.probe,
            )
