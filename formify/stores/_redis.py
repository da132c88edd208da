"""Redis stores (redis-py, extra `formify[redis]`): tokens per account key and webhook event ids.

The refresh lock is a redis-py `Lock` with a TTL, extended by a helper thread while the
refresh runs, so a holder that dies frees it within the TTL and a slow refresh keeps it. It is
not thread-local: the async client releases it from another thread than the one that took it.
Should a holder stall past the TTL anyway (a paused VM, a stopped process), the save is a
compare-and-set on the spent refresh token (a Lua script): it can never roll the store back.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from formify._exceptions import TokenStoreError, ValidationError
from formify._logging import logger
from formify._tokens import Token
from formify.stores._common import check_key, check_ttl, dump_token, load_token, store_errors

if TYPE_CHECKING:
    import redis

__all__ = ["RedisEventIdStore", "RedisTokenStore"]

DEFAULT_LOCK_TTL = 30.0
DEFAULT_PREFIX = "formify:"

# KEYS[1] the account's hash; ARGV: spent refresh token ("" = none), token JSON, new refresh.
_REPLACE = """
local stored = redis.call('HGET', KEYS[1], 'refresh')
if stored and stored ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'token', ARGV[2], 'refresh', ARGV[3])
redis.call('HDEL', KEYS[1], 'refused')
return 1
"""
# KEYS[1] the account's hash; ARGV: refused refresh token, error code.
_REFUSE = """
if redis.call('HGET', KEYS[1], 'refresh') == ARGV[1] then
  redis.call('HSET', KEYS[1], 'refused', ARGV[2])
