"""``formify docs ...``: list, show, follow, remind, revoke, delete and download documents."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import typer

from formify.cli._errors import UsageError
from formify.cli._output import Output, emit_json, present, text_of
from formify.cli._session import call, client, settings_of

group = typer.Typer(help="List, show, follow, remind, revoke, delete and download documents.")

FINAL_STATUSES = ("completed", "revoked", "deleted")
_ID = typer.Argument(..., help="The document ID.", show_default=False)


def _status(value: Any) -> str:
    return text_of(value)


@group.command("list")
def list_(
    ctx: typer.Context,
    status: str | None = typer.Option(None, help="Only documents with this status."),
    limit: int = typer.Option(20, min=1, help="At most this many documents."),
) -> None:
    """List documents, newest first as the API gives them."""
    settings = settings_of(ctx)
    rows = []
    with client(settings) as api:
        for doc in api.documents.list(page_size=min(max(limit, 1), 100)):
            if status is None or _status(doc.status) == status:
                rows.append(doc)
                if len(rows) >= limit:
                    break
    Output(settings).table(rows, "document_id name status created_at", empty="no documents")


@group.command("show")
def show(ctx: typer.Context, document_id: str = _ID) -> None:
    """Show a document and its signees."""
    out, doc = call(ctx, lambda api: api.documents.get(document_id))

    def text() -> None:
        print(f"{doc.document_id}  {text_of(doc.name)}  {_status(doc.status)}")
        print(f"  created {text_of(doc.created_at)}, completed {text_of(doc.completed_at)}")
        if present(doc.document_url):
            print(f"  {doc.document_url}")
        for s in present(doc.signee_details) or []:
            contact = present(s.email_address) or present(s.phone_number) or "-"
            print(
                f"  signee {s.signee_id}  {text_of(s.full_name)} <{contact}>  "
                f"{_status(s.signature_status)}  signed {text_of(s.signed_at)}"
            )

    out.result(doc, text)


@group.command("history")
def history(ctx: typer.Context, document_id: str = _ID) -> None:
    """Show a document's event history."""
    out, entries = call(ctx, lambda api: api.documents.history(document_id))
    out.table(entries, "date type_ signee_id description", empty="no events")


@group.command("remind")
def remind(
    ctx: typer.Context,
    document_id: str = _ID,
    signee: list[str] = typer.Option(
        [], "--signee", help="Remind this signee ID (default: all who have not signed)."
    ),
) -> None:
    """Send a reminder to signees who have not signed yet."""
    settings = settings_of(ctx)
    with client(settings) as api:
        ids = list(signee)
        if not ids:
            doc = api.documents.get(document_id)
            ids = [
                s.signee_id
                for s in present(doc.signee_details) or []
                if _status(s.signature_status) != "signed"
            ]
            if not ids:
                raise UsageError(f"every signee of {document_id} has signed: nobody to remind")
        result = api.documents.remind(document_id, ids)
    sent = [r.signee_id for r in present(result.reminders_sent_to) or []]
    not_sent = present(result.reminders_not_sent_to) or []

    def text() -> None:
        print(f"Reminded {len(sent)} signee(s)" + (f": {', '.join(sent)}" if sent else ""))
        for r in not_sent:
            print(f"  not reminded {text_of(r.signee_id)}: {text_of(r.message)}")

    Output(settings).result(result, text)


@group.command("revoke")
def revoke(ctx: typer.Context, document_id: str = _ID) -> None:
    """Revoke a document that is not fully signed yet."""
    out, result = call(ctx, lambda api: api.documents.revoke(document_id))
    out.result(result, f"Revoked {document_id}")


@group.command("delete")
def delete(ctx: typer.Context, document_id: str = _ID) -> None:
    """Delete a completed or revoked document."""
    out, _ = call(ctx, lambda api: api.documents.delete(document_id))
    out.result({"documentId": document_id, "deleted": True}, f"Deleted {document_id}")


def _snapshot(doc: Any) -> dict[str, str]:
    # signees first: the last signature is printed before the completion it causes
    state = {s.signee_id: _status(s.signature_status) for s in present(doc.signee_details) or []}
    state["document"] = _status(doc.status)
    return state


