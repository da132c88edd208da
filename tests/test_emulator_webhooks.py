"""Emulator webhooks: registration rules, secrets and rotation, and the events each action sends."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from _emulator_helpers import api_client, new_document
from _webhook_receiver import WebhookReceiver

from formify.testing import Emulator
from formify.webhooks import WebhookVerificationError, verify_signature

ALL_TYPES = [
    "document.created",
    "document.opened",
    "document.signed",
    "document.completed",
    "document.revoked",
    "document.deleted",
]


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    with WebhookReceiver() as receiver:
        yield receiver


def _register(emu: Emulator, url: str, types: list[str] | None = None) -> dict:
    with api_client(emu) as api:
        r = api.post(
            "webhooks", json={"webhookUrl": url, "eventTypes": types or ALL_TYPES, "name": "hook"}
        )
    assert r.status_code == 201, r.text
    return dict(r.json())


def test_register_list_get_delete(formify_emulator: Emulator) -> None:
    created = _register(formify_emulator, "https://example.com/h", ["document.completed"])
    assert created["signingSecret"].startswith("whsec_")
    assert created["eventTypes"] == ["document.completed"]
    hook_id = created["webhookId"]
    with api_client(formify_emulator) as api:
        listed = api.get("webhooks").json()
        one = api.get(f"webhooks/{hook_id}").json()
        assert api.delete(f"webhooks/{hook_id}").status_code == 204
        gone = api.get(f"webhooks/{hook_id}", params={"errorLanguage": "sv"})
    assert listed == [
        {
            "webhookId": hook_id,
            "webhookUrl": "https://example.com/h",
            "eventTypes": ["document.completed"],
            "name": "hook",
            "signingSecret": created["signingSecret"],
        }
    ]
    assert one["hasSigningSecret"] is True and "signingSecret" not in one
    assert gone.status_code == 404 and gone.json() == {
        "message": f"Webhook {hook_id} hittades inte."
    }


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"eventTypes": ["document.created"]}, "webhookUrl is required."),
        (
            {"webhookUrl": "ftp://x/y", "eventTypes": ["document.created"]},
            "webhookUrl must be an absolute http or https URL.",
        ),
        ({"webhookUrl": "https://x/y", "eventTypes": []}, "eventTypes must be a non-empty array."),
        (
            {"webhookUrl": "https://x/y", "eventTypes": ["settings.x"]},
            "eventTypes must be one of: " + ", ".join(ALL_TYPES) + ".",
        ),
    ],
)
def test_register_rules(formify_emulator: Emulator, body: dict, message: str) -> None:
    with api_client(formify_emulator) as api:
        r = api.post("webhooks", json=body)
    assert r.status_code == 400 and r.json() == {"message": message}


def test_every_action_sends_its_event_signed_with_the_secret(
    formify_emulator: Emulator, receiver: WebhookReceiver
) -> None:
    emu = formify_emulator
    secret = _register(emu, receiver.url)["signingSecret"]
    with api_client(emu) as api:
        doc_id, (first, second) = new_document(api)
        emu.open(doc_id, first)
        emu.sign(doc_id, first)
        emu.sign(doc_id, second)
        api.delete(f"docs/{doc_id}")
        revoked, _ = new_document(api)
        api.put(f"docs/{revoked}/revoke", json={})
    assert emu.wait_for_deliveries(8, timeout=10)
    events = receiver.events()
    assert sorted(e["type"] for e in events) == sorted(
        [
            "document.created",
            "document.opened",
            "document.signed",
            "document.signed",
            "document.completed",
            "document.deleted",
            "document.created",
            "document.revoked",
        ]
    )
    account = emu.app.ctx.store.account_id
    for event in events:
        assert set(event) == {"eventId", "type", "date", "data"}
        assert event["data"]["accountId"] == account
        if event["type"] == "document.signed":
            assert event["data"]["signeeId"] in (first, second)
        else:
            assert "signeeId" not in event["data"]
    assert len({e["eventId"] for e in events}) == len(events)
    for received in receiver.requests:
        assert received.headers["content-type"] == "application/json"
        verify_signature(
            received.body,
            timestamp=received.headers["x-formify-timestamp"],
            signature=received.headers["x-formify-signature"],
            secret=secret,
        )


def test_only_subscribed_types_are_sent(
    formify_emulator: Emulator, receiver: WebhookReceiver
) -> None:
    emu = formify_emulator
    _register(emu, receiver.url, ["document.completed"])
    with api_client(emu) as api:
        doc_id, _ = new_document(api)
    emu.sign(doc_id)
    assert emu.wait_for_deliveries(1, timeout=10)
    emu.deliverer.wait_idle(timeout=5)
    assert [e["type"] for e in receiver.events()] == ["document.completed"]


def test_rotated_secret_signs_the_next_delivery_and_the_old_one_no_longer_verifies(
    formify_emulator: Emulator, receiver: WebhookReceiver
) -> None:
    emu = formify_emulator
    created = _register(emu, receiver.url, ["document.created"])
    with api_client(emu) as api:
        r = api.post(f"webhooks/{created['webhookId']}/rotate-secret")
        assert r.status_code == 200
        new_secret = r.json()["signingSecret"]
        assert new_secret.startswith("whsec_") and new_secret != created["signingSecret"]
        new_document(api)
    assert emu.wait_for_deliveries(1, timeout=10)
    first = receiver.requests[0]
    body, stamp, signature = (
        first.body,
        first.headers["x-formify-timestamp"],
        first.headers["x-formify-signature"],
    )
    verify_signature(body, timestamp=stamp, signature=signature, secret=new_secret)
    with pytest.raises(WebhookVerificationError):
        verify_signature(
            body, timestamp=stamp, signature=signature, secret=created["signingSecret"]
        )


def test_failed_delivery_is_retried_on_the_scaled_schedule(
    formify_emulator: Emulator, receiver: WebhookReceiver
) -> None:
    emu = formify_emulator  # the fixture's webhook_time_scale is 0.001
    receiver.statuses = [500, 503]
    _register(emu, receiver.url, ["document.created"])
    with api_client(emu) as api:
        new_document(api)
    assert emu.wait_for_deliveries(1, timeout=10)
    attempts = emu.deliveries
    assert [(a.attempt, a.status) for a in attempts] == [(1, 500), (2, 503), (3, 200)]
    assert len({e["eventId"] for e in receiver.events()}) == 1


def test_duplicate_option_sends_each_event_twice(receiver: WebhookReceiver) -> None:
    with Emulator(duplicate_webhooks=True) as emu:
        _register(emu, receiver.url, ["document.created"])
        with api_client(emu) as api:
            new_document(api)
        assert emu.wait_for_deliveries(2, timeout=10)
    ids = [e["eventId"] for e in receiver.events()]
    assert len(ids) == 2 and ids[0] == ids[1]


def test_deliveries_over_http_can_wait_for_successes(
    formify_emulator: Emulator, receiver: WebhookReceiver
) -> None:
    emu = formify_emulator
    _register(emu, receiver.url, ["document.created"])
    with api_client(emu) as api:
        new_document(api)
        r = httpx.get(f"{emu.url}/_emulator/deliveries", params={"delivered": 1, "timeout": 5})
    rows = r.json()
    assert [(row["event_type"], row["status"], row["attempt"]) for row in rows] == [
        ("document.created", 200, 1)
    ]
    assert rows[0]["url"] == receiver.url


def test_out_of_order_option_swaps_consecutive_events(receiver: WebhookReceiver) -> None:
    with Emulator(out_of_order_webhooks=True) as emu:
        _register(emu, receiver.url, ["document.created"])
        with api_client(emu) as api:
            first, _ = new_document(api)
            second, _ = new_document(api)
        assert emu.wait_for_deliveries(2, timeout=10)
    assert [e["data"]["documentId"] for e in receiver.events()] == [second, first]
