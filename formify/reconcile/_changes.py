"""Walk the documents and derive the state changes a webhook would have told: the flow.

Stated once as a generator that yields `Fetch` (an API call) and `Found` (a change for the
caller); `formify.reconcile.Changes` drives it with blocking calls (`for`) or awaits
(`async for`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Generator, Iterable
from functools import partial
from typing import Any

import attrs

from formify._exceptions import FormifyError, NotFoundError, ValidationError
from formify.webhooks import Delivery, ProcessedEvents, WebhookEvent

__all__ = ["RECONCILED_TYPES", "Change", "Fetch", "Found", "change_key", "flow"]

COMPLETED = "document.completed"
REVOKED = "document.revoked"
SIGNED = "document.signed"
DELETED = "document.deleted"
RECONCILED_TYPES = (SIGNED, COMPLETED, REVOKED, DELETED)
PAGE_SIZE = 50


def change_key(
    event_or_type: WebhookEvent | str, document_id: str | None = None, signee_id: str | None = None
) -> str:
    """Return the key that names one change of a document, for webhook and reconciler alike.

    ``change_key(event)`` for a webhook event, or ``change_key(type, document_id, signee_id)``.
    A change happens once (a document completes once, a signee signs once), so the key is
    ``"{type}:{document_id}"`` (``":{signee_id}"`` added for `document.signed`); for event
    types the reconciler does not report (created, opened) it is the event's own `event_id`.
    """
    if isinstance(event_or_type, WebhookEvent):
        event = event_or_type
        if event.type not in RECONCILED_TYPES or not event.data.document_id:
            return event.event_id
        return change_key(event.type, event.data.document_id, event.data.signee_id)
    if event_or_type not in RECONCILED_TYPES:
        raise ValidationError("type", f"must be one of {', '.join(RECONCILED_TYPES)}")
    if not isinstance(document_id, str) or not document_id:
        raise ValidationError("document_id", "must be a non-empty string")
    if event_or_type == SIGNED and signee_id:
        return f"{event_or_type}:{document_id}:{signee_id}"
    return f"{event_or_type}:{document_id}"


@attrs.frozen
class Change:
    """A change of a document the application may not have seen.

    `type` is the webhook event type it stands for; `date` when it happened (None when the API
    does not say, e.g. a deletion); `document` the document as fetched (None once deleted).
    """

    type: str
    document_id: str
    signee_id: str | None = None
    date: dt.datetime | None = None
    document: Any = attrs.field(default=None, repr=False, eq=False)

    @property
    def key(self) -> str:
        """The `change_key` of this change (what `ProcessedEvents` remembers)."""
        return change_key(self.type, self.document_id, self.signee_id)


@attrs.frozen
class Fetch:
    """Perform `fn(client)` (awaited if async); its result or `FormifyError` comes back."""

    fn: Callable[[Any], Any]


@attrs.frozen
class Found:
    """Hand `change` to the caller."""

    change: Change


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _when(value: Any) -> dt.datetime | None:
    return value if isinstance(value, dt.datetime) else None


def _status(value: Any) -> str | None:
    raw = getattr(value, "value", value)
    return raw if isinstance(raw, str) else None


def _since_ok(date: dt.datetime | None, since: dt.datetime) -> bool:
    # a change whose time the API does not give is reported: missing it would be worse
    return date is None or date >= since


def document_changes(document_id: str, doc: Any, since: dt.datetime) -> list[Change]:
    """Return the changes at or after `since` that a fetched document shows."""
    found = []
    for signee in getattr(doc, "signee_details", None) or []:
        signee_id = _text(getattr(signee, "signee_id", None))
        signed_at = _when(getattr(signee, "signed_at", None))
        signed = _status(getattr(signee, "signature_status", None)) == "signed"
        if signed and signee_id and _since_ok(signed_at, since):
            found.append(Change(SIGNED, document_id, signee_id, signed_at, doc))
    status = _status(getattr(doc, "status", None))
    if status == "completed":
        completed_at = _when(getattr(doc, "completed_at", None))
        if _since_ok(completed_at, since):
            found.append(Change(COMPLETED, document_id, None, completed_at, doc))
    elif status == "revoked":
        revoked_at = _when(getattr(doc, "revoked_at", None))
        if _since_ok(revoked_at, since):
            found.append(Change(REVOKED, document_id, None, revoked_at, doc))
    elif status == "deleted":
        found.append(Change(DELETED, document_id, None, None, doc))
    return found


def _page(client: Any, *, offset: int) -> Any:
    pages = client.documents.list(page_size=PAGE_SIZE, offset=offset).pages()
    return pages.__anext__() if hasattr(pages, "__anext__") else next(iter(pages))


def _get(client: Any, *, document_id: str) -> Any:
    return client.documents.get(document_id)


def check_since(since: Any) -> dt.datetime:
    """Return `since` if it is an aware datetime; `ValidationError` otherwise."""
    if not isinstance(since, dt.datetime) or since.tzinfo is None:
        raise ValidationError("since", "must be a timezone-aware datetime")
    return since


Flow = Generator[Fetch | Found, Any, None]


def flow(since: dt.datetime, processed: ProcessedEvents | None, known: Iterable[str]) -> Flow:
    """Walk every document; yield `Found` for each change not yet claimed in `processed`."""
    listed: set[str] = set()
    offset: int | None = 0
    while offset is not None:
        page = yield Fetch(partial(_page, offset=offset))
        if isinstance(page, FormifyError):
            raise page
        for summary in page.documents:
            document_id = _text(summary.document_id)
            if document_id is None:
                continue
            listed.add(document_id)
            if _status(summary.status) in ("created", "processing"):
                continue  # nothing has happened to it yet that a webhook reports
            yield from _look_at(document_id, since, processed)
        offset = page.next_offset if isinstance(page.next_offset, int) else None
    for document_id in sorted(set(known) - listed):
        # a document the application knows of that the list no longer shows: deleted?
        yield from _look_at(document_id, since, processed)


def _look_at(document_id: str, since: dt.datetime, processed: ProcessedEvents | None) -> Flow:
    doc = yield Fetch(partial(_get, document_id=document_id))
    if isinstance(doc, NotFoundError):
        found = [Change(DELETED, document_id)]
    elif isinstance(doc, FormifyError):
        raise doc
    else:
        found = document_changes(document_id, doc, since)
    for change in found:
        if processed is None or processed.begin(change.key) is Delivery.NEW:
            yield Found(change)
