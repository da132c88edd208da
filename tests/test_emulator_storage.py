"""Signed-file downloads: 302 to a pre-signed URL on a second origin with storage's refusals."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
from _emulator_helpers import api_client, new_document

from formify.testing import Emulator


def _signed_url(emu: Emulator) -> str:
    with api_client(emu) as api:
        doc_id, _ = new_document(api)
        emu.sign(doc_id)
        r = api.get(f"docs/{doc_id}/signed-file")
    assert r.status_code == 302 and r.content == b""
    return r.headers["location"]


def test_signed_file_redirects_to_another_origin_that_serves_the_pdf(
    formify_emulator: Emulator,
) -> None:
    emu = formify_emulator
    url = _signed_url(emu)
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == emu.storage_url != emu.url
    assert set(parse_qs(parts.query)) == {"X-Expires", "X-Signature"}
    r = httpx.get(url)
    assert r.status_code == 200 and r.content.startswith(b"%PDF-")
    assert int(r.headers["content-length"]) == len(r.content)
    assert emu.storage_requests == [("GET", parts.path, 200, False)]


def test_storage_refuses_any_authorization_header(formify_emulator: Emulator) -> None:
    url = _signed_url(formify_emulator)
    r = httpx.get(url, headers={"Authorization": f"Bearer {formify_emulator.access_token}"})
    assert r.status_code == 400
    assert r.headers["content-type"].startswith("application/xml")
    assert b"<Code>InvalidArgument</Code>" in r.content
    assert formify_emulator.access_token.encode() not in r.content
    assert formify_emulator.storage_requests[-1][2:] == (400, True)


def test_storage_url_expires_after_ten_emulated_minutes(formify_emulator: Emulator) -> None:
    emu = formify_emulator
    emu.freeze_clock()  # real seconds spent on a loaded machine must not count
    url = _signed_url(emu)
    emu.advance(599)
    assert httpx.get(url).status_code == 200
    emu.advance(2)
    r = httpx.get(url)
    assert r.status_code == 403 and b"Request has expired" in r.content


def test_storage_refuses_an_altered_signature_or_expiry(formify_emulator: Emulator) -> None:
    url = _signed_url(formify_emulator)
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    later = {**query, "X-Expires": str(int(query["X-Expires"]) + 3600)}
    flipped = {**query, "X-Signature": query["X-Signature"][::-1]}
    for changed in (later, flipped):
        r = httpx.get(parts._replace(query=urlencode(changed)).geturl())
        assert r.status_code == 403 and b"SignatureDoesNotMatch" in r.content
    other_key = parts._replace(path=parts.path + "x").geturl()
    assert httpx.get(other_key).status_code == 403


def test_signed_file_before_completion_is_403_and_unknown_404(
    formify_emulator: Emulator,
) -> None:
    with api_client(formify_emulator) as api:
        doc_id, _ = new_document(api)
        early = api.get(f"docs/{doc_id}/signed-file", params={"errorLanguage": "es"})
        unknown = api.get("docs/nope/signed-file")
    assert early.status_code == 403
    assert early.json() == {
        "message": "El archivo firmado solo está disponible cuando el documento está completado."
    }
    assert unknown.status_code == 404
