"""The emulator served for real: start/stop, auth, the demo path over raw httpx, client()."""

from __future__ import annotations

import io
import threading
import time

import httpx
import pytest
from _webhook_receiver import WebhookReceiver
from pypdf import PdfReader

from formify.testing import Emulator, sample_pdf
from formify.webhooks import verify_signature


def _auth(emu: Emulator) -> dict[str, str]:
    return {"Authorization": f"Bearer {emu.access_token}"}


def _upload(http: httpx.Client, emu: Emulator, pdf: bytes | None = None) -> str:
    r = http.post(
        f"{emu.base_url}/files",
        headers=_auth(emu),
        files={"file": ("a.pdf", pdf or sample_pdf(), "application/pdf")},
    )
    assert r.status_code == 201, r.text
    return str(r.json()["fileId"])


def _create(http: httpx.Client, emu: Emulator, file_id: str, n: int = 2) -> dict:
    signees = [
        {
            "fullName": f"Signee {i}",
            "emailAddress": f"s{i}@example.com",
            "signaturePlacement": "new_page",
        }
        for i in range(n)
    ]
    r = http.post(
        f"{emu.base_url}/docs",
        headers=_auth(emu),
        json={"fileId": file_id, "name": "Agreement", "signeeDetails": signees},
    )
    assert r.status_code == 201, r.text
    return dict(r.json())


def test_start_stop_leaves_no_thread_and_frees_the_port() -> None:
    before = set(threading.enumerate())
    with Emulator() as emu:
        assert emu.base_url.startswith("http://127.0.0.1:") and emu.base_url.endswith("/v1")
        assert emu.storage_url != emu.url
        r = httpx.get(f"{emu.base_url}/user", headers=_auth(emu))
        assert r.status_code == 200
        port = emu.port
    assert set(threading.enumerate()) <= before
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://127.0.0.1:{port}/v1/user")


def test_an_emulator_never_started_holds_no_socket() -> None:
    emu = Emulator()
    with pytest.raises(RuntimeError, match="not started"):
        _ = emu.base_url
    emu.stop()  # harmless


def test_a_taken_port_is_reported_and_nothing_is_left_open() -> None:
    with Emulator() as first:
        with pytest.raises(OSError):
            Emulator(port=first.port).start()
        assert httpx.get(f"{first.base_url}/user", headers=_auth(first)).status_code == 200


def test_given_access_token_is_accepted_and_others_get_401() -> None:
    with Emulator(access_token="tok-123") as emu, httpx.Client() as http:
        assert emu.access_token == "tok-123"
        ok = http.get(f"{emu.base_url}/user", headers={"Authorization": "Bearer tok-123"})
        assert ok.status_code == 200
        bad = http.get(f"{emu.base_url}/user", headers={"Authorization": "Bearer nope"})
        assert bad.status_code == 401
        assert bad.json() == {"message": "Missing or invalid access token."}
        none = http.get(f"{emu.base_url}/user?errorLanguage=sv")
        assert none.status_code == 401
        assert none.json()["message"] == "Åtkomsttoken saknas eller är ogiltig."
        for r in (ok, bad, none):
            assert {"x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"} <= set(
                r.headers
            )


