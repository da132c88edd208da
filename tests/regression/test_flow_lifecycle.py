"""Recorded flows that need the emulator to act: signees open and sign, the clock moves, faults.

Each of these drives `/_emulator/...` over HTTP, so the control calls are in the cassette and the
flows replay without an emulator; against the real API they are skipped.
"""

from __future__ import annotations

import httpx
import pytest
from _flow_helpers import ALICE, BOB, advance_clock, inject_fault, open_document, sample_pdf, sign
from _flow_target import Target, make_client

from formify import Formify, PermissionDeniedError, RateLimitError, ServerError

pytestmark = [pytest.mark.vcr, pytest.mark.emulator_only]


def test_signing_order_open_then_sign_one_by_one(client: Formify, control: httpx.Client) -> None:
    file_id = client.files.upload(sample_pdf(), filename="order.pdf")
    created = client.documents.create(
        file_id=file_id,
        signees=[{**ALICE, "signing_order": 1}, {**BOB, "signing_order": 2}],
        enable_signing_order=True,
    )
    alice, bob = client.documents.get(created.document_id).signee_details
    assert (alice.signing_order, bob.signing_order) == (1, 2)

    open_document(control, created.document_id, alice.signee_id)
    sign(control, created.document_id, alice.signee_id)
    doc = client.documents.get(created.document_id)
    assert doc.status == "awaiting_signatures"
    statuses = {s.signee_id: s.signature_status for s in doc.signee_details}
    assert statuses == {alice.signee_id: "signed", bob.signee_id: "awaiting_signature"}
    assert doc.signee_details[0].signed_at is not None

    sign(control, created.document_id, bob.signee_id)
    doc = client.documents.get(created.document_id)
    assert doc.status == "completed" and doc.completed_at is not None
    types = [entry.type_ for entry in client.documents.history(created.document_id)]
    assert types.index("document.opened") < types.index("document.signed")
    assert types[-1] == "document.completed"

    # a completed document cannot be revoked
    with pytest.raises(PermissionDeniedError):
        client.documents.revoke(created.document_id)


def test_reminder_cooldown_follows_the_clock(client: Formify, control: httpx.Client) -> None:
    file_id = client.files.upload(sample_pdf(), filename="remind.pdf")
    created = client.documents.create(file_id=file_id, signees=[ALICE])
    [alice] = client.documents.get(created.document_id).signee_details

    sent = [client.documents.remind(created.document_id, [alice.signee_id]) for _ in range(3)]
    assert [len(r.reminders_sent_to) for r in sent] == [1, 1, 0]  # two per hour
    [refused] = sent[2].reminders_not_sent_to
    assert refused.signee_id == alice.signee_id and refused.reminder_cooldown > 0

    advance_clock(control, refused.reminder_cooldown)
    again = client.documents.remind(created.document_id, [alice.signee_id])
    assert [r.signee_id for r in again.reminders_sent_to] == [alice.signee_id]
    reminders = client.documents.get(created.document_id).signee_details[0].reminders
    assert reminders.reminder_sent_count == 3


def test_ai_assistant_document_is_processing_until_ready(
    client: Formify, control: httpx.Client
) -> None:
    file_id = client.files.upload(sample_pdf(), filename="ai.pdf")
    created = client.documents.create(
        file_id=file_id, signees=[ALICE], ai_assistant={"enabled": True}
    )
    assert created.status == "processing"
    assert created.document_url is None
    assert client.documents.get(created.document_id).status == "processing"
    advance_clock(control, 5)
    assert client.documents.get(created.document_id).status == "awaiting_signatures"


def test_get_is_retried_after_503_and_429(target: Target, control: httpx.Client) -> None:
    waits: list[float] = []
    with make_client(target, max_retries=2) as client:
        client._sleep = waits.append  # the waits are asserted, not slept
        file_id = client.files.upload(sample_pdf(), filename="retry.pdf")
        created = client.documents.create(file_id=file_id, signees=[ALICE])
        path = f"GET /docs/{created.document_id}"

        inject_fault(control, path, 503)
        assert client.documents.get(created.document_id).document_id == created.document_id
        assert len(waits) == 1 and 0.375 <= waits[0] <= 0.5  # backoff with jitter

        inject_fault(control, path, 429, reset=7)
        client.documents.get(created.document_id)
        assert waits[1:] == [7.0]  # X-RateLimit-Reset wins

        inject_fault(control, path, 503, count=3)
        with pytest.raises(ServerError) as failed:
            client.documents.get(created.document_id)
        assert failed.value.status_code == 503


def test_post_is_not_repeated_after_503_but_is_after_429(
    target: Target, control: httpx.Client
) -> None:
    waits: list[float] = []
    with make_client(target, max_retries=2) as client:
        client._sleep = waits.append
        inject_fault(control, "POST /files", 503)
        with pytest.raises(ServerError):
            client.files.upload(sample_pdf(), filename="once.pdf")
        assert waits == []  # the server may have stored it: not sent twice

        inject_fault(control, "POST /files", 429, reset=2)
        assert client.files.upload(sample_pdf(), filename="twice.pdf")
        assert waits == [2.0]

        inject_fault(control, "POST /files", 429, count=3, reset=1)
        with pytest.raises(RateLimitError) as limited:
            client.files.upload(sample_pdf(), filename="never.pdf")
        assert limited.value.retry_after == 1.0
