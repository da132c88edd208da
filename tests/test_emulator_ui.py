"""The emulator's web pages over plain HTTP: what each shows, and the signing rules they keep.

The click-through in a real browser is tests/test_emulator_browser.py; these check the rules
(order, revoked, completed, bad links) and the pages' content without one.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from _emulator_helpers import api_client, new_document, ordered_document, pdf_text, signee

from formify.testing import Emulator
from formify.testing._pdf import read_values


@pytest.fixture
def web(formify_emulator: Emulator) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=formify_emulator.url, trust_env=False, timeout=30) as client:
        yield client


def _link(emu: Emulator, signee_id: str) -> str:
    return next(m.signing_path for m in emu.outbox() if m.signee_id == signee_id)


def _types(emu: Emulator, doc_id: str) -> list[str]:
    return [h["type"] for h in emu.app.ctx.store.documents[doc_id].history]


def test_document_url_points_at_the_document_page(
    formify_emulator: Emulator, web: httpx.Client
) -> None:
    emu = formify_emulator
    with api_client(emu) as api:
        doc_id, _ = new_document(api, name="Page test")
        url = api.get(f"docs/{doc_id}").json()["documentUrl"]
    assert url == f"{emu.url}/documents/{doc_id}"
    page = httpx.get(url, trust_env=False)
    assert page.status_code == 200
    assert "Page test" in page.text and "awaiting_signatures" in page.text
    assert "Signee 0" in page.text and "document.created" in page.text
    dashboard = web.get("/")
    assert f"/documents/{doc_id}" in dashboard.text and "Page test" in dashboard.text
    # the consent-page forward of /#/oauth?... is still on /
    assert "location.replace('/authorize?'" in dashboard.text


def test_the_signing_page_opens_renders_and_signs(
    formify_emulator: Emulator, web: httpx.Client
) -> None:
    emu = formify_emulator
    with api_client(emu) as api:
        doc_id, (only,) = new_document(api, signeeDetails=[signee(0)])
    link = _link(emu, only)
    opened = web.get(link)
    assert opened.status_code == 200
    assert "document.opened" in _types(emu, doc_id)  # opening the page is document.opened
    assert "id='page-1'" in opened.text and "name='field:fullName'" in opened.text
    assert "name='field:reference'" in opened.text and "disabled" in opened.text  # read-only
    png = web.get(f"{link}/pages/1.png")
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
    assert web.get(f"{link}/pages/9.png").status_code == 404
    refused = web.post(link, data={"typed_name": "  "})
    assert refused.status_code == 409 and "Type your name" in refused.text
    signed = web.post(
        link,
        data={"typed_name": "Signee 0", "field:fullName": "From the form"},
        follow_redirects=True,
    )
    assert signed.status_code == 200 and "completed" in signed.text
    doc = emu.app.ctx.store.documents[doc_id]
    assert doc.status == "completed"
    assert doc.signed_pdf is not None
    assert read_values(doc.signed_pdf)["fullName"] == ["From the form"]
    assert web.get(f"/documents/{doc_id}/signed.pdf").content == doc.signed_pdf
    again = web.get(link)
    assert "This document is completed" in again.text and "id='sign'" not in again.text


def test_the_typed_name_is_the_signature_on_the_signed_pdf(
    formify_emulator: Emulator, web: httpx.Client
) -> None:
    # one signee signs in a box on page 1, the other on a page of their own; each types a name
    # that is not the API's signee name, and the signed PDF shows what they typed
    emu = formify_emulator
    box = {"x": 72, "y": 500, "page": 0}
    with api_client(emu) as api:
        doc_id, (boxed, paged) = new_document(
            api,
            signeeDetails=[signee(0, signaturePlacement="existing", signatureBox=box), signee(1)],
        )
    for signee_id, typed in ((boxed, "Ada Inkwell"), (paged, "Bo Quill")):
        fields = {"field:fullName": "Filled on the page"} if signee_id == boxed else {}
        web.post(_link(emu, signee_id), data={"typed_name": f" {typed} ", **fields})
    doc = emu.app.ctx.store.documents[doc_id]
    assert doc.status == "completed" and doc.signed_pdf is not None
    pages = pdf_text(doc.signed_pdf)
    assert "Signed: Ada Inkwell" in pages[0]
    added = pages[-1]
    assert "Signature: Bo Quill" in added and "Signed by: Signee 1" in added
    assert [s.ink for s in doc.signees] == ["Ada Inkwell", "Bo Quill"]
    assert read_values(doc.signed_pdf)["fullName"] == ["Filled on the page"]
    page = web.get(f"/documents/{doc_id}").text
    assert "as \u201cAda Inkwell\u201d" in page and "as \u201cBo Quill\u201d" in page


def test_a_signee_whose_turn_has_not_come_is_told_and_refused(
    formify_emulator: Emulator, web: httpx.Client
) -> None:
    emu = formify_emulator
    with api_client(emu) as api:
        doc_id, (first, _second) = ordered_document(api, 1, 2)
    token = emu.app.ctx.store.documents[doc_id].signees[1].signing_token
    early = web.get(f"/sign/{token}")
    assert "It is not your turn yet" in early.text
    assert "document.opened" not in _types(emu, doc_id)
    post = web.post(f"/sign/{token}", data={"typed_name": "Signee 1"})
    assert post.status_code == 409
    assert emu.app.ctx.store.documents[doc_id].signees[1].signed_at is None
    emu.sign(doc_id, first)
    assert "id='sign'" in web.get(f"/sign/{token}").text


def test_a_revoked_document_says_why_it_cannot_be_signed(
    formify_emulator: Emulator, web: httpx.Client
) -> None:
    emu = formify_emulator
    with api_client(emu) as api:
        doc_id, (only,) = new_document(api, signeeDetails=[signee(0)])
        assert api.put(f"docs/{doc_id}/revoke", json={}).status_code == 200
    link = _link(emu, only)
    page = web.get(link)
    assert "was revoked" in page.text and "id='sign'" not in page.text
    assert web.post(link, data={"typed_name": "Signee 0"}).status_code == 409
    assert emu.app.ctx.store.documents[doc_id].status == "revoked"


class _NoScan(dict):  # type: ignore[type-arg]
    """The store's documents, refusing to be walked: a lookup by key only."""

    def values(self):  # type: ignore[no-untyped-def]
        raise AssertionError("the store's documents were scanned")

    items = __iter__ = values