end
return 0
"""


def _check_client(client: Any) -> redis.Redis:
    try:
        import redis
    except ImportError:  # pragma: no cover - the extra is missing
        raise ValidationError("client", "needs redis-py: pip install 'formify[redis]'") from None
    if not isinstance(client, redis.Redis):
        raise ValidationError("client", "must be a redis.Redis")
    return client


def _text(value: Any) -> str:
    """Return a reply as text, whether or not the client decodes responses."""
    return value.decode() if isinstance(value, bytes) else str(value)


def _describe(client: redis.Redis) -> str:
    """host:port/db of the client, never its password."""
    kwargs = client.connection_pool.connection_kwargs
    if "path" in kwargs:
        return f"unix:{kwargs['path']}/{kwargs.get('db', 0)}"
    return f"{kwargs.get('host', 'localhost')}:{kwargs.get('port', 6379)}/{kwargs.get('db', 0)}"


class RedisTokenStore:
    """Tokens of many accounts in Redis, one hash per `key`; processes on any number of hosts.

    ```python
    store = RedisTokenStore(redis.Redis.from_url(url), key=f"account:{account_id}")
    ```

    `lock_ttl` bounds how long a dead holder blocks the others; `lock_wait` (default: no
    limit) how long to wait for the lock before a `TokenStoreError`.
    """

    def __init__(
        self,
        client: redis.Redis,
        key: str,
        *,
        prefix: str = DEFAULT_PREFIX,
        lock_ttl: float = DEFAULT_LOCK_TTL,
        lock_wait: float | None = None,
    ) -> None:
        self._redis = _check_client(client)
        self.key = check_key(key)
        self._name = f"{check_key(prefix, 'prefix')}token:{key}"
        self._lock_ttl = check_ttl(lock_ttl, "lock_ttl")
        self._lock_wait = None if lock_wait is None else check_ttl(lock_wait, "lock_wait")
        self._replace = self._redis.register_script(_REPLACE)
        self._refuse = self._redis.register_script(_REFUSE)
        self._local = threading.Lock()

    def __repr__(self) -> str:
        return f"RedisTokenStore(redis={_describe(self._redis)!r}, key={self.key!r})"

    def load(self) -> Token | None:
        """Return the account's token, or None."""
        with store_errors(self, "read"):
            text = self._redis.hget(self._name, "token")
        return load_token(text)

    def save(self, token: Token) -> None:
        """Store `token` for the account, replacing what was there."""
        text = dump_token(token)
        with store_errors(self, "save"):
            pipe = self._redis.pipeline(transaction=True)
            pipe.hset(self._name, mapping={"token": text, "refresh": token.refresh_token or ""})
            pipe.hdel(self._name, "refused")
            pipe.execute()

    def replace(self, spent_refresh_token: str | None, token: Token) -> bool:
        """Store `token` only while the stored refresh token is the spent one (or none)."""
        text = dump_token(token)
        with store_errors(self, "save"):
            done = self._replace(
                keys=[self._name],
                args=[spent_refresh_token or "", text, token.refresh_token or ""],
            )
        return bool(done)

    def mark_refused(self, refresh_token: str, error: str) -> None:
        """Record the refusal if `refresh_token` is the stored one."""
        with store_errors(self, "record"):
            self._refuse(keys=[self._name], args=[refresh_token, error])

    def refusal(self, refresh_token: str) -> str | None:
        """Return the recorded refusal of the stored refresh token."""
        with store_errors(self, "read"):
            stored, refused = self._redis.hmget(self._name, ["refresh", "refused"])
        if refused is None or stored is None or _text(stored) != refresh_token:
            return None
        return _text(refused)

    @contextlib.contextmanager
    def refresh_lock(self) -> Iterator[None]:
        """Hold the account's Redis lock (TTL `lock_ttl`, extended while held)."""
        self._local.acquire()  # this process's threads queue here, not on Redis
        try:
            lock = self._redis.lock(
                f"{self._name}:lock",
                timeout=self._lock_ttl,
                blocking_timeout=self._lock_wait,
                thread_local=False,
            )
            with store_errors(self, "lock"):
                acquired = lock.acquire()
            if not acquired:
                raise TokenStoreError(repr(self), "lock", f"not free within {self._lock_wait} s")
            stop = threading.Event()
            keeper = threading.Thread(
                target=self._keep, args=(lock, stop), name="formify-redis-lock", daemon=True
            )
            keeper.start()
            try:
                yield
            finally:
                stop.set()
                keeper.join()
                try:
                    lock.release()
                except Exception as exc:  # lapsed (LockNotOwnedError) or Redis gone: TTL ends it
                    logger.warning("%r: refresh lock not released (%s)", self, type(exc).__name__)
        finally:
            self._local.release()

    def _keep(self, lock: Any, stop: threading.Event) -> None:
        """Extend the lock every third of its TTL until told to stop."""
        while not stop.wait(self._lock_ttl / 3):
            try:
                if not lock.extend(self._lock_ttl, replace_ttl=True):
                    return
            except Exception as exc:  # lapsed or unreachable: fencing protects the store
                logger.warning("%r: refresh lock not extended (%s)", self, type(exc).__name__)
                return


class RedisEventIdStore:
    """Webhook event ids in Redis (`SET NX PX`), for `ProcessedEvents(store=...)` on any host."""

    def __init__(self, client: redis.Redis, *, prefix: str = DEFAULT_PREFIX) -> None:
        self._redis = _check_client(client)
        self._prefix = f"{check_key(prefix, 'prefix')}event:"

    def __repr__(self) -> str:
        return f"RedisEventIdStore(redis={_describe(self._redis)!r})"

    def add_if_absent(self, event_id: str, state: str, ttl_seconds: float) -> str | None:
        """Record `event_id` with `state` unless present; None if recorded, else its state."""
        key = self._prefix + event_id
        ttl = max(1, int(ttl_seconds * 1000))
        with store_errors(self, "claim"):
            for _ in range(3):  # present, then gone (expired) before GET: try again
                if self._redis.set(key, state, nx=True, px=ttl):
                    return None
                found = self._redis.get(key)
                if found is not None:
                    return _text(found)
        raise TokenStoreError(repr(self), "claim", "the id kept expiring")

    def put(self, event_id: str, state: str, ttl_seconds: float) -> None:
        """Record `event_id` with `state`, replacing what was there."""
        with store_errors(self, "save"):
            self._redis.set(self._prefix + event_id, state, px=max(1, int(ttl_seconds * 1000)))

    def discard(self, event_id: str) -> None:
        """Forget `event_id`."""
        with store_errors(self, "discard"):
            self._redis.delete(self._prefix + event_id)
