"""The emulator's records: files, documents and their signees, templates, webhooks."""

from __future__ import annotations

import random
import secrets
import uuid
from typing import Any

import attrs


def new_id() -> str:
    """Return a fresh identifier in the API's UUID style."""
    return str(uuid.uuid4())


class Ids:
    """Identifiers for one store: random, or from a seed (the same sequence after each reset)."""

    def __init__(self, seed: int | None = None) -> None:
        self._seed = seed
        self._rng = random.Random(seed)

    def __call__(self) -> str:
        """Return the next identifier in the API's UUID style."""
        if self._seed is None:
            return new_id()
        return str(uuid.UUID(int=self._rng.getrandbits(128), version=4))

    def restart(self) -> None:
        """Start the seeded sequence over (no effect on random ids)."""
        self._rng = random.Random(self._seed)


def new_secret(prefix: str = "", nbytes: int = 24) -> str:
    """Return an unguessable token with `prefix`."""
    return prefix + secrets.token_urlsafe(nbytes)


@attrs.define
class StoredFile:
    """An uploaded or merged PDF."""

    file_id: str
    name: str
    data: bytes
    pages: int
    created_at: float


@attrs.define
class Signee:
    """One signee of a document; `history` carries update times across new signee IDs."""

    signee_id: str
    full_name: str
    email_address: str | None
    phone_number: str | None
    signature_type: str
    signature_placement: str
    signing_order: int
    signature_box: dict[str, Any] | None = None
    id_scan_box: dict[str, Any] | None = None
    phone_delivery: str | None = None
    signed_at: float | None = None
    opened_at: float | None = None
    reminders: list[float] = attrs.Factory(list)
    updates: list[float] = attrs.Factory(list)
    invited_at: float | None = None  # when the invitation went out (see ``outbox``)
    # the name typed on the signing page to sign (digital ink); None when signed by emu.sign()
    ink: str | None = None
    # the secret in the signee's signing link (/sign/{token}); kept across a signee update
    signing_token: str = attrs.Factory(lambda: new_secret("sgn_", 16))


@attrs.define
class Document:
    """A signature request and its state (see ``_documents`` for the state machine)."""

    document_id: str
    name: str
    user_id: str
    pdf: bytes
    pages: int
    file_id: str | None
    template_id: str | None
    status: str
    created_at: float
    updated_at: float
    language: str
    enable_signing_order: bool
    signees: list[Signee]
    fields: list[dict[str, Any]]
    values: dict[str, list[str]]
    ready_at: float | None = None
    ai_assistant: dict[str, Any] | None = None
    sharing_setting: str = "private"
    personal_message: str | None = None
    completed_at: float | None = None
    revoked_at: float | None = None
    transaction_id: str = attrs.Factory(new_id)
    history: list[dict[str, Any]] = attrs.Factory(list)
    signed_pdf: bytes | None = None


@attrs.define
class Template:
    """A pre-configured document: its PDF and default signees."""

    template_id: str
    name: str
    user_id: str
    created_at: float
    pdf: bytes
    pages: int
    signees: list[dict[str, Any]]
    sharing_setting: str = "shared"


@attrs.define
class Webhook:
    """A registered webhook endpoint and its current signing secret."""

    webhook_id: str
    url: str
    name: str | None
    event_types: list[str]
    secret: str
