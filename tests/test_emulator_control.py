"""The /_emulator/... control routes (for HTTP-only drivers such as cassette recording),
and the ASGI app used in-process."""

from __future__ import annotations

import time

import httpx
import pytest
from _emulator_helpers import api_client, document, new_document, upload

from formify.testing import Emulator, create_app, create_storage_app, sample_pdf
from formify.testing._state.clock import Clock
from formify.testing._state.storage import Storage


def test_sign_and_open_over_http(formify_emulator: Emulator) -> None:
    emu = formify_emulator
    with api_client(emu) as api, httpx.Client(base_url=emu.url) as control:
        doc_id, (first, second) = new_document(api)
        opened = control.post(f"/_emulator/documents/{doc_id}/open", json={"signeeId": second})
        assert opened.status_code == 200 and opened.json() == {"signeeId": second}
        one = control.post(f"/_emulator/documents/{doc_id}/sign", json={"signeeId": first})
        assert one.json() == {"signed": [first]}
        rest = control.post(f"/_emulator/documents/{doc_id}/sign")
        assert rest.json() == {"signed": [second]}
        assert document(api, doc_id)["status"] == "completed"
        again = control.post(f"/_emulator/documents/{doc_id}/sign")
        unknown = control.post("/_emulator/documents/nope/sign")
    assert again.status_code == 409
    assert again.json() == {"message": "The document is completed and cannot be opened or signed."}
    assert unknown.status_code == 404


def test_clock_tokens_faults_logs_and_reset_over_http(formify_emulator: Emulator) -> None:
    emu = formify_emulator
    with api_client(emu) as api, httpx.Client(base_url=emu.url) as control:
        before = emu.clock.now()
        assert control.post("/_emulator/advance", json={"seconds": 120}).status_code == 204
        assert emu.clock.now() - before >= 120
        assert control.post("/_emulator/freeze-clock").status_code == 204
        frozen = emu.clock.now()
        time.sleep(0.05)
        assert emu.clock.now() == frozen
        control.post("/_emulator/advance", json={"seconds": 7})
        assert emu.clock.now() == frozen + 7

        fault = {"target": "getUser", "kind": "status", "status": 502, "count": 1}
        assert control.post("/_emulator/faults", json=fault).status_code == 201
        assert api.get("user").status_code == 502
        control.post("/_emulator/faults", json={**fault, "count": 5})
        assert control.delete("/_emulator/faults").status_code == 204
        assert api.get("user").status_code == 200
        bad = control.post("/_emulator/faults", json={"target": "/user", "kind": "explode"})
        assert bad.status_code == 400

        log = control.get("/_emulator/requests").json()
        assert log == [
            {"method": "GET", "path": "/v1/user", "status": 502},
            {"method": "GET", "path": "/v1/user", "status": 200},
        ]
        assert control.get("/_emulator/deliveries").json() == []

        assert control.post("/_emulator/expire-tokens").status_code == 204
        assert api.get("user").status_code == 401
        upload_after_reset = control.post("/_emulator/reset")
        assert upload_after_reset.status_code == 204
        assert abs(emu.clock.now() - time.time()) < 5  # reset unfreezes: real time again
        assert api.get("user").status_code == 200
        assert control.get("/_emulator/requests").json() == [
            {"method": "GET", "path": "/v1/user", "status": 200}
        ]
        client = {"clientId": "c1", "clientSecret": "s1", "redirectUris": ["https://x/cb"]}
        assert control.post("/_emulator/oauth-clients", json=client).status_code == 201
        assert control.get("/_emulator/nothing").status_code == 404
    assert emu.app.ctx.tokens.client_ok("c1", "s1")


@pytest.mark.anyio
async def test_create_app_works_in_process_with_asgi_transport() -> None:
    clock = Clock()
    storage = Storage(clock, "http://storage.test")
    app = create_app("in-proc", storage=storage, clock=clock)
    transport = httpx.ASGITransport(app=app)
    storage_transport = httpx.ASGITransport(app=create_storage_app(storage))
    headers = {"Authorization": "Bearer in-proc"}
    async with httpx.AsyncClient(
        transport=transport, base_url="http://api.test/v1/", headers=headers
    ) as api:
        r = await api.post("files", files={"file": ("a.pdf", sample_pdf())})
        file_id = r.json()["fileId"]
        signees = [{"fullName": "A", "emailAddress": "a@x.se", "signaturePlacement": "new_page"}]
        created = await api.post("docs", json={"fileId": file_id, "signeeDetails": signees})
        doc_id = created.json()["documentId"]
        app.control.sign(doc_id)
        redirect = await api.get(f"docs/{doc_id}/signed-file")
        assert redirect.status_code == 302
        assert (await api.get("user", headers={"Authorization": "Bearer x"})).status_code == 401
    async with httpx.AsyncClient(transport=storage_transport) as storage_client:
        pdf = await storage_client.get(redirect.headers["location"])
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")


def test_account_users_and_user(formify_emulator: Emulator) -> None:
    store = formify_emulator.app.ctx.store
    with api_client(formify_emulator) as api:
        users = api.get("account/users").json()["users"]
        me = api.get("user").json()
        upload(api)
    assert [u["status"] for u in users] == ["active", "invited"]
    assert me["userId"] == users[0]["userId"] == store.user["userId"]
    assert me["accountId"] == store.account_id
    with api_client(formify_emulator) as api:
        # documents can be owned by another user of the account (userId)
        doc_id, _ = new_document(api, userId=users[1]["userId"])
        assert document(api, doc_id)["userId"] == users[1]["userId"]


def test_unknown_paths_and_methods_answer_json(formify_emulator: Emulator) -> None:
    with api_client(formify_emulator) as api:
        missing = api.get("nothing/here")
        wrong = api.put("docs")
    assert missing.status_code == 404 and missing.json() == {
        "message": "No such path: /v1/nothing/here"
    }
    assert wrong.status_code == 405 and wrong.json() == {"message": "Method not allowed."}
