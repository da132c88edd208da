"""``formify send --csv FILE`` (a bulk run, resumable) and ``formify docs changes --since TIME``.

`register` adds ``--csv`` and its options to the ``send`` command when one is registered
already (it then keeps doing what it did without ``--csv``), or adds ``send`` itself; and adds
``changes`` to the ``docs`` group (made here if missing). So this module is listed after
``_send`` and ``_docs`` in ``_app.COMMANDS``.
"""

from __future__ import annotations

import inspect
import re
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_type_hints

import typer

from formify.cli._errors import UsageError
from formify.cli._output import Output, emit_json
from formify.cli._session import client, settings_of

if TYPE_CHECKING:
    from formify.bulk import BulkProgress, BulkReport
    from formify.cli._config import Settings

_RELATIVE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def _csv_options(
    csv: Path | None = typer.Option(
        None,
        "--csv",
        help="Bulk: one document per row of this CSV (signee_name, signee_email, ...).",
        show_default=False,
    ),
    journal: Path | None = typer.Option(
        None,
        "--journal",
        help="Bulk: the run's journal (default: the CSV's path + .journal.db); reuse to resume.",
        show_default=False,
    ),
    concurrency: int = typer.Option(4, "--concurrency", min=1, help="Bulk: requests in flight."),
    settle_row: list[str] = typer.Option(
        [],
        "--settle",
        help="Bulk: settle an ambiguous row by hand, KEY=DOCUMENT_ID or KEY=absent; no sending.",
    ),
) -> None:
    """Only its signature is used: the options ``send`` gains for a bulk run."""


def bulk_send(
    settings: Settings,
    *,
    csv: Path | None,
    journal: Path | None,
    concurrency: int,
    settle_row: list[str],
    file: Path | None = None,
    template: str | None = None,
    name: str | None = None,
    placement: Any = "new_page",
    language: Any = None,
    order: bool = False,
) -> None:
    """Send (or resume) the bulk run of `csv`; exit 0 only when every row has its document."""
    from formify import bulk
    from formify.bulk._send import DEFAULT_NAME

    if csv is None and journal is None:
        raise UsageError("--csv FILE (or --journal with --settle) is required for a bulk run")
    path = journal or Path(f"{csv}.journal.db")
    if settle_row:
        _settle(settings, bulk.Journal(path), settle_row)
        return
    if csv is None:
        raise UsageError("--csv FILE is required to send")
    rows = bulk.read_csv(csv)
    record = bulk.Journal(path)
    source = record.source  # what an earlier run of this journal created from
    options: dict[str, Any] = {}
    if language:
        options["language"] = getattr(language, "value", language)
    if order:
        options["enable_signing_order"] = True
    with client(settings) as api:
        if template is not None:
            sources = {"template_id": template}
        elif source is not None and source.startswith("file:"):
            sources = {"file_id": source.removeprefix("file:")}  # resume: no second upload
        elif source is not None:
            sources = {"template_id": source.removeprefix("template:")}
        elif file is not None:
            sources = {"file_id": api.files.upload(file)}
        else:
            raise UsageError("give the PDF to send (FILE) or --template ID with --csv")
        placement_value = getattr(placement, "value", placement)
        defaults = {"signature_placement": placement_value} if "file_id" in sources else None
        with _ProgressBar(settings, len(rows)) as on_progress:
            report = bulk.send_bulk(
                api,
                rows,
                journal=record,
                name=name or (file.stem if file is not None else DEFAULT_NAME),
                signee_defaults=defaults,
                concurrency=concurrency,
                create_options=options,
                on_progress=on_progress,
                **sources,
            )
    _print_report(settings, report)
    if report.exit_code:
        raise typer.Exit(report.exit_code)


def _settle(settings: Settings, journal: Any, items: list[str]) -> None:
    settled = []
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key or not value:
            raise UsageError(f"--settle: {item!r} is not KEY=DOCUMENT_ID or KEY=absent")
        row = journal.settle(key, None if value == "absent" else value)
        settled.append({"key": row.key, "state": row.state.value, "documentId": row.document_id})
    Output(settings).result(
        settled, "\n".join(f"{s['key']}: {s['state']} {s['documentId'] or ''}" for s in settled)
    )


class _ProgressBar:
    """A Rich bar (created, refused, rate-limit waits, time left) when stdout is a terminal."""

    def __init__(self, settings: Settings, total: int) -> None:
        self.enabled = not settings.json and sys.stdout.isatty()
        self.total = total
        self._progress: Any = None
        self._task: Any = None

    def __enter__(self) -> Callable[[BulkProgress], None] | None:
        if not self.enabled:
            return None
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        self._progress = Progress(
            TextColumn("sending"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[detail]}"),
            TimeRemainingColumn(),
        )
        self._progress.start()
        self._task = self._progress.add_task("send", total=self.total, detail="")
        return self._update

    def _update(self, p: BulkProgress) -> None:
        detail = f"created {p.created}, refused {p.refused}, rate-limit waits {p.rate_limit_waits}"
        if p.ambiguous:
            detail += f", ambiguous {p.ambiguous}"
        self._progress.update(self._task, completed=p.done, total=p.total, detail=detail)

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()


def _print_report(settings: Settings, report: BulkReport) -> None:
    if settings.json:
        emit_json(
            {
                "journal": report.journal,
                "complete": report.complete,
                "counts": {state.value: n for state, n in report.counts.items()},
                "requests": report.requests,
                "rateLimitWaits": report.rate_limit_waits,
                "refused": [{"key": r.key, "error": r.error} for r in report.refused],
                "ambiguous": [
                    {"key": r.key, "name": r.document_name, "error": r.error}
                    for r in report.ambiguous
                ],
                "notSent": [r.key for r in report.pending],
                "settle": report.settle_commands(),
            }
        )
    else:
        print(report.summary())


