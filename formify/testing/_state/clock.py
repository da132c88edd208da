"""The emulator's clock: real time plus an offset that tests move forward with ``advance``.

A test that asserts exact remaining seconds (cooldowns, expiries) freezes the clock first, so
real seconds spent on a loaded machine do not leak into emulated time; only ``advance`` moves
a frozen clock.
"""

from __future__ import annotations

import math
import threading
import time
from datetime import UTC, datetime

#: Where a deterministic emulator's clock starts (and returns on reset): 2025-01-01T00:00:00Z
FIXED_START = 1_735_689_600.0
#: How far (seconds) the emulated clock may run ahead of real time: ~100 years, so every
#: timestamp it makes still formats as a date
MAX_OFFSET = 100 * 365.25 * 86400


class Clock:
    """Wall-clock seconds with a settable offset; every expiry and cooldown reads this clock."""

    def __init__(self, start: float | None = None) -> None:
        # `start`: a fixed Unix time the clock stands at (frozen) from the beginning and after
        # every reset; for recordings that must not depend on when they were made
        self._start = start
        self._offset = 0.0
        self._frozen_at: float | None = start
        self._lock = threading.Lock()

    def now(self) -> float:
        """Return the emulated Unix time in seconds."""
        with self._lock:
            base = time.time() if self._frozen_at is None else self._frozen_at
            return base + self._offset

    def freeze(self) -> None:
        """Stop following real time: from now on only `advance` moves the clock."""
        with self._lock:
            if self._frozen_at is None:
                self._frozen_at = time.time()

    def advance(self, seconds: float) -> None:
        """Move emulated time forward by `seconds` (never backwards, never past MAX_OFFSET)."""
        if not (math.isfinite(seconds) and seconds >= 0):
            raise ValueError("seconds must be a finite number >= 0")
        with self._lock:
            if self._offset + seconds > MAX_OFFSET:
                raise ValueError(f"the clock may run at most {MAX_OFFSET:.0f} seconds ahead")
            self._offset += seconds

    def reset(self) -> None:
        """Return to real time (and follow it again if frozen), or to the fixed start."""
        with self._lock:
            self._offset = 0.0
            self._frozen_at = self._start


def iso(ts: float) -> str:
    """Format Unix seconds as the API's UTC timestamp, e.g. ``2024-10-25T14:23:55Z``."""
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
