"""Refused control actions raise the public EmulatorError; faults name real routes; drop_after.

A fault that drops the answer *after* the handler ran is the case a client cannot tell from a
drop before: the server did the work (a document exists, its webhook fires), the client heard
nothing.
"""

from __future__ import annotations

import socket

import httpx
import pytest
from _emulator_helpers import api_client, ordered_document, signee, upload

from formify.errors import FormifyError
from formify.testing import Emulator, EmulatorError


def test_emulator_error_is_a_public_formify_error() -> None:
    import formify.testing

    assert "EmulatorError" in formify.testing.__all__
    assert issubclass(EmulatorError, FormifyError)


def test_signing_an_unknown_document_raises_emulator_error(formify_emulator: Emulator) -> None:
    with pytest.raises(EmulatorError, match="nope was not found") as caught:
        formify_emulator.sign("nope")
    assert caught.value.status == 404


def test_signing_out_of_turn_raises_emulator_error_and_the_route_says_the_same(
    formify_emulator: Emulator,
) -> None:
    emu = formify_emulator
    with api_client(emu) as api:
        doc_id, (first, second) = ordered_document(api, 1, 2)
    with pytest.raises(EmulatorError) as caught:
        emu.sign(doc_id, second)
    assert caught.value.status == 409
    over_http = httpx.post(
        f"{emu.url}/_emulator/documents/{doc_id}/sign", json={"signeeId": second}
    )
    assert over_http.status_code == 409
    assert over_http.json() == {"message": caught.value.message}
    assert emu.sign(doc_id, first) == [first]


@pytest.mark.parametrize(
    "target", ["/nope", "/v1/nope", "POST /user", "FETCH /user", "noSuchOperation", "", "   "]
)
def test_a_fault_target_that_matches_no_route_is_refused(
    formify_emulator: Emulator, target: str
) -> None:
    with pytest.raises(EmulatorError) as caught:
        formify_emulator.inject_fault(target)
    assert caught.value.status == 400
    over_http = httpx.post(f"{formify_emulator.url}/_emulator/faults", json={"target": target})
    assert over_http.status_code == 400
    assert "target" in over_http.json()["message"]
    assert formify_emulator.app.ctx.faults.pending() == []


@pytest.mark.parametrize(
    "target", ["/user", "/v1/user", "GET /user", "get /docs", "/docs/abc", "createDocument"]
)
def test_fault_targets_that_name_a_route_are_taken(formify_emulator: Emulator, target: str) -> None:
    formify_emulator.inject_fault(target)
    assert [f.target for f in formify_emulator.app.ctx.faults.pending()] == [target]


def test_drop_after_runs_the_handler_then_closes_without_an_answer(
    formify_emulator: Emulator,
) -> None:
    emu = formify_emulator
    with api_client(emu) as api:
        file_id = upload(api)
        emu.inject_fault("POST /docs", kind="drop_after")
        with pytest.raises(httpx.RemoteProtocolError):
            api.post("docs", json={"fileId": file_id, "signeeDetails": [signee(0)]})
        listed = api.get("docs").json()["documents"]
    # the work was done: the document exists, the answer that would have said so was logged
    assert len(listed) == 1
    assert emu.requests[-2] == ("POST", "/v1/docs", 201)


def test_drop_before_does_not_run_the_handler(formify_emulator: Emulator) -> None:
    emu = formify_emulator
    with api_client(emu) as api:
        file_id = upload(api)
        emu.inject_fault("POST /docs", kind="drop")
        with pytest.raises(httpx.RemoteProtocolError):
            api.post("docs", json={"fileId": file_id, "signeeDetails": [signee(0)]})
        assert api.get("docs").json()["documents"] == []


def test_drop_after_on_a_raw_socket_sees_eof_without_a_status_line(
    formify_emulator: Emulator,
) -> None:
    emu = formify_emulator
    emu.inject_fault("/user", kind="drop_after")
    with socket.create_connection(("127.0.0.1", emu.port), timeout=5) as sock:
        request = f"GET /v1/user HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {emu.access_token}"
        sock.sendall(request.encode() + b"\r\n\r\n")
        assert sock.recv(100) == b""
    assert emu.requests == [("GET", "/v1/user", 200)]


def test_drop_after_over_http_control(formify_emulator: Emulator) -> None:
    emu = formify_emulator
    r = httpx.post(f"{emu.url}/_emulator/faults", json={"target": "getUser", "kind": "drop_after"})
    assert r.status_code == 201
    with api_client(emu) as api, pytest.raises(httpx.RemoteProtocolError):
        api.get("user")
