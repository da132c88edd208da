"""Fixed-window rate limiting per access token, on the emulated clock."""

from __future__ import annotations

import math
import threading

import attrs

from formify.testing._state.clock import Clock


@attrs.frozen
class Quota:
    """The outcome of one request against the budget (the X-RateLimit-* header values)."""

    allowed: bool
    limit: int
    remaining: int
    reset: int  # seconds until the window ends

    def headers(self) -> dict[str, str]:
        """Return the headers every API answer carries."""
        return {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(self.remaining),
            "X-RateLimit-Reset": str(self.reset),
        }


class RateLimiter:
    """`limit` requests per `window` seconds per key; the 'limit + 1'th is refused."""

    def __init__(self, clock: Clock, limit: int, window: float) -> None:
        if limit < 1 or window <= 0:
            raise ValueError("rate limit and window must be positive")
        self.clock = clock
        self.limit = limit
        self.window = window
        self._lock = threading.Lock()
        self._windows: dict[str, tuple[float, int]] = {}  # key -> (window start, count)
        self._next_sweep = clock.now() + window

    def hit(self, key: str) -> Quota:
        """Count one request for `key` and say whether it is within the budget."""
        now = self.clock.now()
        with self._lock:
            if now >= self._next_sweep:
                # windows that ended are the same as no window: forget them, once per window
                self._windows = {
                    k: (s, c) for k, (s, c) in self._windows.items() if now - s < self.window
                }
                self._next_sweep = now + self.window
            start, count = self._windows.get(key, (now, 0))
            if now - start >= self.window:
                start, count = now, 0
            allowed = count < self.limit
            if allowed:
                count += 1
            self._windows[key] = (start, count)
        reset = max(1, math.ceil(start + self.window - now))
        return Quota(allowed, self.limit, self.limit - count, reset)

    def reset(self) -> None:
        """Forget every window."""
        with self._lock:
            self._windows.clear()
            # the clock may be set back with it: schedule the next sweep from the next hit
            self._next_sweep = -math.inf

    def __len__(self) -> int:
        """How many windows are kept (one per key seen in the current window)."""
        with self._lock:
            return len(self._windows)