@group.command("watch")
def watch(
    ctx: typer.Context,
    document_id: str = _ID,
    interval: float = typer.Option(2.0, min=0.05, help="Seconds between polls."),
) -> None:
    """Print each change of the document and its signees until completed, revoked or deleted."""
    from formify import NotFoundError

    settings = settings_of(ctx)
    out = Output(settings)
    seen: dict[str, str] = {}
    names: dict[str, str] = {}
    with client(settings) as api:
        while True:
            try:
                doc = api.documents.get(document_id)
                state = _snapshot(doc)
                for s in present(doc.signee_details) or []:
                    names[s.signee_id] = present(s.full_name) or s.signee_id
            except NotFoundError:
                state = {
                    **{k: v for k, v in seen.items() if k != "document"},
                    "document": "deleted",
                }
            for key, value in state.items():
                if seen.get(key) != value:
                    _print_change(out, document_id, key, value, names)
            seen = state
            if state["document"] in FINAL_STATUSES:
                return
            time.sleep(interval)


def _print_change(
    out: Output, document_id: str, key: str, value: str, names: dict[str, str]
) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    if out.json:  # one JSON object per line
        import json

        item: dict[str, Any] = {"time": now.isoformat(), "documentId": document_id}
        if key == "document":
            item["status"] = value
        else:
            item.update(signeeId=key, signee=names.get(key), signatureStatus=value)
        print(json.dumps(item), flush=True)
    elif key == "document":
        print(f"{now:%H:%M:%S}  document {document_id}  {value}", flush=True)
    else:
        print(f"{now:%H:%M:%S}  signee {names.get(key, key)}  {value}", flush=True)


@group.command("download")
def download(
    ctx: typer.Context,
    document_id: str = _ID,
    output: Path | None = typer.Option(
        None, "-o", "--output", help="Where to write the PDF ('-': stdout). Default: ID.pdf."
    ),
) -> None:
    """Download the signed PDF, with a progress bar on a terminal."""
    import sys

    settings = settings_of(ctx)
    to_stdout = str(output) == "-"
    dest: Any = sys.stdout.buffer if to_stdout else (output or Path(f"{document_id}.pdf"))
    with client(settings) as api, _progress(settings.json or to_stdout) as progress:
        written = api.documents.download_signed_file(document_id, dest, progress=progress)
    if to_stdout:
        sys.stdout.flush()
        return
    data = {"documentId": document_id, "path": str(dest), "bytes": written}
    if settings.json:
        emit_json(data)
    else:
        print(f"Saved {dest} ({written} bytes)")


class _progress:
    """A Rich progress bar (bytes, rate, time left) on a terminal; nothing when piped."""

    def __init__(self, quiet: bool) -> None:
        import sys

        self._bar: Any = None
        self._task: Any = None
        if quiet or not (sys.stdout.isatty() and sys.stderr.isatty()):
            return
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            Progress,
            TaskProgressColumn,
            TimeRemainingColumn,
            TransferSpeedColumn,
        )

        from formify.cli._output import stderr_console

        self._bar = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            TaskProgressColumn(),
            DownloadColumn(),
            TransferSpeedColumn(),
            TimeRemainingColumn(),
            console=stderr_console(),
        )

    def __enter__(self) -> Any:
        if self._bar is None:
            return None
        self._bar.start()
        self._task = self._bar.add_task("signed PDF", total=None)
        return self._update

    def _update(self, done: int, total: int | None) -> None:
        self._done = done
        self._bar.update(self._task, completed=done, total=total)

    def __exit__(self, exc_type: object, *exc: object) -> None:
        if self._bar is None:
            return
        if exc_type is None:  # finished: the size is known now, even without Content-Length
            done = getattr(self, "_done", 0)
            self._bar.update(self._task, completed=done, total=done)
        self._bar.stop()


def register(app: typer.Typer) -> None:
    """Add ``docs``."""
    app.add_typer(group, name="docs")
