"""Emulator /files rules: PDF only, at most 50 MB, unlocked; merge 2-8 distinct files; fields."""

from __future__ import annotations

import io

import pytest
from _emulator_helpers import api_client, upload
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject

from formify.testing import Emulator, sample_pdf


def _encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(sample_pdf(fields=False))))
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "file is not a PDF; only PDF files are supported."),
        ("sv", "Filen är inte en PDF; endast PDF-filer stöds."),
        ("es", "El archivo no es un PDF; solo se admiten archivos PDF."),
    ],
)
def test_upload_refuses_a_non_pdf_in_the_form_language(
    formify_emulator: Emulator, lang: str, expected: str
) -> None:
    with api_client(formify_emulator) as api:
        r = api.post(
            "files",
            files={"file": ("a.pdf", b"hello, not a pdf")},
            data={"errorLanguage": lang},
        )
    assert r.status_code == 400
    assert r.json() == {"message": expected}
    assert formify_emulator.app.ctx.store.files == {}


def test_upload_refuses_an_encrypted_pdf(formify_emulator: Emulator) -> None:
    with api_client(formify_emulator) as api:
        r = api.post("files", files={"file": ("a.pdf", _encrypted_pdf())})
    assert r.status_code == 400
    assert "password-protected" in r.json()["message"]


def _with_signature_field(data: bytes) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    page = writer.pages[0]
    widget = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Widget"),
            NameObject("/FT"): NameObject("/Sig"),
            NameObject("/T"): TextStringObject("otherService"),
            NameObject("/Rect"): ArrayObject([NumberObject(v) for v in (300, 50, 500, 100)]),
            NameObject("/P"): page.indirect_reference,
        }
    )
    ref = writer._add_object(widget)
    writer._root_object["/AcroForm"]["/Fields"].append(ref)
    page["/Annots"].append(ref)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_upload_removes_signature_fields_and_keeps_the_others(formify_emulator: Emulator) -> None:
    pdf = _with_signature_field(sample_pdf())
    assert "otherService" in (PdfReader(io.BytesIO(pdf)).get_fields() or {})
    with api_client(formify_emulator) as api:
        file_id = upload(api, pdf)
        names = [f["name"] for f in api.get(f"files/{file_id}/fields").json()]
    stored = formify_emulator.app.ctx.store.files[file_id].data
    fields = PdfReader(io.BytesIO(stored)).get_fields() or {}
    assert "otherService" not in fields
    assert "fullName" in fields and "fullName" in names


def test_upload_refuses_more_than_50_mb(formify_emulator: Emulator) -> None:
    big = sample_pdf() + b"%" * (50 * 1024 * 1024)
    with api_client(formify_emulator) as api:
        r = api.post("files", files={"file": ("big.pdf", big)}, data={"errorLanguage": "es"})
    assert r.status_code == 400
    assert r.json() == {"message": "file supera el límite de 50 MB."}


def test_upload_without_a_file_part_names_the_field(formify_emulator: Emulator) -> None:
    with api_client(formify_emulator) as api:
        r = api.post("files", files={"other": ("a.pdf", sample_pdf())})
    assert r.status_code == 400
    assert r.json() == {"message": "file is required."}


def test_upload_that_is_not_multipart_names_the_field(formify_emulator: Emulator) -> None:
    with api_client(formify_emulator) as api:
        raw = api.post("files", content=sample_pdf(), headers={"Content-Type": "application/pdf"})
        broken = api.post(
            "files",
            content=b"--x\r\nnonsense",
            headers={"Content-Type": "multipart/form-data; boundary=x"},
        )
    for r in (raw, broken):
        assert r.status_code == 400 and r.json() == {"message": "file is required."}


def test_upload_stores_the_exact_bytes_and_page_count(formify_emulator: Emulator) -> None:
    pdf = sample_pdf(pages=3)
    with api_client(formify_emulator) as api:
        file_id = upload(api, pdf)
    stored = formify_emulator.app.ctx.store.files[file_id]
    assert stored.data == pdf and stored.pages == 3


def test_merge_joins_real_pdfs_in_order(formify_emulator: Emulator) -> None:
    with api_client(formify_emulator) as api:
        ids = [upload(api, sample_pdf(pages=n)) for n in (1, 2, 3)]
        r = api.post("files/merge", json={"fileIds": ids, "name": "merged.pdf"})
        assert r.status_code == 201
        merged_id = r.json()["fileId"]
        assert merged_id not in ids
        fields = api.get(f"files/{merged_id}/fields").json()
    merged = formify_emulator.app.ctx.store.files[merged_id]
    assert len(PdfReader(io.BytesIO(merged.data)).pages) == 6
    names = [f["name"] for f in fields]
    assert "fullName" in names and "fullName_2" in names and "fullName_3" in names


@pytest.mark.parametrize("count", [1, 9])
def test_merge_needs_between_2_and_8_files(formify_emulator: Emulator, count: int) -> None:
    with api_client(formify_emulator) as api:
        ids = [upload(api) for _ in range(count)]
        r = api.post("files/merge", json={"fileIds": ids, "name": "m"})
    assert r.status_code == 400
    assert r.json() == {"message": "fileIds must contain between 2 and 8 file IDs."}


def test_merge_refuses_duplicates_and_unknown_ids(formify_emulator: Emulator) -> None:
    with api_client(formify_emulator) as api:
        a = upload(api)
        dup = api.post("files/merge", json={"fileIds": [a, a], "name": "m"})
        unknown = api.post("files/merge", json={"fileIds": [a, "nope"], "name": "m"})
        nameless = api.post("files/merge", json={"fileIds": [a, upload(api)]})
    assert dup.status_code == 400 and a in dup.json()["message"]
    assert unknown.status_code == 400 and unknown.json() == {
        "message": "fileIds: nope was not found."
    }
    assert nameless.status_code == 400 and nameless.json() == {"message": "name is required."}


def test_file_fields_are_read_from_the_stored_pdf(formify_emulator: Emulator) -> None:
    with api_client(formify_emulator) as api:
        fields = api.get(f"files/{upload(api)}/fields").json()
    by_name = {f["name"]: f for f in fields}
    assert {f["type"] for f in fields} == {
        "checkbox",
        "combobox",
        "listbox",
        "radioButton",
        "textField",
    }
    assert by_name["reference"]["readOnly"] is True and by_name["reference"]["editable"] is False
    assert by_name["country"]["options"][0] == {"label": "Sweden", "value": "se"}


def test_delete_file_then_404_in_the_query_language(formify_emulator: Emulator) -> None:
    with api_client(formify_emulator) as api:
        file_id = upload(api)
        assert api.delete(f"files/{file_id}").status_code == 204
        again = api.delete(f"files/{file_id}", params={"errorLanguage": "sv"})
        fields = api.get(f"files/{file_id}/fields")
    assert again.status_code == 404
    assert again.json() == {"message": f"Fil {file_id} hittades inte."}
    assert fields.status_code == 404
