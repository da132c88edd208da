"""Emulator /docs rules: creation checks, paging, the state machine, revoke, delete, processing."""

from __future__ import annotations

import pytest
from _emulator_helpers import (
    api_client,
    create,
    document,
    new_document,
    ordered_document,
    signee,
    upload,
)

from formify.testing import Emulator, EmulatorError


def _refused(emu: Emulator, body: dict, lang: str = "en") -> tuple[int, str]:
    with api_client(emu) as api:
        r = api.post("docs", json={**body, "errorLanguage": lang})
    assert emu.app.ctx.store.documents == {}
    return r.status_code, r.json()["message"]


def test_create_needs_exactly_one_of_file_and_template(formify_emulator: Emulator) -> None:
    emu = formify_emulator
    with api_client(emu) as api:
        file_id = upload(api)
    template_id = next(iter(emu.app.ctx.store.templates))
    both = {"fileId": file_id, "templateId": template_id, "signeeDetails": [signee()]}
    assert _refused(emu, both) == (400, "Provide either fileId or templateId, not both.")
    assert _refused(emu, {"signeeDetails": [signee()]}, "sv") == (
        400,
        "Ange antingen fileId eller templateId, inte båda.",
    )


def test_create_refuses_an_unknown_file(formify_emulator: Emulator) -> None:
    assert _refused(formify_emulator, {"fileId": "nope", "signeeDetails": [signee()]}) == (
        400,
        "fileId: nope was not found.",
    )


def test_each_signee_needs_a_contact_method(formify_emulator: Emulator) -> None:
    with api_client(formify_emulator) as api:
        file_id = upload(api)
    body = {"fileId": file_id, "signeeDetails": [signee(), {"fullName": "No Contact"}]}
    assert _refused(formify_emulator, body, "es") == (
        400,
        "signeeDetails[1] necesita un emailAddress o un phoneNumber.",
    )


def test_phone_numbers_need_the_country_code(formify_emulator: Emulator) -> None:
    with api_client(formify_emulator) as api:
        file_id = upload(api)
        texted = create(api, file_id, signeeDetails=[signee(0, phoneNumber="+46 70 123 45 67")])
    assert texted["documentId"]
    local = {"fullName": "L", "phoneNumber": "0701234567", "signaturePlacement": "new_page"}
    assert _refused_after(
        formify_emulator, {"fileId": file_id, "signeeDetails": [local]}, "sv"
    ) == (
        400,
        "signeeDetails[0].phoneNumber måste innehålla landsnumret, t.ex. +46701234567.",
    )


def _refused_after(emu: Emulator, body: dict, lang: str = "en") -> tuple[int, str]:
    with api_client(emu) as api:
        r = api.post("docs", json={**body, "errorLanguage": lang})
    return r.status_code, r.json()["message"]


def test_existing_placement_needs_a_box_on_a_page_of_the_document(
    formify_emulator: Emulator,
) -> None:
    with api_client(formify_emulator) as api:
        file_id = upload(api)  # one page
    existing = signee(signaturePlacement="existing")
    no_box = {"fileId": file_id, "signeeDetails": [existing]}
    assert _refused(formify_emulator, no_box) == (
        400,
        "signeeDetails[0].signatureBox.x is required.",
    )
    off_page = {**existing, "signatureBox": {"x": 10, "y": 10, "page": 1}}
    assert _refused(formify_emulator, {"fileId": file_id, "signeeDetails": [off_page]}) == (
        400,
        "signeeDetails[0].signatureBox.page must be between 0 and 0 (the document has 1 pages).",
    )
    big = {**existing, "signatureBox": {"x": 10, "y": 10, "page": 0, "scale": 2}}
    assert _refused(formify_emulator, {"fileId": file_id, "signeeDetails": [big]}) == (
        400,
        "signeeDetails[0].signatureBox.scale must be between 0.25 and 1.5.",
    )
    negative = {**existing, "signatureBox": {"x": -1, "y": 10, "page": 0}}
    status, message = _refused(formify_emulator, {"fileId": file_id, "signeeDetails": [negative]})
    assert (status, message) == (400, "signeeDetails[0].signatureBox.x must be at least 0.")


