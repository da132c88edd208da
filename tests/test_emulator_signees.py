"""Emulator reminders (two per signee per rolling hour) and signee updates (two, then 60 min)."""

from __future__ import annotations

from _emulator_helpers import api_client, document, new_document

from formify.testing import Emulator


def test_reminders_two_per_rolling_hour_with_cooldown(formify_emulator: Emulator) -> None:
    emu = formify_emulator
    emu.freeze_clock()  # exact cooldowns: real seconds on a loaded machine must not count
    with api_client(emu) as api:
        doc_id, (first, _) = new_document(api)

        def remind(lang: str = "en") -> dict:
            r = api.post(
                f"docs/{doc_id}/reminder", json={"signeeIds": [first], "errorLanguage": lang}
            )
            assert r.status_code == 200
            return dict(r.json())

        one = remind()
        assert one == {
            "remindersSentTo": [{"signeeId": first, "reminderCooldown": 0}],
            "remindersNotSentTo": [],
        }
        emu.advance(600)
        two = remind()
        assert two["remindersSentTo"][0]["reminderCooldown"] == 3000  # first + 60 min - now
        three = remind("sv")
        assert three["remindersSentTo"] == []
        refused = three["remindersNotSentTo"][0]
        assert refused["signeeId"] == first and refused["reminderCooldown"] == 3000
        assert refused["message"].startswith("Högst två påminnelser per undertecknare")
        signee = document(api, doc_id)["signeeDetails"][0]["reminders"]
        assert signee["reminderSentCount"] == 2 and signee["reminderCooldown"] == 3000
        emu.advance(3000)  # the first reminder leaves the window
        assert remind()["remindersSentTo"][0]["signeeId"] == first


def test_reminder_refusal_reasons_follow_the_query_language(formify_emulator: Emulator) -> None:
    emu = formify_emulator
    with api_client(emu) as api:
        doc_id, (first, _) = new_document(api)
        emu.sign(doc_id, first)
        r = api.post(
            f"docs/{doc_id}/reminder", params={"errorLanguage": "es"}, json={"signeeIds": [first]}
        )
    assert r.json()["remindersNotSentTo"][0]["message"] == "El firmante ya ha firmado."


def test_reminders_only_while_awaiting_signatures(formify_emulator: Emulator) -> None:
    emu = formify_emulator
    with api_client(emu) as api:
        doc_id, (first, _) = new_document(api)
        api.put(f"docs/{doc_id}/revoke", json={})
        r = api.post(f"docs/{doc_id}/reminder", json={"signeeIds": [first], "errorLanguage": "es"})
    assert r.status_code == 403
    assert r.json() == {
        "message": "Solo se pueden enviar recordatorios mientras el documento espera firmas."
    }


def test_reminders_not_sent_to_signed_or_unknown_signees(formify_emulator: Emulator) -> None:
    emu = formify_emulator
    with api_client(emu) as api:
        doc_id, (first, second) = new_document(api)
        emu.sign(doc_id, first)
        r = api.post(f"docs/{doc_id}/reminder", json={"signeeIds": [first, "x", second]})
    result = r.json()
    assert [s["signeeId"] for s in result["remindersSentTo"]] == [second]
    messages = {n["signeeId"]: n["message"] for n in result["remindersNotSentTo"]}
    assert messages == {
        first: "The signee has already signed.",
        "x": "Signee x is not a signee of this document.",
    }


def test_signee_update_gives_a_new_id_twice_then_cools_down(formify_emulator: Emulator) -> None:
    emu = formify_emulator
    emu.freeze_clock()  # exact cooldowns: real seconds must not count
    with api_client(emu) as api:
        doc_id, (first, _) = new_document(api)
        r1 = api.patch(
            f"docs/{doc_id}/signature-field",
            json=[{"signeeId": first, "emailAddress": "new@example.com"}],
        )
        assert r1.status_code == 200
        second_id = r1.json()["signeeId"]
        assert second_id != first
        assert r1.json()["updated"]["emailAddress"] == "new@example.com"
        assert r1.json()["updateCooldown"] == 0
        old = api.patch(f"docs/{doc_id}/signature-field", json=[{"signeeId": first}])
        assert old.status_code == 404
        emu.advance(60)
        r2 = api.patch(
            f"docs/{doc_id}/signature-field", json=[{"signeeId": second_id, "fullName": "New"}]
        )
        third_id = r2.json()["signeeId"]
        assert r2.json()["updateCooldown"] == 3600
        blocked = api.patch(
            f"docs/{doc_id}/signature-field?errorLanguage=sv",
            json=[{"signeeId": third_id, "fullName": "Again"}],
        )
        assert blocked.status_code == 403
        assert blocked.json()["message"] == (
            f"Undertecknare {third_id} har ändrats två gånger; nästa ändring är möjlig om "
            "3600 sekunder."
        )
        shown = document(api, doc_id)["signeeDetails"][0]
        assert shown["signeeId"] == third_id and shown["updates"]["updateCooldown"] == 3600
        emu.advance(3600)
        after = api.patch(
            f"docs/{doc_id}/signature-field", json=[{"signeeId": third_id, "fullName": "Later"}]
        )
    assert after.status_code == 200


def test_signee_update_refused_once_signed_or_completed(formify_emulator: Emulator) -> None:
    emu = formify_emulator
    with api_client(emu) as api:
        doc_id, (first, second) = new_document(api)
        emu.sign(doc_id, first)
        signed = api.patch(f"docs/{doc_id}/signature-field", json=[{"signeeId": first}])
        assert signed.status_code == 403
        assert signed.json()["message"] == (
            f"Signee {first} has already signed and can no longer be updated."
        )
        emu.sign(doc_id, second)
        done = api.patch(f"docs/{doc_id}/signature-field", json=[{"signeeId": second}])
    assert done.status_code == 403
    assert done.json()["message"] == (
        "The document is completed; signees can no longer be updated."
    )


def test_signee_update_changes_but_does_not_add_contact_methods(
    formify_emulator: Emulator,
) -> None:
    with api_client(formify_emulator) as api:
        doc_id, (first, _) = new_document(api)
        r = api.patch(
            f"docs/{doc_id}/signature-field",
            json=[{"signeeId": first, "phoneNumber": "+46701234567"}],
        )
        empty = api.patch(f"docs/{doc_id}/signature-field", json=[])
        local = api.patch(
            f"docs/{doc_id}/signature-field", json=[{"signeeId": first, "phoneNumber": "0701"}]
        )
    assert local.status_code == 400
    assert local.json()["message"].startswith("[0].phoneNumber must include the country code")
    assert r.status_code == 400
    assert r.json()["message"] == "[0].phoneNumber: a contact method can be changed, not added."
    assert empty.status_code == 400
