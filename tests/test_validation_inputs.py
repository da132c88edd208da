"""Typed inputs at run time: unknown keys named with the nearest known one, ids that are path
steps, tokens with whitespace, values JSON cannot carry; all refused before any request, sync
and async alike. CamelCase keys stay accepted (compatibility)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from _api_server import Reply, running

from formify import AsyncFormify, Formify
from formify.errors import ValidationError
from formify.testing import Emulator


@pytest.fixture
def api() -> Iterator[Any]:
    yield from running()


@pytest.fixture(params=["sync", "async"])
def call(request: pytest.FixtureRequest, api: Any) -> Callable[..., Any]:
    """Run `fn(client)` with a sync or an async client pointed at the scripted server."""

    def run(fn: Callable[[Any], Any], token: str = "tok") -> Any:
        if request.param == "sync":
            with Formify(token, base_url=api.url, max_retries=0) as client:
                return fn(client)

        async def main() -> Any:
            async with AsyncFormify(token, base_url=api.url, max_retries=0) as client:
                return await fn(client)

        return asyncio.run(main())

    return run


S = {"full_name": "Ada", "email_address": "ada@example.com", "signature_placement": "new_page"}


def refused(call: Callable[..., Any], api: Any, fn: Callable[[Any], Any]) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        call(fn)
    assert api.seen == []
    return info.value


@pytest.mark.parametrize(
    ("fn", "message"),
    [
        (
            lambda c: c.documents.create(
                file_id="f", signees=[{**S, "emial_address": "a@example.com"}]
            ),
            "signees[0].emial_address: unknown key; did you mean email_address?",
        ),
        (
            lambda c: c.documents.create(file_id="f", signees=[S, {**S, "signingOrdr": 1}]),
            "signees[1].signingOrdr: unknown key; did you mean signing_order?",
        ),
        (
            lambda c: c.documents.create(
                file_id="f",
                signees=[
                    {**S, "signature_placement": "existing", "signature_box": {"pgae": 0, "x": 1}}
                ],
            ),
            "signees[0].signature_box.pgae: unknown key; did you mean page?",
        ),
        (
            lambda c: c.documents.update_signees("d1", [{"signee_id": "s", "emailAdress": "x"}]),
            "updates[0].emailAdress: unknown key; did you mean email_address?",
        ),
        (
            lambda c: c.documents.create(file_id="f", signees=[S], ai_assistant={"enable": True}),
            "ai_assistant.enable: unknown key; did you mean enabled?",
        ),
        (
            lambda c: c.documents.create(file_id="f", signees=[{**S, "zzz": 1}]),
            "signees[0].zzz: unknown key; known keys: email_address, full_name, id_scan_box",
        ),
    ],
    ids=["signee", "camel-signee", "box", "update", "ai-assistant", "no-near-key"],
)
def test_unknown_key_is_refused_naming_the_nearest_known_key(call, api, fn, message):
    assert str(refused(call, api, fn)).startswith(message)


def test_camel_case_keys_are_still_accepted_and_sent_as_the_api_spells_them(call, api):
    api.queue(Reply(201, json={"documentId": "d1", "status": "created"}))
    camel = {
        "fullName": "Ada",
        "emailAddress": "ada@example.com",
        "signaturePlacement": "existing",
        "signatureBox": {"page": 0, "x": 1, "y": 2},
    }
    call(lambda c: c.documents.create(file_id="f", signees=[camel]))
    (sent,) = api.seen[0].json()["signeeDetails"]
    assert sent == {**camel, "signatureBox": {"page": 0, "x": 1, "y": 2}}


def test_members_given_as_none_are_left_out(call, api):
    api.queue(Reply(201, json={"documentId": "d1", "status": "created"}))
    call(
        lambda c: c.documents.create(
            file_id="f", signees=[{**S, "signature_type": None, "signature_box": None}]
        )
    )
    (sent,) = api.seen[0].json()["signeeDetails"]
    assert sent == {
        "fullName": "Ada",
        "emailAddress": "ada@example.com",
        "signaturePlacement": "new_page",
    }


@pytest.mark.parametrize(
    ("fn", "field", "words"),
    [
        (lambda c: c.documents.get("."), "document_id", "path step '.'"),
        (lambda c: c.documents.get(".."), "document_id", "path step '..'"),
        (lambda c: c.webhooks.get("."), "webhook_id", "path step"),
        (lambda c: c.webhooks.delete(".."), "webhook_id", "path step"),
        (lambda c: c.files.delete("."), "file_id", "path step"),
        (lambda c: c.templates.get(".."), "template_id", "path step"),
        (lambda c: c.documents.remind("d1", [".."]), "signee_ids[0]", "path step"),
        (lambda c: c.documents.get("a" * 100_000), "document_id", "at most 256 characters"),
        (lambda c: c.documents.get("d1\n"), "document_id", "control characters"),
        (lambda c: c.documents.get("\ud800"), "document_id", "surrogates"),
        (
            lambda c: c.documents.create(
                file_id="f", signees=[{**S, "signature_type": None}], ai_assistant=True
            ),
            "ai_assistant",
            "must be a dict",
        ),
        (
            lambda c: c.documents.create(file_id="f", signees=[S], ai_assistant="yes"),
            "ai_assistant",
            "must be a dict",
        ),
        (
            lambda c: c.documents.create(file_id="f", signees=[S], ai_assistant={"enabled": "yes"}),
            "ai_assistant.enabled",
            "True or False",
        ),
        (
            lambda c: c.documents.create(
                file_id="f", signees=[S], ai_assistant={"language": "english please"}
            ),
            "ai_assistant.language",
            "language code",
        ),
        (
            lambda c: c.documents.create(
                file_id="f",
                signees=[
                    {
                        **S,
                        "signature_placement": "existing",
                        "signature_box": {"page": 0, "x": float("inf"), "y": 1},
                    }
                ],
            ),
            "signees[0].signature_box.x",
            "number >= 0",
        ),
        (
            lambda c: c.documents.create(
                file_id="f",
                signees=[
                    {
                        **S,
                        "signature_placement": "existing",
                        "signature_box": {"page": 0, "x": 1, "y": float("nan")},
                    }
                ],
            ),
            "signees[0].signature_box.y",
            "number >= 0",
        ),
        (
            lambda c: c.documents.create(file_id="f", signees=[{**S, "signature_type": 7}]),
            "signees[0].signature_type",
            "one of",
        ),
        (
            lambda c: c.documents.create(file_id="f", signees=[{**S, 1: "x"}]),
            "signees[0]",
            "keys must be strings",
        ),
        (
            lambda c: c.documents.create(file_id="f", signees=[{**S, "full_name": "A\ud800"}]),
            "request",
            "cannot be sent as given",
        ),
    ],
)
def test_bad_value_is_refused_before_any_request(call, api, fn, field, words):
    error = refused(call, api, fn)
    assert error.field == field and words in error.rule, str(error)


@pytest.mark.parametrize("token", ["tok\n", " tok", "to k", "tok\t", "tok\x00", "tök"])
def test_a_token_with_whitespace_or_control_characters_is_refused_before_any_request(
    call, api, token
):
    with pytest.raises(ValidationError) as info:
        call(lambda c: c.user.get(), token=token)
    assert info.value.field == "access_token"
    assert api.seen == []


def test_a_token_from_the_environment_with_a_newline_is_refused(monkeypatch):
    monkeypatch.setenv("FORMIFY_ACCESS_TOKEN", "tok_abc\n")
    with pytest.raises(ValidationError, match="trailing newline"):
        Formify()


def test_dot_ids_never_reach_another_endpoint_of_the_emulator():
    with Emulator() as emu:
        client = emu.client()
        hook = client.webhooks.register("https://x.example/h", ["document.completed"])
        before = len(emu.requests)
        for fn in (client.documents.get, client.webhooks.get, client.documents.history):
            for bad in (".", ".."):
                with pytest.raises(ValidationError) as info:
                    fn(bad)
                assert hook.signing_secret not in str(info.value)
        assert len(emu.requests) == before


def test_file_token_store_expands_tilde(tmp_path, monkeypatch):
    from formify import FileTokenStore, Token

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    store = FileTokenStore("~/.config/myapp/formify-token.json")
    (tmp_path / ".config" / "myapp").mkdir(parents=True)
    store.save(Token(access_token="at-1"))
    assert (tmp_path / ".config" / "myapp" / "formify-token.json").is_file()
    assert not (tmp_path / "~").exists()
    assert store.load() == Token(access_token="at-1")
