"""``formify trigger EVENT``: make the emulator deliver EVENT, creating what it needs.

The document is created through the API and driven with the emulator's control routes over
HTTP (``/_emulator/documents/{id}/open`` and ``/sign``), so the webhooks registered with the
emulator (``formify listen`` among them) receive the event.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

import typer

from formify.cli._errors import CLIError, UsageError
from formify.cli._output import Output
from formify.cli._session import api_base_url, client, is_local, settings_of
from formify.types import SigneeParam


class Event(StrEnum):
    """The webhook event types that can be triggered."""

    created = "document.created"
    opened = "document.opened"
    signed = "document.signed"
    completed = "document.completed"
    revoked = "document.revoked"
    deleted = "document.deleted"


def _control(origin: str, path: str, body: dict[str, Any] | None = None) -> Any:
    import httpx

    try:
        answer = httpx.post(f"{origin}/_emulator/{path}", json=body or {}, trust_env=False)
    except httpx.HTTPError as exc:
        raise CLIError(f"the emulator did not answer {path}: {type(exc).__name__}") from exc
    if answer.status_code == 404 and "json" not in answer.headers.get("content-type", ""):
        raise UsageError("trigger works against the emulator only (no /_emulator routes here)")
    if answer.status_code >= 400:
        raise CLIError(f"the emulator refused {path}: {answer.text.strip()}")
    return answer.json() if answer.content else None


def trigger(
    ctx: typer.Context,
    event: Event = typer.Argument(..., help="The event to deliver.", show_default=False),
) -> None:
    """Create a document on the emulator and drive it until EVENT is delivered."""
    from formify.testing import sample_pdf

    settings = settings_of(ctx)
    base_url = api_base_url(settings)
    if not is_local(base_url):
        raise UsageError(f"trigger works against the emulator only, not {base_url}")
    parts = urlsplit(base_url)
    origin = f"{parts.scheme}://{parts.netloc}"
    steps = ["document.created"]
    two = event is Event.signed  # a second signee keeps the document from completing
    signees: list[SigneeParam] = [
        {
            "full_name": f"Trigger Signee {i + 1}",
            "email_address": f"signee{i + 1}@example.com",
            "signature_placement": "new_page",
        }
        for i in range(2 if two else 1)
    ]
    with client(settings) as api:
        file_id = api.files.upload(sample_pdf(), filename="trigger.pdf")
        doc = api.documents.create(
            file_id=file_id,
            name=f"formify trigger {event.value}",
            signees=signees,
        )
        doc_id = doc.document_id
        if event is Event.opened:
            _control(origin, f"documents/{doc_id}/open")
            steps.append("document.opened")
        elif event in (Event.signed, Event.completed, Event.deleted):
            first = api.documents.get(doc_id).signee_details[0].signee_id  # type: ignore[index]
            _control(origin, f"documents/{doc_id}/sign", {"signeeId": first if two else None})
            steps += ["document.signed"] if two else ["document.signed", "document.completed"]
        if event is Event.revoked:
            api.documents.revoke(doc_id)
            steps.append("document.revoked")
        if event is Event.deleted:
            api.documents.delete(doc_id)
            steps.append("document.deleted")
    Output(settings).result(
        {"event": event.value, "documentId": doc_id, "events": steps},
        f"Triggered {event.value} on document {doc_id} ({', '.join(steps)})",
    )


def register(app: typer.Typer) -> None:
    """Add ``trigger``."""
    app.command("trigger")(trigger)
