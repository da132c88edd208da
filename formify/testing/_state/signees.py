"""Reminders and signee updates, with the cooldowns GET /docs/{id} reports.

Reminders: two per signee per rolling 60 minutes. Updates: two, then a 60-minute cooldown
from the second.
"""

from __future__ import annotations

import math
from typing import Any

from formify.testing._state.checks import obj, opt_str, phone, req_str, str_list
from formify.testing._state.errors import ApiError
from formify.testing._state.lifecycle import find_signee, invited
from formify.testing._state.models import Document, Signee
from formify.testing._state.store import Store

WINDOW = 3600.0  # reminder window and update cooldown, seconds
LIMIT_PER_WINDOW = 2


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
        store.outbox.send("reminder", doc, signee, now)
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
                value = phone(value, f"[{i}].{key}")
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
        signee.signee_id = store.new_id()
        signee.updates.append(now)
        if signee.invited_at is not None:
            # the new contact gets the invitation the old one had (its turn has come already)
            store.outbox.send("reinvitation", doc, signee, now)
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
