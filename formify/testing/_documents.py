"""Documents: creation rules and the state machine, with the reference's rules.

States: created -> awaiting_signatures -> completed; revoked; deleted (processing first when
the AI assistant is on). Signing order, reminders, signee updates and field values.

Every function runs under ``Store.lock``; the routes and the control surface call them.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime
from typing import Any

from formify.testing import _pdf
from formify.testing._checks import (
    integer,
    number,
    obj,
    opt_bool,
    opt_enum,
    opt_str,
    req_str,
    str_list,
)
from formify.testing._errors import ApiError
from formify.testing._fieldvalues import non_empty, parse_values
from formify.testing._models import Document, Signee, new_id
from formify.testing._state import Store

LANGUAGES = ("en", "sv", "es")
SIGNATURE_TYPES = (
    "not_set",
    "bankid_identification",
    "digital_ink",
    "digital_ink_id_scan",
    "face_liveness",
)
PLACEMENTS = ("existing", "new_page")
READONLY_MODES = ("keepOriginal", "filled", "all")
# the reference's standard sizes before scaling, in points
SIGNATURE_SIZE = (219.0, 58.0)
PHONE = re.compile(r"\+[1-9][0-9]{6,14}")
WINDOW = 3600.0  # reminder window and update cooldown, seconds
LIMIT_PER_WINDOW = 2


def create(store: Store, body: dict[str, Any], processing_delay: float) -> tuple[Document, str]:
    """Validate a POST /docs body and store the document; return it and the creation status."""
    file_id, template_id = opt_str(body, "fileId"), opt_str(body, "templateId")
    if bool(file_id) == bool(template_id):
        raise ApiError(400, "file_or_template")
    defaults: list[dict[str, Any]] = []
    if file_id:
        stored = store.files.get(file_id)
        if stored is None:
            raise ApiError(400, "unknown_id", field="fileId", id=file_id)
        pdf, pages, default_name = stored.data, stored.pages, stored.name
    else:
        template = store.templates.get(str(template_id))
        if template is None:
            raise ApiError(400, "unknown_id", field="templateId", id=template_id)
        pdf, pages, default_name = template.pdf, template.pages, template.name
        defaults = template.signees
    name = opt_str(body, "name") or default_name
    user_id = opt_str(body, "userId") or store.user["userId"]
    if user_id not in store.user_ids:
        raise ApiError(400, "unknown_id", field="userId", id=user_id)
    ordered = opt_bool(body, "enableSigningOrder", False)
    raw_signees = body.get("signeeDetails")
    if raw_signees is None:
        raise ApiError(400, "required", field="signeeDetails")
    if not isinstance(raw_signees, list) or not raw_signees:
        raise ApiError(400, "type", field="signeeDetails", kind="non-empty array")
    signees = [
        _signee(raw, i, pages, defaults[i] if i < len(defaults) else {})
        for i, raw in enumerate(raw_signees)
    ]
    mode = opt_enum(body, "fieldsReadonlyMode", READONLY_MODES) or "keepOriginal"
    language = opt_enum(body, "language", LANGUAGES) or "en"
    sharing = opt_enum(body, "sharingSetting", ("private", "shared")) or "private"
    message = opt_str(body, "personalMessage")
    assistant = _assistant(body.get("aiAssistant"))
    fields = _pdf.read_fields(pdf)
    values = parse_values(fields, body["fields"]) if body.get("fields") is not None else {}
    for field in fields:
        if mode == "all" or (mode == "filled" and non_empty(values).get(field["name"])):
            field["readOnly"] = True
    now = store.clock.now()
    processing = bool(assistant and assistant["enabled"])
    doc = Document(
        document_id=new_id(),
        name=name,
        user_id=user_id,
        pdf=pdf,
        pages=pages,
        file_id=file_id,
        template_id=template_id,
        status="processing" if processing else "created",
        created_at=now,
        updated_at=now,
        language=language,
        enable_signing_order=ordered,
        signees=signees,
        fields=fields,
        values=values,
        ready_at=now + processing_delay if processing else None,
        ai_assistant=assistant,
        sharing_setting=sharing,
        personal_message=message,
    )
    store.documents[doc.document_id] = doc
    store.emit("document.created", doc)
    created_as = doc.status
    if not processing:
        # the invitations go out at once, so the document awaits signatures from here on
        doc.status = "awaiting_signatures"
    return doc, created_as


def _assistant(raw: Any) -> dict[str, Any] | None:
    if raw is None:
        return None
    raw = obj(raw, "aiAssistant")
    return {
        "enabled": opt_bool(raw, "enabled", False, "aiAssistant.enabled"),
        "textToSpeech": opt_bool(raw, "textToSpeech", False, "aiAssistant.textToSpeech"),
        "language": opt_str(raw, "language", "aiAssistant.language") or "en",
    }


def _signee(raw: Any, i: int, pages: int, default: dict[str, Any]) -> Signee:
    where = f"signeeDetails[{i}]"
    raw = obj(raw, where)
    full_name = req_str(raw, "fullName", f"{where}.fullName")
    email = opt_str(raw, "emailAddress", f"{where}.emailAddress")
    phone = _phone(opt_str(raw, "phoneNumber", f"{where}.phoneNumber"), f"{where}.phoneNumber")
    if not email and not phone:
        raise ApiError(400, "signee_contact", field=where)
    delivery = opt_enum(
        raw, "phoneNumberDeliveryMethod", ("sms", "whatsapp"), f"{where}.phoneNumberDeliveryMethod"
    )
    kind = (
        opt_enum(raw, "signatureType", SIGNATURE_TYPES, f"{where}.signatureType")
        or default.get("signatureType")
        or "digital_ink"
    )
    placement = (
        opt_enum(raw, "signaturePlacement", PLACEMENTS, f"{where}.signaturePlacement")
        or default.get("signaturePlacement")
        or "existing"
    )
    if kind == "digital_ink_id_scan" and placement != "existing":
        raise ApiError(400, "placement_for_type", field=f"{where}.signaturePlacement")
    box = id_box = None
    if placement == "existing":
        box = _box(
            raw.get("signatureBox"), default.get("signatureBox"), f"{where}.signatureBox", pages
        )
    if kind == "digital_ink_id_scan":
        id_box = _box(raw.get("idScanBox"), default.get("idScanBox"), f"{where}.idScanBox", pages)
    order = raw.get("signingOrder", default.get("signingOrder"))
    order = 1 if order is None else integer(order, f"{where}.signingOrder", low=1)
    return Signee(
        signee_id=new_id(),
        full_name=full_name,
        email_address=email,
        phone_number=phone,
        signature_type=kind,
        signature_placement=placement,
        signing_order=order,
        signature_box=box,
        id_scan_box=id_box,
        phone_delivery=delivery,
    )


def _phone(value: str | None, field: str) -> str | None:
    # the reference: phone numbers must include the country code
    if value is not None and not PHONE.fullmatch(value.replace(" ", "")):
        raise ApiError(400, "phone_format", field=field)
    return value


def _box(raw: Any, default: Any, where: str, pages: int) -> dict[str, Any]:
    merged = dict(default or {})
    if raw is not None:
        merged.update({k: v for k, v in obj(raw, where).items() if v is not None})
    for key in ("x", "y", "page"):
        if merged.get(key) is None:
            raise ApiError(400, "required", field=f"{where}.{key}")
    x = number(merged["x"], f"{where}.x", low=0)
    y = number(merged["y"], f"{where}.y", low=0)
    page = integer(merged["page"], f"{where}.page")
    if not 0 <= page < pages:
        raise ApiError(400, "box_page", field=f"{where}.page", high=pages - 1, pages=pages)
    scale = number(merged.get("scale", 1.0), f"{where}.scale", low=0.25, high=1.5)
    return {"x": x, "y": y, "page": page, "scale": scale}


# --- signing ---------------------------------------------------------------------------------


def _order(doc: Document, signee: Signee) -> int:
    # without signing order every signee counts as order 1 (the reference's default)
    return signee.signing_order if doc.enable_signing_order else 1


def invited(doc: Document, signee: Signee) -> bool:
    """Whether `signee` has had an invitation: every signee earlier in the order has signed."""
    mine = _order(doc, signee)
    return all(s.signed_at is not None for s in doc.signees if _order(doc, s) < mine)


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


def sign(store: Store, doc: Document, signee_id: str | None) -> list[Signee]:
    """One signee signs, or every unsigned signee in signing order when none is named."""
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
        doc.updated_at = now
        store.emit("document.signed", doc, signee.signee_id)
    if all(s.signed_at is not None for s in doc.signees):
        _complete(store, doc)
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
    del store.documents[doc.document_id]
    if doc.file_id and not any(d.file_id == doc.file_id for d in store.documents.values()):
        store.files.pop(doc.file_id, None)


# --- reminders and signee updates ----------------------------------------------------------------


def reminder_cooldown(signee: Signee, now: float) -> int:
    """Seconds until `signee` may be reminded again (two per rolling 60 minutes)."""
    recent = [t for t in signee.reminders if now - t < WINDOW]
    if len(recent) < LIMIT_PER_WINDOW:
        return 0
    return max(0, math.ceil(recent[-LIMIT_PER_WINDOW] + WINDOW - now))


def update_cooldown(signee: Signee, now: float) -> int:
    """Seconds until `signee` may be updated again: two updates, then 60 minutes from the second."""
    count, ends = 0, 0.0
    for t in signee.updates:
        if count == LIMIT_PER_WINDOW and t >= ends:
            count = 0  # the cooldown had passed: a new pair of updates begins
        count += 1
        if count == LIMIT_PER_WINDOW:
            ends = t + WINDOW
    if count == LIMIT_PER_WINDOW and now < ends:
        return math.ceil(ends - now)
    return 0


def _reminder_refusal(
    doc: Document, signee: Signee | None, signee_id: str, now: float
) -> ApiError | None:
    if signee is None:
        return ApiError(404, "signee_unknown", id=signee_id)
    if signee.signed_at is not None:
        return ApiError(403, "reminder_signed")
    if not invited(doc, signee):
        return ApiError(403, "reminder_not_invited")
    wait = reminder_cooldown(signee, now)
    return ApiError(429, "reminder_limit", seconds=wait) if wait else None


def remind(store: Store, doc: Document, body: dict[str, Any], lang: str) -> dict[str, Any]:
    """Send reminders; answer which signees were reminded and which not, and why."""
    ids = body.get("signeeIds")
    if ids is None:
        raise ApiError(400, "required", field="signeeIds")
    ids = str_list(ids, "signeeIds")
    if doc.status != "awaiting_signatures":
        raise ApiError(403, "reminder_state")
    now = store.clock.now()
    sent: list[dict[str, Any]] = []
    not_sent: list[dict[str, Any]] = []
    for signee_id in dict.fromkeys(ids):
        signee = next((s for s in doc.signees if s.signee_id == signee_id), None)
        refusal = _reminder_refusal(doc, signee, signee_id, now)
        if signee is None or refusal is not None:
            not_sent.append(
                {
                    "signeeId": signee_id,
                    "message": refusal.message(lang) if refusal is not None else "",
                    "reminderCooldown": reminder_cooldown(signee, now) if signee else 0,
                }
            )
            continue
        signee.reminders.append(now)
        sent.append({"signeeId": signee_id, "reminderCooldown": reminder_cooldown(signee, now)})
    return {"remindersSentTo": sent, "remindersNotSentTo": not_sent}


def update_signees(store: Store, doc: Document, body: Any) -> dict[str, Any]:
    """Apply PATCH /signature-field: all updates are checked before any is applied."""
    if not isinstance(body, list) or not body:
        raise ApiError(400, "type", field="body", kind="non-empty array")
    if doc.status in ("completed", "revoked"):
        raise ApiError(403, "update_state", status=doc.status)
    now = store.clock.now()
    planned: list[tuple[Signee, dict[str, str]]] = []
    for i, raw in enumerate(body):
        item = obj(raw, f"[{i}]")
        signee = find_signee(doc, req_str(item, "signeeId", f"[{i}].signeeId"))
        if signee.signed_at is not None:
            raise ApiError(403, "update_signed", id=signee.signee_id)
        wait = update_cooldown(signee, now)
        if wait:
            raise ApiError(403, "update_cooldown", id=signee.signee_id, seconds=wait)
        changes: dict[str, str] = {}
        for key in ("fullName", "emailAddress", "phoneNumber"):
            value = opt_str(item, key, f"[{i}].{key}")
            if key == "phoneNumber":
                value = _phone(value, f"[{i}].{key}")
            if value is not None:
                changes[key] = value
        current = {"emailAddress": signee.email_address, "phoneNumber": signee.phone_number}
        for key in ("emailAddress", "phoneNumber"):
            if key in changes and not current[key]:
                raise ApiError(400, "update_new_contact", field=f"[{i}].{key}")
        planned.append((signee, changes))
    result: dict[str, Any] = {}
    for signee, changes in planned:
        signee.full_name = changes.get("fullName", signee.full_name)
        signee.email_address = changes.get("emailAddress", signee.email_address)
        signee.phone_number = changes.get("phoneNumber", signee.phone_number)
        signee.signee_id = new_id()
        signee.updates.append(now)
        updated = {
            "fullName": signee.full_name,
            "emailAddress": signee.email_address,
            "phoneNumber": signee.phone_number,
        }
        result = {
            "signeeId": signee.signee_id,
            "updated": {k: v for k, v in updated.items() if v is not None},
            "updateCooldown": update_cooldown(signee, now),
        }
    doc.updated_at = now
    return result


# --- field values -----------------------------------------------------------------------------


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
