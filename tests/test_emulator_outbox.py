"""The outbox: the messages the real service would send signees, readable from Python and HTTP."""

from __future__ import annotations

import httpx
from _emulator_helpers import api_client, create, new_document, ordered_document, signee, upload

from formify.testing import Emulator, OutboxMessage


def _kinds(emu: Emulator) -> list[tuple[str, str, str]]:
    return [(m.kind, m.channel, m.to) for m in emu.outbox()]


def test_invitations_go_to_every_signee_at_once_by_their_channel(
    formify_emulator: Emulator,
) -> None:
    emu = formify_emulator
    people = [
        signee(0),
        {**signee(1), "emailAddress": None, "phoneNumber": "+46701234567"},
        {
            **signee(2),
            "emailAddress": None,
            "phoneNumber": "+46701234568",
            "phoneNumberDeliveryMethod": "whatsapp",
        },
    ]
    with api_client(emu) as api:
        doc_id, ids = new_document(api, signeeDetails=people, name="Three")
    assert _kinds(emu) == [
        ("invitation", "email", "s0@example.com"),
        ("invitation", "sms", "+46701234567"),
        ("invitation", "whatsapp", "+46701234568"),
    ]
    messages = emu.outbox()
    assert all(isinstance(m, OutboxMessage) for m in messages)
    assert [m.signee_id for m in messages] == ids
    assert {m.document_id for m in messages} == {doc_id}
    assert len({m.signing_path for m in messages}) == 3
    assert all(m.signing_path.startswith("/sign/") for m in messages)
    assert "Three" in messages[0].text


def test_with_signing_order_the_next_signee_is_invited_once_the_earlier_signed(
    formify_emulator: Emulator,
) -> None:
    emu = formify_emulator
    with api_client(emu) as api:
        doc_id, (first, second) = ordered_document(api, 2, 1)
    assert [m.signee_id for m in emu.outbox()] == [second]
    emu.sign(doc_id, second)
    assert [m.signee_id for m in emu.outbox()] == [second, first]
    emu.sign(doc_id, first)  # completes: nobody else to invite
    assert [m.kind for m in emu.outbox()] == ["invitation", "invitation"]


def test_reminders_and_reinvitations_after_an_update(formify_emulator: Emulator) -> None:
    emu = formify_emulator
    with api_client(emu) as api:
        doc_id, (first, second) = new_document(api)
        assert api.post(f"docs/{doc_id}/reminder", json={"signeeIds": [first]}).status_code == 200
        update = [{"signeeId": second, "emailAddress": "new@example.com"}]
        assert api.patch(f"docs/{doc_id}/signature-field", json=update).status_code == 200
    assert _kinds(emu) == [
        ("invitation", "email", "s0@example.com"),
        ("invitation", "email", "s1@example.com"),
        ("reminder", "email", "s0@example.com"),
        ("reinvitation", "email", "new@example.com"),
    ]
    messages = emu.outbox()
    # the signing link stays the signee's across the update (a new signee ID, the same person)
    assert messages[3].signing_path == messages[1].signing_path
    assert messages[3].signee_id != second


def test_a_signee_not_yet_invited_gets_no_reinvitation_but_an_invitation_later(
    formify_emulator: Emulator,
) -> None:
    emu = formify_emulator
    with api_client(emu) as api:
        doc_id, (first, second) = ordered_document(api, 1, 2)
        update = [{"signeeId": second, "emailAddress": "later@example.com"}]
        assert api.patch(f"docs/{doc_id}/signature-field", json=update).status_code == 200
    assert _kinds(emu) == [("invitation", "email", "s0@example.com")]
    emu.sign(doc_id, first)
    assert _kinds(emu)[-1] == ("invitation", "email", "later@example.com")


def test_a_processing_document_invites_nobody_until_it_is_ready(
    formify_emulator: Emulator,
) -> None:
    emu = formify_emulator
    with api_client(emu) as api:
        doc_id = create(api, upload(api), aiAssistant={"enabled": True})["documentId"]
        assert emu.outbox() == []
        emu.advance(emu.app.ctx.processing_delay)
        assert api.get(f"docs/{doc_id}").json()["status"] == "awaiting_signatures"
    assert [m.kind for m in emu.outbox()] == ["invitation", "invitation"]


def test_the_outbox_over_http_and_after_a_reset(formify_emulator: Emulator) -> None:
    emu = formify_emulator
    with api_client(emu) as api:
        new_document(api)
    rows = httpx.get(f"{emu.url}/_emulator/outbox").json()
    assert [(r["kind"], r["to"]) for r in rows] == [
        ("invitation", "s0@example.com"),
        ("invitation", "s1@example.com"),
    ]
    assert rows[0]["signing_path"] == emu.outbox()[0].signing_path
    emu.reset()
    assert emu.outbox() == []
