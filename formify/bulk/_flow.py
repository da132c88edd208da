"""A bulk run stated once, as generators that yield what to do; `_drive` performs it.

The flows never do I/O themselves: they yield `Call` (an API request), `Sleep`, `Blocking`
(a journal or budget operation) and `Parallel` (run these flows on N workers), and receive
each result. The sync driver performs them with threads and blocking calls, the async one with
tasks and awaits, so the rules (journal before and after each request, pacing, what an answer
means for a row) exist in one place.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable, Generator, Iterator
from functools import partial
from typing import Any

import attrs
import httpx

from formify._base_client import RateLimit, parse_rate_limit
from formify._exceptions import (
    APIConnectionError,
    APIError,
    AuthenticationError,
    FormifyError,
    RateLimitError,
    ServerError,
)
from formify._retries import should_retry
from formify.bulk._budget import Budget, Permit
from formify.bulk._journal import Journal, JournalRow, RowState
from formify.bulk._report import BulkProgress, BulkReport

__all__ = ["Answer", "Blocking", "Call", "Parallel", "Run", "Sleep", "verdict"]

# A document found in the list counts as a row's only if it was created no earlier than this
# before the row's first POST (the server's clock and ours may differ; names carry the batch).
CREATION_SKEW = 300.0
# Rows sent again after being found absent, at most this many rounds in one run.
MAX_ROUNDS = 3
# A wait for the rate-limit window shorter than this is not counted as a rate-limit wait.
COUNTED_WAIT = 0.5


@attrs.frozen
class Call:
    """Perform `fn(client)` (awaited if async); an `Answer` comes back.

    With `raw`, `fn` calls through `client.with_raw_response`, so the answer's own rate-limit
    headers are read (not the client's latest, which another worker's answer may have set).
    """

    fn: Callable[[Any], Any]
    raw: bool = False


@attrs.frozen
class Answer:
    """What a `Call` gave: its result or `FormifyError`, and the rate limit it carried."""

    value: Any
    rate_limit: RateLimit | None
    answered: bool  # False: no answer came (connection failure, or nothing was sent)

    @classmethod
    def of(cls, value: Any, client: Any) -> Answer:
        """Build the answer of `value` (a result or an error) on `client`."""
        if isinstance(value, APIError):
            limit = parse_rate_limit(httpx.Headers(dict(value.headers or {})))
            return cls(value, limit, answered=True)
        if isinstance(value, FormifyError):  # a connection failure, or refused before sending
            return cls(value, None, answered=False)
        latest = getattr(client, "rate_limit", None)  # the latest answer's headers
        return cls(value, latest if isinstance(latest, RateLimit) else None, answered=True)

    @classmethod
    def parsed(cls, value: Any, raw: Any) -> Answer:
        """Build the answer of a `with_raw_response` call: `value` parsed from `raw`."""
        return cls(value, raw.rate_limit, answered=True)


@attrs.frozen
class Sleep:
    """Wait `seconds` (with the client's sleep)."""

    seconds: float


@attrs.frozen
class Blocking:
    """Run `fn()` — local and short (SQLite, the budget); async drivers may offload it."""

    fn: Callable[[], Any]
    offload: bool = True


@attrs.define
class Parallel:
    """Drive the flows `next_flow()` hands out on `workers` workers until it returns None."""

    flows: Iterator[Generator[Any, Any, Any]]
    workers: int
    _lock: threading.Lock = attrs.field(factory=threading.Lock)
    _cancelled: bool = False

    def next_flow(self) -> Generator[Any, Any, Any] | None:
        """Return the next flow to drive, or None when all are handed out (or cancelled)."""
        with self._lock:
            return None if self._cancelled else next(self.flows, None)

    def cancel(self) -> None:
        """Hand out no more flows (Ctrl-C): the ones running finish their current request."""
        with self._lock:
            self._cancelled = True


Flow = Generator[Any, Any, Any]


def _seconds_of(value: Any) -> float | None:
    return value.timestamp() if isinstance(value, dt.datetime) else None


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


class Run:
    """One bulk run over a journal: the flows that send, look up and report."""

    def __init__(
        self,
        *,
        journal: Journal,
        budget: Budget,
        create: Callable[[JournalRow], Callable[[Any], Any]],
        concurrency: int,
        settle: float,
        on_progress: Callable[[BulkProgress], object] | None,
        offload_budget: bool,
    ) -> None:
        self.journal = journal
        self.budget = budget
        self._create = create
        self.concurrency = concurrency
        self.settle = settle
        self.on_progress = on_progress
        self._offload_budget = offload_budget
        self._lock = threading.Lock()
        self._started = time.monotonic()
        self._waits = 0
        self._waited = 0.0
        self._wait_until = 0.0
        self._requests = 0
        self._in_flight = 0
        self._counts: dict[RowState, int] = {}
        self._stop: FormifyError | None = None

    # --- progress -----------------------------------------------------------------------

    def _progress(self, change: Callable[[], None] | None = None) -> None:
        with self._lock:
            if change is not None:
                change()
            snapshot = BulkProgress(
                total=sum(self._counts.values()),
                created=self._counts[RowState.CREATED],
                refused=self._counts[RowState.REFUSED],
                ambiguous=self._counts[RowState.AMBIGUOUS],
                pending=self._counts[RowState.PENDING],
                in_flight=self._in_flight,
                requests=self._requests,
                rate_limit_waits=self._waits,
                waited=self._waited,
                elapsed=time.monotonic() - self._started,
            )
        if self.on_progress is not None:
            self.on_progress(snapshot)

    def _moved(self, before: RowState, after: RowState) -> None:
        def change() -> None:
            self._counts[before] -= 1
            self._counts[after] += 1

        self._progress(change)

    # --- requests through the budget ----------------------------------------------------

    def _acquire(self) -> Generator[Any, Any, Permit]:
        while True:
            got = yield Blocking(self.budget.try_acquire, offload=self._offload_budget)
            if isinstance(got, Permit):
                return got
            if got >= COUNTED_WAIT:
                self._progress(partial(self._count_wait, got))
            yield Sleep(got)

    def _count_wait(self, seconds: float) -> None:
        # every worker waits for the same window: count each window once, not each worker
        until = self.budget.clock() + seconds
        if until > self._wait_until + COUNTED_WAIT:
            self._waits += 1
            self._waited += seconds
            self._wait_until = until

    def _request(
        self, fn: Callable[[Any], Any], before: Callable[[], None] | None = None, raw: bool = False
    ) -> Flow:
        """Send `fn` with a permit (running `before` once it is held); return the outcome."""
        permit = yield from self._acquire()
        if before is not None:
            yield Blocking(before)
        self._in_flight_delta(1)
        outcome = yield Call(fn, raw=raw)
        self._in_flight_delta(-1)
        release = partial(
            self.budget.release, permit, outcome.rate_limit, answered=outcome.answered
        )
        yield Blocking(release, offload=self._offload_budget)
        return outcome.value

    def _in_flight_delta(self, delta: int) -> None:
        with self._lock:
            self._in_flight += delta
            if delta > 0:
                self._requests += 1

    # --- one row ------------------------------------------------------------------------

    def row_flow(self, row: JournalRow) -> Flow:
        """Send one pending row until it is created, refused or ambiguous."""
        while self._stop is None:
            sent_at = self.budget.clock()
            outcome = yield from self._request(
                self._create(row),
                before=partial(self.journal.mark_in_flight, row.key, sent_at),
                raw=True,
            )
            state, detail = verdict(outcome)
            if state is RowState.CREATED:
                yield Blocking(partial(self.journal.mark_created, row.key, detail))
            elif state is RowState.REFUSED:
                yield Blocking(partial(self.journal.mark_refused, row.key, detail))
            elif state is RowState.AMBIGUOUS:
                yield Blocking(partial(self.journal.mark_ambiguous, row.key, detail))
            else:
                # not created, certainly: 429 (paced again before the retry) or never sent
                yield Blocking(partial(self.journal.mark_pending, row.key, detail))
                if isinstance(outcome, AuthenticationError) or _not_sent(outcome):
                    self._stop = outcome
                    return
                continue
            self._moved(RowState.PENDING, state)
            return

    # --- ambiguous rows: look them up ---------------------------------------------------

    def lookup_flow(self, rows: list[JournalRow]) -> Flow:
        """Walk the document list once for the ambiguous `rows`: created, absent, or unknown."""
        latest = max((row.last_sent_at or 0.0) for row in rows)
        wait = latest + self.settle - self.budget.clock()
        if wait > 0:
            # a request that reached the server just before the run died has finished by now
            yield Sleep(wait)
        wanted = {row.document_name: row for row in rows}
        found: dict[str, list[tuple[float, str]]] = {}
        offset: int | None = 0
        while offset is not None:
            page = yield from self._request(partial(_first_page, offset=offset))
            if isinstance(page, BaseException):
                note = f"lookup failed ({_describe(page)}); settle it by hand or run again"
                for row in rows:
                    yield Blocking(partial(self.journal.mark_ambiguous, row.key, note))
                return
            for summary in page.documents:
                match = wanted.get(_text(summary.name) or "")
                created = _seconds_of(summary.created_at)
                document_id = _text(summary.document_id)
                if match is None or document_id is None:
                    continue
                earliest = (match.first_sent_at or 0.0) - CREATION_SKEW
                if created is None or created >= earliest:
                    found.setdefault(match.key, []).append((created or 0.0, document_id))
            offset = page.next_offset if isinstance(page.next_offset, int) else None
        for row in rows:
            matches = sorted(found.get(row.key, []))
            if matches:
                note = "found in the document list after a lost answer"
                if len(matches) > 1:
                    note += f"; {len(matches) - 1} more document(s) of that name: " + ", ".join(
                        doc for _, doc in matches[1:]
                    )
                yield Blocking(partial(self.journal.mark_created, row.key, matches[0][1], note))
                self._moved(RowState.AMBIGUOUS, RowState.CREATED)
            else:
                note = "not in the document list: sent again"
                yield Blocking(partial(self.journal.mark_pending, row.key, note))
                self._moved(RowState.AMBIGUOUS, RowState.PENDING)

    # --- the whole run ------------------------------------------------------------------

    def flow(self) -> Flow:
        """Resume or start the run; return its `BulkReport`."""
        yield Blocking(self.journal.interrupted)
        self._counts = yield Blocking(self.journal.counts)
        self._progress()
        for _ in range(MAX_ROUNDS):
            ambiguous = yield Blocking(partial(self.journal.rows, RowState.AMBIGUOUS))
            if ambiguous:
                yield from self.lookup_flow(ambiguous)
            pending = yield Blocking(partial(self.journal.rows, RowState.PENDING))
            if pending and self._stop is None:
                yield Parallel((self.row_flow(row) for row in pending), self.concurrency)
            left = yield Blocking(partial(self.journal.rows, RowState.AMBIGUOUS))
            if not left or self._stop is not None:
                break
        rows = yield Blocking(self.journal.rows)
        with self._lock:
            return BulkReport.of(
                rows,
                journal=str(self.journal.path),
                requests=self._requests,
                rate_limit_waits=self._waits,
                waited=self._waited,
                elapsed=time.monotonic() - self._started,
                stopped_by=_describe(self._stop) if self._stop is not None else None,
            )


def _not_sent(outcome: Any) -> bool:
    return isinstance(outcome, APIConnectionError) and should_retry("POST", exc=outcome.__cause__)


def verdict(outcome: Any) -> tuple[RowState, str]:
    """Say what the outcome of a POST /docs means for its row, and the detail to journal.

    PENDING means "certainly not created, send again": a 429, or a connection that never
    opened. An error the API answered is a refusal, except 5xx (the server may have created
    the document before failing). Any other failure after sending is ambiguous.
    """
    if isinstance(outcome, RateLimitError):
        return RowState.PENDING, f"rate limited ({outcome.status_code})"
    if isinstance(outcome, AuthenticationError):
        return RowState.PENDING, _describe(outcome)
    if isinstance(outcome, ServerError):
        return RowState.AMBIGUOUS, _describe(outcome)
    if isinstance(outcome, APIError):
        return RowState.REFUSED, _describe(outcome)
    if isinstance(outcome, APIConnectionError):
        if _not_sent(outcome):
            return RowState.PENDING, _describe(outcome)
        return RowState.AMBIGUOUS, _describe(outcome)
    if isinstance(outcome, FormifyError):  # e.g. ValidationError: caught before any request
        return RowState.REFUSED, _describe(outcome)
    if isinstance(outcome, BaseException):
        return RowState.AMBIGUOUS, _describe(outcome)
    document_id = _text(getattr(outcome, "document_id", None))
    if document_id is None:
        return RowState.AMBIGUOUS, "the answer carried no document id"
    return RowState.CREATED, document_id


def _first_page(client: Any, *, offset: int) -> Any:
    """One GET /docs page at `offset` (50 documents), sync or async."""
    pages = client.documents.list(page_size=50, max_items=None, offset=offset).pages()
    if hasattr(pages, "__anext__"):
        return pages.__anext__()
    return next(iter(pages))
