"""Recorded flows over documents and files: the life of a signature request, end to end."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from _flow_helpers import ALICE, BOB, sample_pdf, sign

from formify import APIError, Formify, NotFoundError, PermissionDeniedError

pytestmark = pytest.mark.vcr


def test_upload_create_get_history_revoke_delete(client: Formify) -> None:
    file_id = client.files.upload(sample_pdf(), filename="contract.pdf")
    assert isinstance(file_id, str) and file_id

    created = client.documents.create(
        file_id=file_id,
        name="Contract 2026-01",
        signees=[{**ALICE, "signature_type": "digital_ink", "signature_placement": "new_page"}],
    )
    assert created.name == "Contract 2026-01"
    assert str(created.status) == "created"

    doc = client.documents.get(created.document_id)
    assert doc.document_id == created.document_id
    assert str(doc.status) == "awaiting_signatures"
    assert doc.file_id == file_id
    [alice] = doc.signee_details
    assert (alice.full_name, alice.email_address) == (ALICE["full_name"], ALICE["email_address"])
    assert str(alice.signature_status) == "awaiting_signature"
    assert str(alice.signature_placement) == "new_page"

    history = client.documents.history(created.document_id)
    assert "document.created" in [entry.type_ for entry in history]

    # a document still awaiting signatures cannot be deleted: 403, and it is still there
    with pytest.raises(PermissionDeniedError) as denied:
        client.documents.delete(created.document_id)
    assert denied.value.status_code == 403
    assert denied.value.message

    revoked = client.documents.revoke(created.document_id)
    assert revoked.document_id == created.document_id
    assert str(client.documents.get(created.document_id).status) == "revoked"

    client.documents.delete(created.document_id)
    with pytest.raises(NotFoundError):
        client.documents.get(created.document_id)


def test_phone_signee_existing_placement_fields_and_values(client: Formify) -> None:
    file_id = client.files.upload(sample_pdf(pages=2), filename="form.pdf")
    file_fields = client.files.fields(file_id)
    names = {field.name for field in file_fields}
    assert names, "the sample PDF has form fields"

    created = client.documents.create(
        file_id=file_id,
        name="Form with fields",
        signees=[
            {
                **BOB,
                "signature_type": "digital_ink",
                "signature_placement": "existing",
                "signature_box": {"x": 50, "y": 80, "page": 1, "scale": 1.0},  # 0-based
            }
        ],
    )
    doc = client.documents.get(created.document_id)
    [bob] = doc.signee_details
    assert bob.phone_number == BOB["phone_number"]
    assert str(bob.signature_placement) == "existing"

    doc_fields = client.documents.fields(created.document_id)
    assert {field.name for field in doc_fields} == names
    text_field = next(f for f in doc_fields if f.type_ == "textField" and f.editable)
    result = client.documents.set_field_values(created.document_id, {text_field.name: "Bob Berg"})
    assert result.success is True
    read_only = next(f for f in doc_fields if not f.editable)
    with pytest.raises(APIError) as refused:
        client.documents.set_field_values(created.document_id, {read_only.name: "changed"})
    assert refused.value.status_code == 400
    assert read_only.name in refused.value.message

    # values can be read only once the document is completed
    with pytest.raises(PermissionDeniedError):
        client.documents.field_values(created.document_id)
    client.documents.revoke(created.document_id)


@pytest.mark.emulator_only
def test_signed_then_field_values_and_download(
    client: Formify, control: httpx.Client, tmp_path: Path
) -> None:
    file_id = client.files.upload(sample_pdf(), filename="nda.pdf")
    doc_fields = client.files.fields(file_id)
    text_field = next(f for f in doc_fields if f.type_ == "textField" and f.editable)
    created = client.documents.create(
        file_id=file_id,
        signees=[ALICE, {**BOB, "email_address": "bob@example.com"}],
        fields={text_field.name: "Prefilled"},
    )
    sign(control, created.document_id)

    doc = client.documents.get(created.document_id)
    assert str(doc.status) == "completed"
    assert all(str(s.signature_status) == "signed" for s in doc.signee_details)
    assert client.documents.field_values(created.document_id)[text_field.name] == ["Prefilled"]
    types = [entry.type_ for entry in client.documents.history(created.document_id)]
    assert types.count("document.signed") == 2
    assert "document.completed" in types

    url = client.documents.signed_file_url(created.document_id)
    assert httpx.URL(url).params.get("X-Signature")  # pre-signed (scrubbed in the cassette)

    dest = tmp_path / "signed.pdf"
    progress: list[int] = []
    written = client.documents.download_signed_file(
        created.document_id, dest, progress=lambda done, total: progress.append(done)
    )
    data = dest.read_bytes()
    assert written == len(data) > 1000
    assert data.startswith(b"%PDF-")
    assert progress and progress[-1] == written

    client.documents.delete(created.document_id)
    with pytest.raises(NotFoundError):
        client.documents.get(created.document_id)


def test_list_walks_every_page(client: Formify) -> None:
    file_id = client.files.upload(sample_pdf(), filename="many.pdf")
    created = [
        client.documents.create(file_id=file_id, name=f"Batch {n}", signees=[ALICE]).document_id
        for n in range(5)
    ]

    pages = list(client.documents.list(page_size=2).pages())
    assert [page.offset for page in pages] == list(range(0, 2 * len(pages), 2))
    assert all(page.limit == 2 and len(page.documents) <= 2 for page in pages)
    assert pages[-1].next_offset is None
    seen = [d.document_id for page in pages for d in page.documents]
    assert len(seen) == len(set(seen))  # no document twice
    assert set(created) <= set(seen)

    # the item iterator yields exactly what the pages hold; max_items stops it early
    assert [d.document_id for d in client.documents.list(page_size=2)] == seen
    assert len(list(client.documents.list(page_size=2, max_items=3))) == 3


def test_update_signee_then_remind(client: Formify) -> None:
    file_id = client.files.upload(sample_pdf(), filename="update.pdf")
    created = client.documents.create(file_id=file_id, signees=[ALICE, BOB])
    alice, bob = client.documents.get(created.document_id).signee_details

    updated = client.documents.update_signees(
        created.document_id,
        [{"signee_id": alice.signee_id, "email_address": "alice.new@example.com"}],
    )
    assert updated.signee_id and updated.signee_id != alice.signee_id  # a new signee id
    emails = {s.email_address for s in client.documents.get(created.document_id).signee_details}
    assert "alice.new@example.com" in emails and ALICE["email_address"] not in emails

    result = client.documents.remind(created.document_id, [bob.signee_id])
    assert [r.signee_id for r in result.reminders_sent_to] == [bob.signee_id]

    client.documents.revoke(created.document_id)
    # reminders need a document awaiting signatures
    with pytest.raises(PermissionDeniedError):
        client.documents.remind(created.document_id, [bob.signee_id])


def test_upload_from_path_and_file_then_merge_and_delete(client: Formify, tmp_path: Path) -> None:
    path = tmp_path / "from-disk.pdf"
    path.write_bytes(sample_pdf(pages=2))
    from_path = client.files.upload(path)  # the file name comes from the path
    with path.open("rb") as handle:
        from_file = client.files.upload(handle, filename="from-handle.pdf")
    from_bytes = client.files.upload(sample_pdf(), filename="from-bytes.pdf")
    assert len({from_path, from_file, from_bytes}) == 3

    merged = client.files.merge([from_path, from_file, from_bytes], name="merged.pdf")
    assert merged not in (from_path, from_file, from_bytes)
    # the merged file holds the fields of all three, renamed where they clash
    assert len(client.files.fields(merged)) == 3 * len(client.files.fields(from_bytes))
    client.files.delete(merged)
    with pytest.raises(NotFoundError):
        client.files.fields(merged)
