"""`RedisBudget`: one rate-limit window shared by every process that sends with one token.

The same rules as `LocalBudget` (`_budget.grant` / `_budget.observe`), with the window in a
Redis hash and the permits in flight in a sorted set (scored by lease expiry, so a crashed
process's permits stop counting after `PERMIT_LEASE`). Each step is one optimistic
transaction (WATCH, read, apply the rules, MULTI/EXEC; redis-py retries it when another
process wrote in between), so two processes never spend the same permit.
Needs redis-py (`pip install 'formify[redis]'`); windows are measured in wall-clock seconds,
which the processes must agree on (one host, or NTP).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

from formify._base_client import RateLimit
from formify._exceptions import ValidationError
from formify.bulk._budget import (
    PERMIT_LEASE,
    Permit,
    Window,
    grant,
    needs_probe,
    new_permit_id,
    observe,
)

__all__ = ["RedisBudget"]

# Idle budgets disappear from Redis after this long.
KEY_TTL = 24 * 3600


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def _load(raw: Mapping[Any, Any]) -> Window:
    fields = {_text(k): _text(v) for k, v in raw.items()}
    end, remaining = fields.get("end", ""), fields.get("remaining", "")
    return Window(
        end=float(end) if end else None,
        remaining=int(remaining) if remaining else None,
        unpaced=fields.get("unpaced") == "1",
    )


def _dump(window: Window) -> dict[str, str]:
    return {
        "end": "" if window.end is None else repr(window.end),
        "remaining": "" if window.remaining is None else str(window.remaining),
        "unpaced": "1" if window.unpaced else "0",
    }


class RedisBudget:
    """A budget kept in Redis under `key` (name it after the token's account).

    `redis` is a `redis.Redis` client (redis-py); `clock` gives wall-clock seconds.
    """

    def __init__(self, redis: Any, *, key: str, clock: Callable[[], float] = time.time) -> None:
        if not isinstance(key, str) or not key:
            raise ValidationError("key", "must be a non-empty string")
        if not callable(getattr(redis, "transaction", None)):
            raise ValidationError("redis", "must be a redis.Redis client (redis-py)")
        self.redis = redis
        self.clock = clock
        self._window_key = f"formify:budget:{key}:window"
        self._flight_key = f"formify:budget:{key}:in-flight"

    def __repr__(self) -> str:
        return f"RedisBudget(key={self._window_key!r})"

    def _update(self, step: Callable[[Any, Window, float, int], Any]) -> Any:
        def transaction(pipe: Any) -> Any:
            now = self.clock()
            window = _load(pipe.hgetall(self._window_key))
            live = int(pipe.zcount(self._flight_key, now, "+inf"))
            pipe.multi()
            pipe.zremrangebyscore(self._flight_key, "-inf", now)
            result = step(pipe, window, now, live)
            pipe.hset(self._window_key, mapping=_dump(window))
            pipe.expire(self._window_key, KEY_TTL)
            pipe.expire(self._flight_key, KEY_TTL)
            return result

        keys = (self._window_key, self._flight_key)
        return self.redis.transaction(transaction, *keys, value_from_callable=True)

    def try_acquire(self) -> Permit | float:
        """Return a permit, or the seconds to wait before asking again."""

        def step(pipe: Any, window: Window, now: float, live: int) -> Permit | float:
            probe = needs_probe(window, now)
            wait = grant(window, now, live)
            if wait is not None:
                return wait
            permit = Permit(new_permit_id(), probe=probe)
            pipe.zadd(self._flight_key, {permit.id: now + PERMIT_LEASE})
            return permit

        result: Permit | float = self._update(step)
        return result

    def release(self, permit: Permit, rate_limit: RateLimit | None, *, answered: bool) -> None:
        """Return `permit` with its answer's rate limit; `answered` False if none came."""

        def step(pipe: Any, window: Window, now: float, live: int) -> None:
            pipe.zrem(self._flight_key, permit.id)
            # `live` still counts this permit (if its lease had not lapsed)
            others = max(live - 1, 0)
            observe(window, rate_limit, now, others, answered=answered, probe=permit.probe)

        self._update(step)
