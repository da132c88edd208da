"""Emulator form fields: pre-fill at creation, set before anyone signed, read when completed."""

from __future__ import annotations

import io

from _emulator_helpers import api_client, create, new_document, upload
from pypdf import PdfReader

from formify.testing import Emulator


def test_values_set_before_signing_appear_in_field_values_and_the_signed_pdf(
    formify_emulator: Emulator,
) -> None:
    emu = formify_emulator
    with api_client(emu) as api:
        doc_id = create(api, upload(api), fields=[{"name": "fullName", "value": "Ada Lovelace"}])[
            "documentId"
        ]
        r = api.post(
            f"docs/{doc_id}/field-values",
            json={
                "fields": [
                    {"name": "interests", "value": ["Music", "Travel"]},
                    {"name": "company", "value": ""},
                ]
            },
        )
        assert r.status_code == 200 and r.json() == {"success": True}
        early = api.get(f"docs/{doc_id}/field-values", params={"errorLanguage": "sv"})
        assert early.status_code == 403
        assert early.json()["message"] == (
            "Fältvärden är bara tillgängliga för slutförda dokument."
        )
        emu.sign(doc_id)
        values = api.get(f"docs/{doc_id}/field-values").json()
    by_name = {v["name"]: v["value"] for v in values}
    assert by_name["fullName"] == ["Ada Lovelace"]
    assert by_name["interests"] == ["Music", "Travel"]
    assert "company" not in by_name  # cleared: only non-empty values are listed
    assert by_name["color"] == ["Green"]  # the PDF's own default
    signed = emu.app.ctx.store.documents[doc_id].signed_pdf
    assert signed is not None
    fields = PdfReader(io.BytesIO(signed)).get_fields() or {}
    assert fields["fullName"].get("/V") == "Ada Lovelace"


def test_only_editable_fields_can_be_set(formify_emulator: Emulator) -> None:
    with api_client(formify_emulator) as api:
        doc_id, _ = new_document(api)
        r = api.post(
            f"docs/{doc_id}/field-values",
            json={"fields": [{"name": "reference", "value": "X"}], "errorLanguage": "es"},
        )
        unknown = api.post(
            f"docs/{doc_id}/field-values", json={"fields": [{"name": "nope", "value": "X"}]}
        )
    assert r.status_code == 400 and r.json() == {"message": "fields: reference no es editable."}
    assert unknown.status_code == 400
    assert unknown.json() == {"message": "fields: there is no form field named nope."}


def test_values_must_match_the_field_format_and_options(formify_emulator: Emulator) -> None:
    with api_client(formify_emulator) as api:
        doc_id, _ = new_document(api)

        def refused(name: str, value: object) -> str:
            r = api.post(
                f"docs/{doc_id}/field-values", json={"fields": [{"name": name, "value": value}]}
            )
            assert r.status_code == 400
            return str(r.json()["message"])

        assert refused("fullName", ["a"]) == "fields: fullName (textField) takes a single string."
        assert refused("interests", "Music") == (
            "fields: interests (listbox) takes an array of strings."
        )
        assert refused("color", "Purple") == "fields: Purple is not an option of color."


def test_values_locked_once_anyone_signed(formify_emulator: Emulator) -> None:
    emu = formify_emulator
    with api_client(emu) as api:
        doc_id, (first, _) = new_document(api)
        emu.sign(doc_id, first)
        r = api.post(
            f"docs/{doc_id}/field-values", json={"fields": [{"name": "fullName", "value": "X"}]}
        )
    assert r.status_code == 403
    assert r.json()["message"] == (
        "Field values can only be set before anyone has signed (the document is "
        "awaiting_signatures)."
    )


def test_readonly_mode_all_marks_every_document_field_read_only(
    formify_emulator: Emulator,
) -> None:
    with api_client(formify_emulator) as api:
        keep, _ = new_document(api)
        locked, _ = new_document(api, fieldsReadonlyMode="all")
        filled, _ = new_document(
            api, fieldsReadonlyMode="filled", fields=[{"name": "fullName", "value": "A"}]
        )
        keep_fields = api.get(f"docs/{keep}/fields").json()
        locked_fields = api.get(f"docs/{locked}/fields").json()
        filled_fields = {f["name"]: f for f in api.get(f"docs/{filled}/fields").json()}
    assert not all(f["readOnly"] for f in keep_fields)
    assert all(f["readOnly"] for f in locked_fields)
    assert filled_fields["fullName"]["readOnly"] is True
    assert filled_fields["company"]["readOnly"] is False


def test_template_fields_and_listing(formify_emulator: Emulator) -> None:
    with api_client(formify_emulator) as api:
        listing = api.get("templates").json()
        template_id = listing["templates"][0]["templateId"]
        detail = api.get(f"templates/{template_id}").json()
        fields = api.get(f"templates/{template_id}/fields").json()
        missing = api.get("templates/nope/fields")
    assert listing["nextOffset"] is None and detail["templateId"] == template_id
    assert detail["signeeDetails"][0]["signaturePlacement"] == "existing"
    assert {f["type"] for f in fields} >= {"textField", "checkbox"}
    assert missing.status_code == 404
