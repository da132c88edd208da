"""A conformance check for token stores: many processes race on one expired token.

```python
from functools import partial
from formify.testing.conformance import check_token_store

report = check_token_store(partial(MyTokenStore, "redis://…", key="account-1"))
assert report.token_calls == [1] * report.repetitions
```

`make_store` must be picklable (a top-level function or a `functools.partial` of a class):
each worker process builds its own store from it, and its own client on it. In every
repetition all processes' threads meet one expired token at once; a conforming store makes
the whole race spend the refresh token exactly once, every request succeed, and the grant
survive (the last token still refreshes).
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
import time
import traceback
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import attrs

from formify._client import Formify
from formify._oauth import OAuthApp
from formify._tokens import Token, TokenStore

__all__ = [
    "RaceReport",
    "check_token_store",
    "check_token_stores",
    "connect_account",
    "expire_in_store",
]

REDIRECT_URI = "https://app.example/oauth/callback"
_TOKEN_PATH = "/v1/oauth/token"


@attrs.frozen
class RaceReport:
    """What a race found: token calls per repetition, and every failed request's error."""

    processes: int
    threads: int
    repetitions: int
    token_calls: list[int]
    failures: list[str]

    @property
    def requests(self) -> int:
        """Requests made in all repetitions."""
        return self.processes * self.threads * self.repetitions


def connect_account(emulator: Any, *, redirect_uri: str = REDIRECT_URI) -> tuple[OAuthApp, Token]:
    """Connect an account on `emulator` through its consent page; return the app and token."""
    app = OAuthApp(
        emulator.oauth_client_id,
        emulator.oauth_client_secret,
        redirect_uri,
        base_url=emulator.base_url,
        authorize_base=emulator.url,
    )
    url, state = app.authorization_url()
    query = parse_qs(urlsplit(emulator.consent(url)).query)
    token = app.exchange_code(query["code"][0], state=query["state"][0], expected_state=state)
    return app, token


def expire_in_store(store: TokenStore) -> Token:
    """Mark the stored token expired (server side stays as it is); return the stored copy."""
    token = store.load()
    if token is None:
        raise AssertionError(f"{store!r} holds no token")
    past = datetime.now(UTC) - timedelta(hours=1)
    expired = attrs.evolve(token, expires_at=past)
    store.save(expired)
    return expired


def _token_calls(emulator: Any) -> int:
    return sum(1 for _, path, _ in emulator.requests if path == _TOKEN_PATH)


def check_token_store(
    make_store: Callable[[], TokenStore],
    *,
    processes: int = 4,
    threads: int = 4,
    repetitions: int = 3,
    emulator: Any = None,
    timeout: float = 120.0,
) -> RaceReport:
    """Race `processes` x `threads` clients on one expired token in `make_store()`'s store.

    Raises `AssertionError` unless every repetition made exactly one token call, every
    request succeeded and the grant survived. Starts an emulator unless one is given (it
    must be reachable from other processes, as `formify.testing.Emulator` is).
    """
    reports = check_token_stores(
        [make_store],
        processes=processes,
        threads=threads,
        repetitions=repetitions,
        emulator=emulator,
        timeout=timeout,
    )
    return reports[0]


def check_token_stores(
    make_stores: list[Callable[[], TokenStore]],
    *,
    processes: int = 4,
    threads: int = 4,
    repetitions: int = 3,
    emulator: Any = None,
    timeout: float = 120.0,
) -> list[RaceReport]:
    """`check_token_store` for several stores, one after the other, on one set of processes."""
    if emulator is None:
        from formify.testing import Emulator

        with Emulator(rate_limit=1_000_000) as emu:
            return check_token_stores(
                make_stores,
                processes=processes,
                threads=threads,
                repetitions=repetitions,
                emulator=emu,
                timeout=timeout,
            )
    # spawn: workers never inherit a process running the emulator's threads (a fork could
    # copy a lock some thread held); they are started once, for every store and repetition.
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(processes)
    results = context.Queue()
    commands = [context.Queue() for _ in range(processes)]
    base_url = emulator.base_url
    workers = [
        context.Process(
            target=_worker, args=(base_url, threads, barrier, command, results), daemon=True
        )
        for command in commands
    ]
    for worker in workers:
        worker.start()
    reports = []
    try:
        for index, make_store in enumerate(make_stores):
            app, token = connect_account(emulator)
            store = make_store()
            store.save(token)
            settings = (app.client_id, app._client_secret, app.redirect_uri)
            calls: list[int] = []
            failures: list[str] = []
            for _ in range(repetitions):
                emulator.expire_tokens()
                expire_in_store(store)
                before = _token_calls(emulator)
                for command in commands:
                    command.put((index, make_store, settings))
                for _ in workers:
                    failures.extend(_result(results, workers, timeout))
                calls.append(_token_calls(emulator) - before)
            _check_grant(app, store, emulator, failures)
            report = RaceReport(processes, threads, repetitions, calls, failures)
            if calls != [1] * repetitions or failures:
                raise AssertionError(f"{store!r} failed the race: {report}")
            reports.append(report)
        for command in commands:
            command.put(None)
        for worker in workers:
            worker.join(timeout)
    finally:
        for worker in workers:
            if worker.is_alive():
                worker.kill()
    return reports


def _result(results: Any, workers: list[Any], timeout: float) -> list[str]:
    """Return the next worker's failures; raise if a worker died or all stalled."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            failures: list[str] = results.get(timeout=0.5)
            return failures
        except queue.Empty:
            dead = [w.exitcode for w in workers if not w.is_alive()]
            if dead or time.monotonic() > deadline:
                raise AssertionError(f"race workers died (exit codes {dead}) or stalled") from None


def _check_grant(app: OAuthApp, store: TokenStore, emulator: Any, failures: list[str]) -> None:
    """Check that the refresh token left in the store still works: no grant was lost."""
    emulator.expire_tokens()
    expire_in_store(store)
    try:
        with Formify(oauth=app, token_store=store, base_url=emulator.base_url) as client:
            client.user.get()
    except Exception as exc:
        failures.append(f"grant lost: {type(exc).__name__}: {exc}")


def _worker(base_url: str, threads: int, barrier: Any, commands: Any, results: Any) -> None:
    current: tuple[int, TokenStore, OAuthApp] | None = None
    while (command := commands.get()) is not None:
        index, make_store, (client_id, secret, redirect_uri) = command
        if current is None or current[0] != index:  # the next store: build it once
            app = OAuthApp(client_id, secret, redirect_uri, base_url=base_url)
            current = (index, make_store(), app)
        failures: list[str] = []
        with Formify(oauth=current[2], token_store=current[1], base_url=base_url) as client:
            start = threading.Barrier(threads)
            pool = [
                threading.Thread(target=_call, args=(client, start, failures))
                for _ in range(threads)
            ]
            barrier.wait()  # every process meets the expired token together
            for thread in pool:
                thread.start()
            for thread in pool:
                thread.join()
        results.put(failures)


def _call(client: Formify, start: threading.Barrier, failures: list[str]) -> None:
    start.wait()
    try:
        client.user.get()
    except Exception as exc:
        failures.append(f"{type(exc).__name__}: {exc}")
        traceback.print_exc()
