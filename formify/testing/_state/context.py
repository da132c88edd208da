"""Everything one emulator instance shares between its routes, middleware and control surface."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

import attrs

from formify.testing._state.clock import Clock
from formify.testing._state.faults import Faults
from formify.testing._state.ratelimit import RateLimiter
from formify.testing._state.storage import Storage
from formify.testing._state.store import Store
from formify.testing._state.tokens import Tokens

if TYPE_CHECKING:
    from formify.testing._state.delivery import WebhookDeliverer


@attrs.define
class Context:
    """One emulator's state; built by ``create_app``."""

    clock: Clock
    store: Store
    tokens: Tokens
    storage: Storage
    limiter: RateLimiter
    faults: Faults
    processing_delay: float
    deliverer: WebhookDeliverer | None = None
    requests: list[tuple[str, str, int]] = attrs.Factory(list)
    log_lock: threading.Lock = attrs.Factory(threading.Lock)

    def log(self, method: str, path: str, status: int) -> None:
        """Record one answered API request."""
        with self.log_lock:
            self.requests.append((method, path, status))

    def reset(self) -> None:
        """Back to a fresh account (same tokens, clients and options)."""
        self.store.reset()
        self.tokens.reset()
        self.storage.reset()
        self.limiter.reset()
        self.faults.reset()
        self.clock.reset()
        with self.log_lock:
            self.requests.clear()
        if self.deliverer is not None:
            self.deliverer.reset()
