"""`BulkSender`: configure once, then `send(client, rows)` or `await asend(client, rows)`.

Both drive the same `Run` flows (`_flow`); only how a step is performed differs: threads and
blocking calls for `Formify`, tasks and awaits for `AsyncFormify`.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Generator, Iterable, Mapping
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from typing import TYPE_CHECKING, Any

import attrs

from formify._exceptions import FormifyError, ValidationError
from formify.bulk._budget import Budget, LocalBudget
from formify.bulk._flow import Answer, Blocking, Call, Parallel, Run, Sleep
from formify.bulk._journal import Journal, JournalRow
from formify.bulk._report import BulkProgress, BulkReport
from formify.bulk._rows import Row, to_rows

if TYPE_CHECKING:
    from formify._client import AsyncFormify, Formify

__all__ = ["BulkSender", "asend_bulk", "send_bulk"]

DEFAULT_CONCURRENCY = 4
DEFAULT_SETTLE = 5.0
DEFAULT_NAME = "Document"
Flow = Generator[Any, Any, Any]


def _positive_int(_: Any, attribute: attrs.Attribute[int], value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValidationError(attribute.name, "must be an integer >= 1")


def _seconds(_: Any, attribute: attrs.Attribute[float], value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not value >= 0:
        raise ValidationError(attribute.name, "must be a number of seconds >= 0")


@attrs.define(kw_only=True)
class BulkSender:
    """Send one document per row, paced by the rate limit, journaled so nothing goes twice.

    `journal` is the SQLite file of the run (a path; created when missing). Run again with the
    same journal to resume: created rows are skipped, rows whose answer was lost are looked up
    in the document list (no sooner than `settle` seconds after their request) and sent again
    only when absent. Each document is named ``"{row name or name} [{batch}-{key}]"`` so that it
    can be found; `batch` is the journal's random id.

    Exactly one of `file_id` / `template_id`. `signee_defaults` are merged into every signee
    (e.g. ``{"signature_placement": "new_page"}`` for an uploaded file); `create_options` go
    to every `documents.create` (e.g. ``language``). `concurrency` bounds requests in flight;
    `budget` paces them (`LocalBudget` by default; a `RedisBudget` shares one rate-limit
    window between processes). `on_progress(BulkProgress)` is called after every change (from
    the worker threads with `send`). Ctrl-C stops handing out rows; a row interrupted in flight
    is looked up on the next run like any other.
    """

    journal: str | os.PathLike[str] | Journal
    file_id: str | None = None
    template_id: str | None = None
    name: str = DEFAULT_NAME
    signee_defaults: Mapping[str, Any] | None = None
    create_options: Mapping[str, Any] = attrs.field(factory=dict)
    concurrency: int = attrs.field(default=DEFAULT_CONCURRENCY, validator=_positive_int)
    budget: Budget | None = None
    on_progress: Callable[[BulkProgress], object] | None = None
    settle: float = attrs.field(default=DEFAULT_SETTLE, validator=_seconds)

    def __attrs_post_init__(self) -> None:
        if (self.file_id is None) == (self.template_id is None):
            raise ValidationError("file_id", "give exactly one of file_id and template_id")
        for field, value in (("file_id", self.file_id), ("template_id", self.template_id)):
            if value is not None and (not isinstance(value, str) or not value.strip()):
                raise ValidationError(field, "must be a non-empty string")
        if not isinstance(self.name, str) or not self.name.strip():
            raise ValidationError("name", "must be a non-empty string")
        reserved = {"signees", "file_id", "template_id", "name", "fields"} & set(
            self.create_options
        )
        if reserved:
            raise ValidationError("create_options", f"cannot set {', '.join(sorted(reserved))}")

    def send(self, client: Formify, rows: Iterable[Row | Mapping[str, Any]] = ()) -> BulkReport:
        """Send (or resume) the run with a `Formify` client; return its report."""
        run = self._run(rows)
        return _SyncDriver(client, run.concurrency).drive(run.flow())  # type: ignore[no-any-return]

    async def asend(
        self, client: AsyncFormify, rows: Iterable[Row | Mapping[str, Any]] = ()
    ) -> BulkReport:
        """Send (or resume) the run with an `AsyncFormify` client; return its report."""
        run = self._run(rows)
        return await _AsyncDriver(client).drive(run.flow())  # type: ignore[no-any-return]

    def _run(self, rows: Iterable[Row | Mapping[str, Any]]) -> Run:
        checked = to_rows(rows)
        journal = self.journal if isinstance(self.journal, Journal) else Journal(self.journal)
        source = f"file:{self.file_id}" if self.file_id else f"template:{self.template_id}"
        journal.bind_source(source)
        journal.add(
            (key, f"{row.name or self.name} [{journal.batch}-{key}]", row.payload())
            for key, row in checked
        )
        budget = self.budget if self.budget is not None else LocalBudget()
        return Run(
            journal=journal,
            budget=budget,
            create=self._create,
            concurrency=self.concurrency,
            settle=self.settle,
            on_progress=self.on_progress,
            offload_budget=not isinstance(budget, LocalBudget),
        )

    def _create(self, row: JournalRow) -> Callable[[Any], Any]:
        defaults = dict(self.signee_defaults or {})
        signees = [{**defaults, **signee} for signee in row.payload["signees"]]
        kwargs = {
            **self.create_options,
            "signees": signees,
            "file_id": self.file_id,
            "template_id": self.template_id,
            "name": row.document_name,
            "fields": row.payload.get("fields"),
        }
        return lambda client: client.with_raw_response.documents.create(**kwargs)


def send_bulk(
    client: Formify, rows: Iterable[Row | Mapping[str, Any]], **options: Any
) -> BulkReport:
    """`BulkSender(**options).send(client, rows)`: the one-call form."""
    return BulkSender(**options).send(client, rows)


async def asend_bulk(
    client: AsyncFormify, rows: Iterable[Row | Mapping[str, Any]], **options: Any
) -> BulkReport:
    """`await BulkSender(**options).asend(client, rows)`: the one-call form."""
    return await BulkSender(**options).asend(client, rows)


def _start(flow: Flow, value: Any = None) -> tuple[bool, Any]:
    """Resume `flow` with `value`: (True, its result) when it ended, else (False, next step)."""
    try:
        return False, flow.send(value)
    except StopIteration as stop:
        return True, stop.value


class _SyncDriver:
    """Performs the steps with blocking calls; `Parallel` on a thread pool."""

    def __init__(self, client: Formify, workers: int) -> None:
        self.client = client
        self.workers = workers

    def drive(self, flow: Flow) -> Any:
        done, step = _start(flow)
        while not done:
            done, step = _start(flow, self._perform(step))
        return step

    def _perform(self, step: Any) -> Any:
        if isinstance(step, Sleep):
            return self.client._sleep(step.seconds)
        if isinstance(step, Blocking):
            return step.fn()
        if isinstance(step, Call):
            try:
                got = step.fn(self.client)
                return Answer.parsed(got.parse(), got) if step.raw else Answer.of(got, self.client)
            except FormifyError as exc:
                return Answer.of(exc, self.client)
        with ThreadPoolExecutor(step.workers, thread_name_prefix="formify-bulk") as pool:
            futures = [pool.submit(self._worker, step) for _ in range(step.workers)]
            try:
                wait(futures, return_when=FIRST_EXCEPTION)
                for future in futures:
                    if future.done():
                        future.result()  # the first failure, raised here
            except BaseException:
                step.cancel()  # Ctrl-C or a bug: no new row; the journal stays consistent
                raise
        return None

    def _worker(self, step: Parallel) -> None:
        while (flow := step.next_flow()) is not None:
            self.drive(flow)


class _AsyncDriver:
    """Performs the steps with awaits; `Parallel` as tasks; SQLite and Redis in a thread."""

    def __init__(self, client: AsyncFormify) -> None:
        self.client = client

    async def drive(self, flow: Flow) -> Any:
        done, step = _start(flow)
        while not done:
            done, step = _start(flow, await self._perform(step))
        return step

    async def _perform(self, step: Any) -> Any:
        if isinstance(step, Sleep):
            return await self.client._sleep(step.seconds)
        if isinstance(step, Blocking):
            return await asyncio.to_thread(step.fn) if step.offload else step.fn()
        if isinstance(step, Call):
            try:
                got = await step.fn(self.client)
                if step.raw:
                    return Answer.parsed(await got.parse(), got)
                return Answer.of(got, self.client)
            except FormifyError as exc:
                return Answer.of(exc, self.client)
        await asyncio.gather(*(self._worker(step) for _ in range(step.workers)))
        return None

    async def _worker(self, step: Parallel) -> None:
        while (flow := step.next_flow()) is not None:
            await self.drive(flow)
