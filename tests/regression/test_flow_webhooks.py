"""Recorded flows over webhook subscriptions: register, list, get, rotate the secret, delete."""

from __future__ import annotations

import pytest

from formify import Formify, NotFoundError

pytestmark = pytest.mark.vcr

HOOK_URL = "https://hooks.example.com/formify"


def test_register_list_get_rotate_delete(client: Formify) -> None:
    created = client.webhooks.register(
        HOOK_URL, event_types=["document.signed", "document.completed"], name="orders"
    )
    assert created.webhook_id
    assert created.signing_secret.startswith("whsec_")
    assert sorted(created.event_types) == ["document.completed", "document.signed"]

    listed = {hook.webhook_id: hook for hook in client.webhooks.list()}
    assert listed[created.webhook_id].webhook_url == HOOK_URL
    assert listed[created.webhook_id].name == "orders"

    fetched = client.webhooks.get(created.webhook_id)
    assert (fetched.webhook_url, fetched.name) == (HOOK_URL, "orders")
    assert fetched.has_signing_secret is True

    rotated = client.webhooks.rotate_secret(created.webhook_id)
    assert rotated.startswith("whsec_")
    # the cassette numbers distinct secrets apart, so this holds in replay too
    assert rotated != created.signing_secret

    client.webhooks.delete(created.webhook_id)
    assert created.webhook_id not in [hook.webhook_id for hook in client.webhooks.list()]
    with pytest.raises(NotFoundError) as missing:
        client.webhooks.get(created.webhook_id)
    assert missing.value.status_code == 404


def test_two_webhooks_have_different_secrets(client: Formify) -> None:
    first = client.webhooks.register(HOOK_URL, event_types=["document.created"])
    second = client.webhooks.register(HOOK_URL + "/2", event_types=["document.revoked"])
    assert first.signing_secret != second.signing_secret
    assert len(client.webhooks.list()) >= 2
    client.webhooks.delete(first.webhook_id)
    client.webhooks.delete(second.webhook_id)
