"""Creating documents: the POST /docs rules (file or template, signees, boxes, fields).

The state machine that follows creation lives in ``_lifecycle``; reminders and signee
updates in ``_signees``. Every function runs under ``Store.lock``.
"""

from __future__ import annotations

from typing import Any

from formify.testing import _pdf
from formify.testing._state.checks import (
    integer,
    number,
    obj,
    opt_bool,
    opt_enum,
    opt_str,
    phone,
    req_str,
)
from formify.testing._state.errors import ApiError
from formify.testing._state.fieldvalues import non_empty, parse_values
from formify.testing._state.models import Document, Signee
from formify.testing._state.store import Store

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
        _signee(store, raw, i, pages, defaults[i] if i < len(defaults) else {})
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
        document_id=store.new_id(),
        transaction_id=store.new_id(),
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
    store.add_document(doc)
    store.emit("document.created", doc)
    created_as = doc.status
    if not processing:
        # the invitations go out at once, so the document awaits signatures from here on
        doc.status = "awaiting_signatures"
        store.outbox.invite_due(doc, now)
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


def _signee(store: Store, raw: Any, i: int, pages: int, default: dict[str, Any]) -> Signee:
    where = f"signeeDetails[{i}]"
    raw = obj(raw, where)
    full_name = req_str(raw, "fullName", f"{where}.fullName")
    email = opt_str(raw, "emailAddress", f"{where}.emailAddress")
    number_field = f"{where}.phoneNumber"
    phone_number = phone(opt_str(raw, "phoneNumber", number_field), number_field)
    if not email and not phone_number:
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
        signee_id=store.new_id(),
        full_name=full_name,
        email_address=email,
        phone_number=phone_number,
        signature_type=kind,
        signature_placement=placement,
        signing_order=order,
        signature_box=box,
        id_scan_box=id_box,
        phone_delivery=delivery,
    )


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
