"""The emulator's in-memory store: account, files, documents, templates, webhooks, events."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from formify.testing import _pdf
from formify.testing._state.clock import Clock
from formify.testing._state.errors import ApiError
from formify.testing._state.models import Document, Ids, Signee, StoredFile, Template, Webhook
from formify.testing._state.outbox import Outbox

EVENT_TYPES = (
    "document.created",
    "document.opened",
    "document.signed",
    "document.completed",
    "document.revoked",
    "document.deleted",
)

# a sink gets the history entry (eventId, type, date, userId, signeeId?) and the document
EventSink = Callable[[dict[str, Any], Document], None]


class Store:
    """Everything the emulated account holds, behind one lock shared by server and control."""

    def __init__(self, clock: Clock, seed: int | None = None) -> None:
        self.clock = clock
        self.new_id = Ids(seed)  # seeded: every reset gives the same ids in the same order
        self.lock = threading.RLock()
        self.account_id = self.new_id()
        self.account_name = "Emulated Account AB"
        self.user = {
            "userId": self.new_id(),
            "emailAddress": "owner@example.com",
            "firstName": "Olivia",
            "lastName": "Owner",
        }
        self.invited_user_id = self.new_id()
        self.sinks: list[EventSink] = []
        self.files: dict[str, StoredFile] = {}
        self.documents: dict[str, Document] = {}
        self._in_order: list[Document] = []  # oldest first: a page is one slice, not a scan
        # signing-link token -> its document and signee (tokens are made with the signee)
        self._links: dict[str, tuple[Document, Signee]] = {}
        self.templates: dict[str, Template] = {}
        self.webhooks: dict[str, Webhook] = {}
        self.outbox = Outbox()
        # the origin of the owner's pages (documentUrl): the emulator's own once it serves
        self.app_url = "https://app.formify.eu"
        self._template_pdf = _pdf.sample_pdf(pages=2)  # made once: reset() runs before each test
        self.reset()

    def reset(self) -> None:
        """Forget every file, document and webhook; restore the seeded template."""
        with self.lock:
            self.new_id.restart()
            self.files.clear()
            self.outbox.reset()
            self.documents.clear()
            self._in_order.clear()
            self._links.clear()
            self.webhooks.clear()
            self.templates.clear()
            pdf = self._template_pdf
            template = Template(
                template_id=self.new_id(),
                name="Emulated NDA template",
                user_id=self.user["userId"],
                created_at=self.clock.now(),
                pdf=pdf,
                pages=_pdf.check_pdf(pdf),
                signees=[
                    {
                        "signatureType": "digital_ink",
                        "signaturePlacement": "existing",
                        "signatureBox": {"x": 72.0, "y": 72.0, "page": 1, "scale": 1.0},
                        "signingOrder": 1,
                    }
                ],
            )
            self.templates[template.template_id] = template

    @property
    def user_ids(self) -> set[str]:
        """IDs of the account's users, the invited one included."""
        return {self.user["userId"], self.invited_user_id}

    def file(self, file_id: str) -> StoredFile:
        """Return the file or answer 404."""
        found = self.files.get(file_id)
        if found is None:
            raise ApiError(404, "not_found", kind="file", id=file_id)
        return found

    def document(self, document_id: str) -> Document:
        """Return the document (its pending processing settled) or answer 404."""
        found = self.documents.get(document_id)
        if found is None:
            raise ApiError(404, "not_found", kind="document", id=document_id)
        self.settle(found)
        return found

    def add_document(self, doc: Document) -> None:
        """Store a new document (it is listed last)."""
        self.documents[doc.document_id] = doc
        self._in_order.append(doc)
        self._links.update((s.signing_token, (doc, s)) for s in doc.signees)

    def remove_document(self, doc: Document) -> None:
        """Forget a document (a scan of the list: deletes are rare, pages are not)."""
        del self.documents[doc.document_id]
        at = next(i for i, listed in enumerate(self._in_order) if listed is doc)
        del self._in_order[at]
        for signee in doc.signees:
            self._links.pop(signee.signing_token, None)

    def signing_link(self, token: str) -> tuple[Document, Signee] | None:
        """Return the document and signee of a signing link (/sign/{token}), or None."""
        return self._links.get(token)

    def document_page(self, offset: int, limit: int) -> tuple[list[Document], int]:
        """Return documents `offset`..`offset + limit` (oldest first, settled) and the total.

        Costs the page, not the store: only the documents on the page are settled.
        """
        with self.lock:
            page = self._in_order[offset : offset + limit]
            for doc in page:
                self.settle(doc)
            return page, len(self._in_order)

    def template(self, template_id: str) -> Template:
        """Return the template or answer 404."""
        found = self.templates.get(template_id)
        if found is None:
            raise ApiError(404, "not_found", kind="template", id=template_id)
        return found

    def webhook(self, webhook_id: str) -> Webhook:
        """Return the webhook or answer 404."""
        found = self.webhooks.get(webhook_id)
        if found is None:
            raise ApiError(404, "not_found", kind="webhook", id=webhook_id)
        return found

    def settle(self, doc: Document) -> None:
        """Finish AI-assistant processing once its emulated delay has passed."""
        ready = doc.ready_at
        if doc.status == "processing" and ready is not None and self.clock.now() >= ready:
            doc.status = "awaiting_signatures"
            doc.updated_at = ready
            doc.ready_at = None
            self.outbox.invite_due(doc, ready)  # processing done: the invitations go out

    def emit(self, event_type: str, doc: Document, signee_id: str | None = None) -> None:
        """Record an event in the document's history and hand it to every sink."""
        entry: dict[str, Any] = {
            "eventId": self.new_id(),
            "type": event_type,
            "date": self.clock.now(),
            "userId": doc.user_id,
        }
        if signee_id is not None:
            entry["signeeId"] = signee_id
        doc.history.append(entry)
        for sink in self.sinks:
            sink(entry, doc)
