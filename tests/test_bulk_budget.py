"""The pacing rules (formify/bulk/_budget.py): permits within a window, probes, late answers."""

from __future__ import annotations

import pytest

from formify._base_client import RateLimit
from formify.bulk import LocalBudget, Permit
from formify.bulk._budget import PROBE_POLL, Window, grant, observe


def limit(remaining: int, reset: int, total: int = 10) -> RateLimit:
    return RateLimit(limit=total, remaining=remaining, reset=reset)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_first_request_is_a_probe_and_others_wait_for_its_answer() -> None:
    window = Window()
    assert grant(window, 0.0, in_flight=0) is None  # the probe
    assert grant(window, 0.0, in_flight=1) == PROBE_POLL  # nothing known yet: wait
    observe(window, limit(9, 60), 0.0, others=0, answered=True, probe=True)
    assert window.remaining == 9 and window.end == 60.0


def test_permits_stop_at_the_window_budget_and_wait_for_its_end() -> None:
    window = Window(end=60.0, remaining=3)
    assert [grant(window, 1.0, in_flight=0) for _ in range(3)] == [None, None, None]
    assert grant(window, 1.0, in_flight=3) == pytest.approx(59.0)


def test_answer_counts_other_requests_in_flight_against_the_budget() -> None:
    window = Window(end=60.0, remaining=5)
    # the server says 5 left, but 3 of ours are still in flight and may not be counted yet
    observe(window, limit(5, 59), 1.0, others=3, answered=True, probe=False)
    assert window.remaining == 2


def test_an_answer_only_lowers_the_estimate_within_a_window() -> None:
    window = Window(end=60.0, remaining=2)
    observe(
        window, limit(8, 59), 1.0, others=0, answered=True, probe=False
    )  # reordered, older answer
    assert window.remaining == 2


def test_new_window_needs_every_old_answer_back_before_the_probe() -> None:
    window = Window(end=60.0, remaining=0)
    assert grant(window, 61.0, in_flight=2) == PROBE_POLL  # stragglers could land uncounted
    assert grant(window, 61.0, in_flight=0) is None  # now the probe
    assert window.remaining is None
    observe(window, limit(0, 1), 61.2, others=0, answered=True, probe=False)  # a straggler
    assert window.remaining is None
    observe(window, limit(9, 60), 61.5, others=0, answered=True, probe=True)
    assert window.remaining == 9 and window.end == 121.5


def test_late_answer_from_an_older_window_is_ignored() -> None:
    window = Window(end=120.0, remaining=9)
    observe(
        window, limit(0, 1), 61.0, others=0, answered=True, probe=False
    )  # end 62: the old window
    assert window.remaining == 9 and window.end == 120.0


def test_a_429_empties_the_window_until_its_reset() -> None:
    window = Window(end=60.0, remaining=7)
    observe(window, limit(0, 30), 30.0, others=0, answered=True, probe=False)
    assert window.remaining == 0
    assert grant(window, 31.0, in_flight=0) == pytest.approx(29.0)


def test_no_answer_teaches_nothing_and_a_lost_probe_is_retried() -> None:
    window = Window()
    assert grant(window, 0.0, in_flight=0) is None
    observe(window, None, 0.1, others=0, answered=False, probe=False)
    assert not window.unpaced and window.remaining is None
    assert grant(window, 0.2, in_flight=0) is None  # a new probe


def test_an_api_without_rate_limit_headers_is_not_paced() -> None:
    window = Window()
    grant(window, 0.0, in_flight=0)
    observe(window, None, 0.1, others=0, answered=True, probe=True)
    assert window.unpaced
    assert all(grant(window, 0.2, in_flight=50) is None for _ in range(100))


def test_local_budget_hands_out_permits_and_tracks_them() -> None:
    clock = Clock()
    budget = LocalBudget(clock=clock)
    probe = budget.try_acquire()
    assert isinstance(probe, Permit) and probe.probe
    assert budget.try_acquire() == PROBE_POLL
    budget.release(probe, limit(2, 10), answered=True)
    first, second = budget.try_acquire(), budget.try_acquire()
    assert isinstance(first, Permit) and isinstance(second, Permit)
    assert budget.try_acquire() == pytest.approx(10.0)
    clock.now += 10.0
    assert budget.try_acquire() == PROBE_POLL  # the window ended; two answers are still due
    budget.release(first, limit(1, 1), answered=True)
    budget.release(second, None, answered=False)
    assert budget.window.end == 1010.0  # a straggler's answer opens no window
    probe = budget.try_acquire()
    assert isinstance(probe, Permit) and probe.probe