def test_demo_path_over_raw_http(formify_emulator: Emulator) -> None:
    emu = formify_emulator
    with httpx.Client() as http, WebhookReceiver() as hook_server:
        r = http.post(
            f"{emu.base_url}/webhooks",
            headers=_auth(emu),
            json={
                "webhookUrl": hook_server.url,
                "eventTypes": ["document.signed", "document.completed"],
            },
        )
        assert r.status_code == 201
        secret = r.json()["signingSecret"]
        assert secret.startswith("whsec_")
        file_id = _upload(http, emu)
        created = _create(http, emu, file_id)
        assert created["status"] == "created"
        doc_id = created["documentId"]
        doc = http.get(f"{emu.base_url}/docs/{doc_id}", headers=_auth(emu)).json()
        assert doc["status"] == "awaiting_signatures"
        assert [s["signatureStatus"] for s in doc["signeeDetails"]] == ["awaiting_signature"] * 2
        listed = http.get(f"{emu.base_url}/docs", headers=_auth(emu)).json()
        assert [d["documentId"] for d in listed["documents"]] == [doc_id]
        assert listed["nextOffset"] is None

        early = http.get(f"{emu.base_url}/docs/{doc_id}/signed-file", headers=_auth(emu))
        assert early.status_code == 403
        signed = emu.sign(doc_id)
        assert len(signed) == 2
        assert emu.wait_for_deliveries(3, timeout=5)
        doc = http.get(f"{emu.base_url}/docs/{doc_id}", headers=_auth(emu)).json()
        assert doc["status"] == "completed" and doc["completedAt"]

        r = http.get(f"{emu.base_url}/docs/{doc_id}/signed-file", headers=_auth(emu))
        assert r.status_code == 302 and r.content == b""
        location = r.headers["location"]
        assert location.startswith(emu.storage_url)
        pdf = http.get(location)
        assert pdf.status_code == 200
        assert pdf.headers["content-type"] == "application/pdf"
        reader = PdfReader(io.BytesIO(pdf.content))
        assert len(reader.pages) == 1 + 2  # the sample page and one page per new_page signee
        assert "Signee 1" in reader.pages[2].extract_text()

    types = sorted(event["type"] for event in hook_server.events())
    assert types == ["document.completed", "document.signed", "document.signed"]
    for received in hook_server.requests:
        verify_signature(
            received.body,
            timestamp=received.headers["x-formify-timestamp"],
            signature=received.headers["x-formify-signature"],
            secret=secret,
        )


def test_client_is_authorised_against_the_emulator(formify_emulator: Emulator) -> None:
    with formify_emulator.client() as client:
        file_id = client.files.upload(sample_pdf(), filename="x.pdf")
        assert file_id in formify_emulator.app.ctx.store.files
        assert client.user.get().account_id == formify_emulator.app.ctx.store.account_id


def test_fixture_resets_the_session_emulator(
    _formify_emulator_session: Emulator, request: pytest.FixtureRequest
) -> None:
    emu = _formify_emulator_session
    with httpx.Client() as http:
        _upload(http, emu)
    emu.advance(100)
    assert emu.app.ctx.store.files and emu.requests
    same = request.getfixturevalue("formify_emulator")
    assert same is emu
    assert emu.app.ctx.store.files == {}
    assert emu.requests == []
    assert abs(emu.clock.now() - time.time()) < 5


@pytest.mark.anyio
async def test_async_client_is_authorised_against_the_emulator(
    formify_emulator: Emulator,
) -> None:
    async with formify_emulator.async_client() as client:
        file_id = await client.files.upload(sample_pdf(), filename="x.pdf")
    assert file_id in formify_emulator.app.ctx.store.files


def test_processing_delay_option_is_in_emulated_seconds() -> None:
    with Emulator(processing_delay=600) as emu, httpx.Client() as http:
        emu.freeze_clock()  # real seconds spent on a loaded machine must not count
        file_id = _upload(http, emu)
        r = http.post(
            f"{emu.base_url}/docs",
            headers=_auth(emu),
            json={
                "fileId": file_id,
                "signeeDetails": [
                    {
                        "fullName": "A",
                        "emailAddress": "a@example.com",
                        "signaturePlacement": "new_page",
                    }
                ],
                "aiAssistant": {"enabled": True},
            },
        )
        doc_url = f"{emu.base_url}/docs/{r.json()['documentId']}"
        emu.advance(599)
        assert http.get(doc_url, headers=_auth(emu)).json()["status"] == "processing"
        emu.advance(1)
        assert http.get(doc_url, headers=_auth(emu)).json()["status"] == "awaiting_signatures"