def test_a_signing_link_is_found_without_scanning_the_documents(
    formify_emulator: Emulator, web: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    # with 100,000 stored documents the signing page and its page images cost one lookup
    emu = formify_emulator
    store = emu.app.ctx.store
    with api_client(emu) as api:
        doc_id, (only,) = new_document(api, signeeDetails=[signee(0)])
        new_document(api)
        link = _link(emu, only)
        monkeypatch.setattr(store, "documents", _NoScan(store.documents))
        assert "id='sign'" in web.get(link).text
        assert web.get(f"{link}/pages/1.png").status_code == 200
        web.post(link, data={"typed_name": "Signee 0"})
        assert store.documents[doc_id].status == "completed"
        monkeypatch.undo()
        assert api.delete(f"docs/{doc_id}").status_code == 204
    assert web.get(link).status_code == 404  # a deleted document's links go with it
    emu.reset()
    with api_client(emu) as api:
        _, (again,) = new_document(api, signeeDetails=[signee(0)])
    assert web.get(_link(emu, again)).status_code == 200 and web.get(link).status_code == 404


def test_unknown_links_and_documents_are_404(web: httpx.Client) -> None:
    for answer in (web.get("/sign/sgn_nope"), web.post("/sign/sgn_nope", data={"typed_name": "x"})):
        assert answer.status_code == 404
        assert "No such signing link" in answer.text and "The link is not valid." in answer.text
    assert web.get("/sign/sgn_nope/pages/1.png").status_code == 404
    assert web.get("/documents/nope").status_code == 404
    assert web.get("/documents/nope/signed.pdf").status_code == 404


def test_the_outbox_page_lists_every_message_with_its_link(
    formify_emulator: Emulator, web: httpx.Client
) -> None:
    emu = formify_emulator
    with api_client(emu) as api:
        new_document(api)
    page = web.get("/outbox").text
    assert page.count("class='message'") == 2
    for message in emu.outbox():
        assert f"href='{message.signing_path}'" in page and message.to in page