def test_id_scan_signature_needs_existing_placement_and_an_id_box(
    formify_emulator: Emulator,
) -> None:
    with api_client(formify_emulator) as api:
        file_id = upload(api)
    scan = signee(signatureType="digital_ink_id_scan")  # new_page
    assert _refused(formify_emulator, {"fileId": file_id, "signeeDetails": [scan]}) == (
        400,
        "signeeDetails[0].signaturePlacement must be 'existing' for signatureType "
        "digital_ink_id_scan.",
    )
    boxed = {
        **scan,
        "signaturePlacement": "existing",
        "signatureBox": {"x": 1, "y": 1, "page": 0},
    }
    assert _refused(formify_emulator, {"fileId": file_id, "signeeDetails": [boxed]}) == (
        400,
        "signeeDetails[0].idScanBox.x is required.",
    )


def test_create_refuses_unknown_user_and_bad_enums(formify_emulator: Emulator) -> None:
    with api_client(formify_emulator) as api:
        file_id = upload(api)
    base = {"fileId": file_id, "signeeDetails": [signee()]}
    assert _refused(formify_emulator, {**base, "userId": "u-1"}) == (
        400,
        "userId: u-1 was not found.",
    )
    assert _refused(formify_emulator, {**base, "fieldsReadonlyMode": "some"}) == (
        400,
        "fieldsReadonlyMode must be one of: keepOriginal, filled, all.",
    )
    assert _refused(formify_emulator, {**base, "signeeDetails": []}) == (
        400,
        "signeeDetails must be a non-empty array.",
    )


def test_create_from_a_template_uses_its_signee_defaults(formify_emulator: Emulator) -> None:
    emu = formify_emulator
    template_id = next(iter(emu.app.ctx.store.templates))
    with api_client(emu) as api:
        bare = {"fullName": "T", "emailAddress": "t@example.com"}
        created = create(api, templateId=template_id, signeeDetails=[bare])
        doc = document(api, created["documentId"])
    assert doc["templateId"] == template_id and "fileId" not in doc
    assert doc["signeeDetails"][0]["signaturePlacement"] == "existing"  # the template's
    assert doc["signeeDetails"][0]["signatureType"] == "digital_ink"


def test_list_pages_with_limit_and_next_offset(formify_emulator: Emulator) -> None:
    with api_client(formify_emulator) as api:
        file_id = upload(api)
        ids = [create(api, file_id)["documentId"] for _ in range(3)]
        first = api.get("docs", params={"limit": 2}).json()
        second = api.get("docs", params={"limit": 2, "offset": first["nextOffset"]}).json()
        too_many = api.get("docs", params={"limit": 51, "errorLanguage": "sv"})
    assert [d["documentId"] for d in first["documents"]] == ids[:2]
    assert first["nextOffset"] == 2
    assert [d["documentId"] for d in second["documents"]] == ids[2:]
    assert second["nextOffset"] is None
    assert too_many.status_code == 400
    assert too_many.json() == {"message": "limit måste vara mellan 1 och 50."}


