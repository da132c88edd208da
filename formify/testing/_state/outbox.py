"""The outbox: every message the real service would send a signee, by the signee's channel.

Invitations go out when a signee's turn comes (all at once without signing order; order by
order with it: the next once every earlier signee signed), reminders when the API sends one,
and a re-invitation to the new address after a signee update. A signee with an e-mail address
gets e-mail; one with only a phone number gets SMS or WhatsApp as its delivery method says.
Each message carries the signee's signing link (a path on the emulator's own origin).
"""

from __future__ import annotations

import threading

import attrs

from formify.testing._state.models import Document, Signee

KINDS = ("invitation", "reminder", "reinvitation")


@attrs.frozen
class OutboxMessage:
    """One message to one signee."""

    kind: str  # see KINDS
    channel: str  # "email", "sms" or "whatsapp"
    to: str  # the e-mail address or phone number
    document_id: str
    document_name: str
    signee_id: str
    signee_name: str
    signing_path: str  # e.g. /sign/{token}: the signing page on the emulator's origin
    text: str
    at: float


def _order(doc: Document, signee: Signee) -> int:
    return signee.signing_order if doc.enable_signing_order else 1


def turn_has_come(doc: Document, signee: Signee) -> bool:
    """Whether `signee` may sign now: every signee earlier in the signing order has signed."""
    mine = _order(doc, signee)
    return all(s.signed_at is not None for s in doc.signees if _order(doc, s) < mine)


def _channel(signee: Signee) -> tuple[str, str]:
    if signee.email_address:
        return "email", signee.email_address
    return (signee.phone_delivery or "sms"), signee.phone_number or ""


_TEXT = {
    "invitation": "{sender} asks you to sign {doc!r}.",
    "reminder": "Reminder: {doc!r} is waiting for your signature.",
    "reinvitation": "Your details were updated: {doc!r} is waiting for your signature.",
}


class Outbox:
    """Messages in the order they were sent."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._messages: list[OutboxMessage] = []

    def send(self, kind: str, doc: Document, signee: Signee, now: float) -> OutboxMessage:
        """Record one message of `kind` to `signee` over its channel."""
        channel, to = _channel(signee)
        text = _TEXT[kind].format(sender="Emulated Account AB", doc=doc.name)
        message = OutboxMessage(
            kind,
            channel,
            to,
            doc.document_id,
            doc.name,
            signee.signee_id,
            signee.full_name,
            f"/sign/{signee.signing_token}",
            text,
            now,
        )
        with self._lock:
            self._messages.append(message)
        return message

    def invite_due(self, doc: Document, now: float) -> list[OutboxMessage]:
        """Invite every unsigned signee whose turn has come and who has no invitation yet."""
        sent: list[OutboxMessage] = []
        if doc.status != "awaiting_signatures":
            return sent
        for signee in doc.signees:
            due = signee.signed_at is None and signee.invited_at is None
            if due and turn_has_come(doc, signee):
                signee.invited_at = now
                sent.append(self.send("invitation", doc, signee, now))
        return sent

    def messages(self) -> list[OutboxMessage]:
        """Return every message so far, oldest first."""
        with self._lock:
            return list(self._messages)

    def reset(self) -> None:
        """Forget every message."""
        with self._lock:
            self._messages.clear()
