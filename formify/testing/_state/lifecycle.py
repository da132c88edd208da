"""The document state machine: created -> awaiting_signatures -> completed; revoked; deleted.

Signees open and sign (respecting signing order); the last signature completes the document
and makes the signed PDF. Field values may change only before anyone signed. Every function
runs under ``Store.lock``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from formify.testing import _pdf
from formify.testing._state.errors import ApiError
from formify.testing._state.fieldvalues import non_empty, parse_values
from formify.testing._state.models import Document, Signee
from formify.testing._state.outbox import turn_has_come
from formify.testing._state.store import Store

# the reference's standard signature box size before scaling, in points
SIGNATURE_SIZE = (219.0, 58.0)


def _order(doc: Document, signee: Signee) -> int:
    # without signing order every signee counts as order 1 (the reference's default)
    return signee.signing_order if doc.enable_signing_order else 1


def invited(doc: Document, signee: Signee) -> bool:
    """Whether `signee` has had an invitation: every signee earlier in the order has signed."""
    return turn_has_come(doc, signee)


def find_signee(doc: Document, signee_id: str) -> Signee:
    """Return the signee or answer 404."""
    for signee in doc.signees:
        if signee.signee_id == signee_id:
            return signee
    raise ApiError(404, "signee_unknown", id=signee_id)


def _signable(doc: Document) -> None:
    if doc.status != "awaiting_signatures":
        raise ApiError(409, "sign_state", status=doc.status)


def open_document(store: Store, doc: Document, signee_id: str | None) -> Signee:
    """Let a signee open the document (the first invited, unsigned one when none is named)."""
    _signable(doc)
    if signee_id is None:
        waiting = [s for s in doc.signees if s.signed_at is None and invited(doc, s)]
        signee = waiting[0]
    else:
        signee = find_signee(doc, signee_id)
        if not invited(doc, signee):
            raise ApiError(409, "not_your_turn", id=signee.signee_id)
    signee.opened_at = store.clock.now()
    store.emit("document.opened", doc)
    return signee


def sign(
    store: Store, doc: Document, signee_id: str | None, ink: str | None = None
) -> list[Signee]:
    """One signee signs, or every unsigned signee in signing order when none is named.

    `ink` is the name the named signee typed to sign (the signing page's digital ink): the
    signed PDF shows it as their signature.
    """
    _signable(doc)
    if signee_id is not None:
        signee = find_signee(doc, signee_id)
        if signee.signed_at is not None:
            raise ApiError(409, "reminder_signed")
        if not invited(doc, signee):
            raise ApiError(409, "not_your_turn", id=signee.signee_id)
        chosen = [signee]
    else:
        chosen = sorted(
            (s for s in doc.signees if s.signed_at is None), key=lambda s: _order(doc, s)
        )
    for signee in chosen:
        now = store.clock.now()
        signee.signed_at = now
        signee.ink = ink
        doc.updated_at = now
        store.emit("document.signed", doc, signee.signee_id)
    if all(s.signed_at is not None for s in doc.signees):
        _complete(store, doc)
    else:
        store.outbox.invite_due(doc, store.clock.now())  # the next in the order, if any
    return chosen


def _complete(store: Store, doc: Document) -> None:
    now = store.clock.now()
    stamps = [
        _pdf.SignatureStamp(
            full_name=s.full_name,
            signed_at=datetime.fromtimestamp(s.signed_at or now, UTC),
            placement=s.signature_placement,
            page=s.signature_box["page"] if s.signature_box else None,
            box=_stamp_box(s.signature_box) if s.signature_box else None,
            ink=s.ink,
        )
        for s in doc.signees
    ]
    doc.signed_pdf = _pdf.signed_pdf(doc.pdf, values=doc.values, stamps=stamps)
    doc.status = "completed"
    doc.completed_at = doc.updated_at = now
    store.emit("document.completed", doc)


def _stamp_box(box: dict[str, Any]) -> tuple[float, float, float, float]:
    scale = float(box["scale"])
    return (box["x"], box["y"], SIGNATURE_SIZE[0] * scale, SIGNATURE_SIZE[1] * scale)


# --- revoke and delete -------------------------------------------------------------------------


def revoke(store: Store, doc: Document) -> None:
    """Revoke a document that is not yet completed (403 otherwise)."""
    if doc.status in ("completed", "revoked"):
        raise ApiError(403, "revoke_state", status=doc.status)
    doc.status = "revoked"
    doc.revoked_at = doc.updated_at = store.clock.now()
    store.emit("document.revoked", doc)


def delete(store: Store, doc: Document) -> None:
    """Delete a completed or revoked document, and its file unless another document uses it."""
    if doc.status not in ("completed", "revoked"):
        raise ApiError(403, "delete_state", status=doc.status)
    doc.status = "deleted"
    doc.updated_at = store.clock.now()
    store.emit("document.deleted", doc)
    store.remove_document(doc)
    if doc.file_id and not any(d.file_id == doc.file_id for d in store.documents.values()):
        store.files.pop(doc.file_id, None)


def set_values(doc: Document, body: dict[str, Any]) -> None:
    """Set field values: only before anyone signed, only editable fields."""
    if doc.status in ("completed", "revoked") or any(s.signed_at for s in doc.signees):
        raise ApiError(403, "values_locked", status=doc.status)
    if body.get("fields") is None:
        raise ApiError(400, "required", field="fields")
    doc.values.update(parse_values(doc.fields, body["fields"]))


def get_values(doc: Document) -> list[dict[str, Any]]:
    """Return the non-empty values of a completed document (403 before completion)."""
    if doc.status != "completed":
        raise ApiError(403, "values_not_completed")
    merged = {f["name"]: f["defaultValues"] for f in doc.fields}
    merged.update(doc.values)
    return [{"name": k, "value": v} for k, v in non_empty(merged).items()]