def test_a_page_and_a_get_look_at_their_own_documents_only(
    formify_emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    # what keeps GET /docs and GET /docs/{id} as fast with 100,000 documents as with 100
    # (scripts/bench_emulator_scale.py): a request settles the documents it answers with only
    store = formify_emulator.app.ctx.store
    with api_client(formify_emulator) as api:
        file_id = upload(api)
        ids = [create(api, file_id)["documentId"] for _ in range(5)]
        settled: list[str] = []
        settle = store.settle
        monkeypatch.setattr(
            store, "settle", lambda doc: (settled.append(doc.document_id), settle(doc))
        )
        page = api.get("docs", params={"limit": 2, "offset": 1}).json()
        assert [d["documentId"] for d in page["documents"]] == ids[1:3] == settled
        settled.clear()
        assert document(api, ids[4])["documentId"] == ids[4]
        assert settled == [ids[4]]


def test_state_machine_to_completion(formify_emulator: Emulator) -> None:
    emu = formify_emulator
    with api_client(emu) as api:
        created = create(api, upload(api))
        doc_id = created["documentId"]
        assert created["status"] == "created"
        assert document(api, doc_id)["status"] == "awaiting_signatures"
        first = document(api, doc_id)["signeeDetails"][0]["signeeId"]
        emu.sign(doc_id, first)
        partly = document(api, doc_id)
        assert partly["status"] == "awaiting_signatures"
        assert [s["signatureStatus"] for s in partly["signeeDetails"]] == [
            "signed",
            "awaiting_signature",
        ]
        emu.sign(doc_id)
        done = document(api, doc_id)
        history = api.get(f"docs/{doc_id}/history").json()
    assert done["status"] == "completed" and done["completedAt"] is not None
    assert [h["type"] for h in history] == [
        "document.created",
        "document.signed",
        "document.signed",
        "document.completed",
    ]
    assert history[1]["signeeId"] == first


def test_signing_order_invites_later_signees_only_after_earlier_ones(
    formify_emulator: Emulator,
) -> None:
    emu = formify_emulator
    with api_client(emu) as api:
        doc_id, (first, second) = ordered_document(api, 2, 1)
        r = api.post(f"docs/{doc_id}/reminder", json={"signeeIds": [first]})
    refused = r.json()["remindersNotSentTo"]
    assert [n["signeeId"] for n in refused] == [first]
    assert refused[0]["message"] == "The signee has not been invited yet (signing order)."
    with pytest.raises(EmulatorError, match="cannot sign yet"):
        emu.sign(doc_id, first)
    emu.sign(doc_id, second)
    emu.sign(doc_id, first)
    assert emu.app.ctx.store.documents[doc_id].status == "completed"


def test_signing_everyone_follows_the_order(formify_emulator: Emulator) -> None:
    emu = formify_emulator
    with api_client(emu) as api:
        doc_id, (first, second) = ordered_document(api, 2, 1)
    assert emu.sign(doc_id) == [second, first]


def test_revoke_only_before_completion(formify_emulator: Emulator) -> None:
    emu = formify_emulator
    with api_client(emu) as api:
        doc_id, _ = new_document(api)
        r = api.put(f"docs/{doc_id}/revoke", json={})
        assert r.status_code == 200 and r.json() == {"documentId": doc_id}
        doc = document(api, doc_id)
        assert doc["status"] == "revoked" and doc["revokedAt"] is not None
        again = api.put(f"docs/{doc_id}/revoke", json={"errorLanguage": "es"})
        assert again.status_code == 403
        assert again.json()["message"] == (
            "Solo se pueden revocar documentos no completados (el documento está revoked)."
        )
        completed, _ = new_document(api)
        emu.sign(completed)
        late = api.put(f"docs/{completed}/revoke", json={})
    assert late.status_code == 403
    with pytest.raises(EmulatorError, match="cannot be opened or signed"):
        emu.sign(doc_id)


def test_delete_only_completed_or_revoked_and_the_file_goes_unless_shared(
    formify_emulator: Emulator,
) -> None:
    emu = formify_emulator
    files = emu.app.ctx.store.files
    with api_client(emu) as api:
        file_id = upload(api)
        shared_a = create(api, file_id)["documentId"]
        shared_b = create(api, file_id)["documentId"]
        early = api.delete(f"docs/{shared_a}", params={"errorLanguage": "sv"})
        assert early.status_code == 403
        assert early.json()["message"] == (
            "Endast slutförda eller återkallade dokument kan raderas "
            "(dokumentet är awaiting_signatures)."
        )
        emu.sign(shared_a)
        assert api.delete(f"docs/{shared_a}").status_code == 204
        assert api.get(f"docs/{shared_a}").status_code == 404
        assert file_id in files  # still used by shared_b
        api.put(f"docs/{shared_b}/revoke", json={})
        assert api.delete(f"docs/{shared_b}").status_code == 204
    assert file_id not in files


def test_ai_assistant_documents_process_first(formify_emulator: Emulator) -> None:
    emu = formify_emulator
    with api_client(emu) as api:
        created = create(api, upload(api), aiAssistant={"enabled": True})
        doc_id = created["documentId"]
        assert created["status"] == "processing" and created["documentUrl"] is None
        doc = document(api, doc_id)
        assert doc["status"] == "processing" and doc["documentUrl"] is None
        assert doc["aiAssistant"] == {"enabled": True, "textToSpeech": False, "language": "en"}
        with pytest.raises(EmulatorError, match="is processing and cannot be opened or signed"):
            emu.sign(doc_id)
        emu.advance(emu.app.ctx.processing_delay)
        ready = document(api, doc_id)
    assert ready["status"] == "awaiting_signatures" and ready["documentUrl"]


def test_unknown_document_is_404_in_the_query_language(formify_emulator: Emulator) -> None:
    with api_client(formify_emulator) as api:
        r = api.get("docs/nope", params={"errorLanguage": "es"})
    assert r.status_code == 404
    assert r.json() == {"message": "No se encontró el documento nope."}