def parse_since(text: str) -> datetime:
    """``2026-12-01T10:00:00Z`` (a time without zone is UTC) or ``30m``/``24h``/``7d`` ago."""
    relative = _RELATIVE.match(text)
    if relative:
        amount, unit = float(relative.group(1)), _UNITS[relative.group(2)]
        return datetime.now(UTC) - timedelta(**{unit: amount})
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(
            f"--since: {text!r} is neither an ISO 8601 time nor a duration like 24h"
        ) from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def changes(
    ctx: typer.Context,
    since: str = typer.Option(
        ..., "--since", help="ISO 8601 time, or a duration ago: 30m, 24h, 7d.", show_default=False
    ),
    state: Path | None = typer.Option(
        None,
        "--state",
        help="SQLite file of changes already handled (shared with your webhook handler's "
        "ProcessedEvents); each change printed is marked handled there.",
        show_default=False,
    ),
    known_from: list[Path] = typer.Option(
        [],
        "--known-from",
        help="A bulk journal whose documents to check for deletion (repeatable).",
    ),
) -> None:
    """Print the document changes since TIME that no webhook may have told you of."""
    from formify import bulk, reconcile, webhooks

    settings = settings_of(ctx)
    moment = parse_since(since)
    processed = None
    if state is not None:
        try:
            from formify.stores import (  # type: ignore[import-not-found,unused-ignore]
                SQLiteEventIdStore,
            )
        except ImportError:
            raise UsageError("--state needs formify.stores, not in this version") from None
        processed = webhooks.ProcessedEvents(store=SQLiteEventIdStore(state))
    known = [
        row.document_id
        for path in known_from
        for row in bulk.Journal(path).rows(bulk.RowState.CREATED)
        if row.document_id
    ]
    found = []
    with client(settings) as api:
        for change in reconcile.changes(api, since=moment, processed=processed, known=known):
            item = {
                "type": change.type,
                "documentId": change.document_id,
                "signeeId": change.signee_id,
                "date": change.date.isoformat() if change.date else None,
                "key": change.key,
            }
            if settings.json:
                found.append(item)
            else:
                when = item["date"] or "-"
                signee = f" signee {change.signee_id}" if change.signee_id else ""
                print(f"{when}  {change.type:<20} {change.document_id}{signee}", flush=True)
            if processed is not None:
                processed.finish(change.key)
    if settings.json:
        emit_json(found)


def _with_csv(original: Callable[..., Any]) -> Callable[..., Any]:
    """Return `original` (the ``send`` command) with the ``--csv`` options added."""
    theirs = inspect.signature(original, eval_str=True)
    ours = inspect.signature(_csv_options, eval_str=True)
    hints = {**get_type_hints(original), **get_type_hints(_csv_options)}
    mine = [p for p in ours.parameters.values() if p.name not in theirs.parameters]

    def send(ctx: typer.Context, **kwargs: Any) -> Any:
        bulk_args = {p.name: kwargs.pop(p.name) for p in mine}
        if bulk_args["csv"] is None and not bulk_args["settle_row"]:
            return original(ctx, **kwargs)
        if kwargs.get("signee"):
            raise UsageError("--signee and --csv do not go together: the CSV names the signees")
        wanted = ("file", "template", "name", "placement", "language", "order")
        extra = {key: kwargs[key] for key in wanted if key in kwargs}
        return bulk_send(settings_of(ctx), **bulk_args, **extra)

    send.__signature__ = theirs.replace(  # type: ignore[attr-defined]
        parameters=[*theirs.parameters.values(), *mine]
    )
    send.__annotations__ = hints
    send.__doc__ = (original.__doc__ or "").rstrip() + (
        "\n\nWith --csv FILE: one document per row, paced by the rate limit, journaled; run "
        "again with the same --journal to resume without sending anything twice."
    )
    return send


def send_csv(
    ctx: typer.Context,
    file: Path | None = typer.Argument(
        None, help="The PDF to send (or give --template).", show_default=False
    ),
    template: str | None = typer.Option(None, "--template", help="Send this template instead."),
    name: str | None = typer.Option(None, help="Document name (each gets its row's marker)."),
    placement: str = typer.Option("new_page", help="Where signatures go: new_page|existing."),
    csv: Path | None = typer.Option(None, "--csv", help="One document per row of this CSV."),
    journal: Path | None = typer.Option(None, "--journal", help="The run's journal."),
    concurrency: int = typer.Option(4, "--concurrency", min=1, help="Requests in flight."),
    settle_row: list[str] = typer.Option([], "--settle", help="KEY=DOCUMENT_ID or KEY=absent."),
) -> None:
    """Send one document per row of --csv FILE, paced, journaled and resumable."""
    bulk_send(
        settings_of(ctx),
        csv=csv,
        journal=journal,
        concurrency=concurrency,
        settle_row=settle_row,
        file=file,
        template=template,
        name=name,
        placement=placement,
    )


def register(app: typer.Typer) -> None:
    """Add ``--csv`` to ``send`` (or ``send`` itself) and ``docs changes``."""
    for info in app.registered_commands:
        if info.name == "send" and info.callback is not None:
            info.callback = _with_csv(info.callback)
            break
    else:
        app.command("send")(send_csv)
    docs = next((g.typer_instance for g in app.registered_groups if g.name == "docs"), None)
    if docs is None:
        docs = typer.Typer(help="Documents.")
        app.add_typer(docs, name="docs")
    docs.command("changes")(changes)
