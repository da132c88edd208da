"""JSON shapes of the emulator's answers (openapi.json's schemas, camelCase keys)."""

from __future__ import annotations

from typing import Any

from formify.testing._state.clock import iso
from formify.testing._state.models import Document, Signee, Template, Webhook
from formify.testing._state.signees import reminder_cooldown, update_cooldown


def _when(ts: float | None) -> str | None:
    return iso(ts) if ts is not None else None


def document_url(doc: Document, app_url: str) -> str | None:
    """Return the owner's overview link (`app_url`: the app's origin); None while processing."""
    if doc.status == "processing":
        return None
    return f"{app_url}/documents/{doc.document_id}"


def created(doc: Document, status: str, app_url: str) -> dict[str, Any]:
    """DocumentCreated."""
    return {
        "documentId": doc.document_id,
        "name": doc.name,
        "createdAt": iso(doc.created_at),
        "userId": doc.user_id,
        "status": status,
        "documentUrl": None if status == "processing" else document_url(doc, app_url),
    }


def summary(doc: Document) -> dict[str, Any]:
    """DocumentSummary."""
    return {
        "documentId": doc.document_id,
        "name": doc.name,
        "createdAt": iso(doc.created_at),
        "status": doc.status,
        "userId": doc.user_id,
    }


def signee(s: Signee, now: float) -> dict[str, Any]:
    """Signee, with its reminder and update cooldowns."""
    out: dict[str, Any] = {
        "signeeId": s.signee_id,
        "fullName": s.full_name,
        "signatureType": s.signature_type,
        "signaturePlacement": s.signature_placement,
        "signingOrder": s.signing_order,
        "signatureStatus": "signed" if s.signed_at is not None else "awaiting_signature",
        "signedAt": _when(s.signed_at),
        "reminders": {
            "reminderSentCount": len(s.reminders),
            "lastReminderSentAt": _when(s.reminders[-1] if s.reminders else None),
            "reminderCooldown": reminder_cooldown(s, now),
        },
        "updates": {
            "lastUpdateAt": _when(s.updates[-1] if s.updates else None),
            "updateCooldown": update_cooldown(s, now),
        },
    }
    if s.email_address is not None:
        out["emailAddress"] = s.email_address
    if s.phone_number is not None:
        out["phoneNumber"] = s.phone_number
    return out


def document(doc: Document, now: float, app_url: str) -> dict[str, Any]:
    """Document (GET /docs/{documentId})."""
    out: dict[str, Any] = {
        "documentId": doc.document_id,
        "name": doc.name,
        "createdAt": iso(doc.created_at),
        "updatedAt": iso(doc.updated_at),
        "completedAt": _when(doc.completed_at),
        "revokedAt": _when(doc.revoked_at),
        "expiryDate": None,
        "status": doc.status,
        "formifyTransactionId": doc.transaction_id,
        "language": doc.language,
        "enableSigningOrder": doc.enable_signing_order,
        "signeeDetails": [signee(s, now) for s in doc.signees],
        "userId": doc.user_id,
        "documentUrl": document_url(doc, app_url),
        "templateId": doc.template_id,
    }
    if doc.file_id is not None:
        out["fileId"] = doc.file_id
    if doc.ai_assistant is not None:
        out["aiAssistant"] = doc.ai_assistant
    return out


def history(doc: Document) -> list[dict[str, Any]]:
    """HistoryEntry list, oldest first."""
    out = []
    for entry in doc.history:
        item = {**entry, "date": iso(entry["date"]), "description": entry["type"]}
        out.append(item)
    return out


def template_summary(t: Template) -> dict[str, Any]:
    """TemplateSummary."""
    return {
        "templateId": t.template_id,
        "name": t.name,
        "createdAt": iso(t.created_at),
        "userId": t.user_id,
    }


def template(t: Template) -> dict[str, Any]:
    """Template."""
    return {**template_summary(t), "sharingSetting": t.sharing_setting, "signeeDetails": t.signees}


def webhook(w: Webhook, *, secret: bool) -> dict[str, Any]:
    """Webhook (hasSigningSecret) or WebhookListItem (signingSecret) when `secret`."""
    out: dict[str, Any] = {
        "webhookId": w.webhook_id,
        "webhookUrl": w.url,
        "eventTypes": w.event_types,
    }
    if w.name is not None:
        out["name"] = w.name
    if secret:
        out["signingSecret"] = w.secret
    else:
        out["hasSigningSecret"] = True
    return out
