"""``formify webhooks list|register|rotate|delete``.

Signing secrets are never printed: ``register`` and ``rotate`` write them to ``--secret-file``
(0600), and ``list`` leaves them out.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, get_args

import typer

from formify.cli._errors import CLIError, UsageError
from formify.cli._session import call
from formify.types import WebhookEventType

group = typer.Typer(help="Register, list, rotate and delete webhooks.")
_ID = typer.Argument(..., help="The webhook ID.", show_default=False)
_SECRET_KEYS = ("signingSecret", "signing_secret")
_EVENTS: dict[str, WebhookEventType] = {e: e for e in get_args(WebhookEventType)}


def event_types(given: list[str], option: str) -> list[WebhookEventType]:
    """Return the event types named on the command line (all of them when none is)."""
    for name in given:
        if name not in _EVENTS:
            raise UsageError(f"{option}: {name!r} is not one of {', '.join(_EVENTS)}")
    return [_EVENTS[name] for name in given] or list(_EVENTS.values())


def without_secrets(item: Any) -> dict[str, Any]:
    """Return a webhook's JSON without its signing secret."""
    data: dict[str, Any] = item.to_dict()
    for key in _SECRET_KEYS:
        data.pop(key, None)
    return data


def write_secret(path: Path, secret: str) -> None:
    """Write `secret` to `path`, created 0600 (replacing what was there)."""
    path = path.expanduser()
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(secret + "\n")
        os.replace(tmp, path)
    except OSError as exc:
        raise CLIError(f"cannot write the signing secret to {path}: {exc.strerror}") from exc


@group.command("list")
def list_(ctx: typer.Context) -> None:
    """List registered webhooks (without their secrets)."""
    out, hooks = call(ctx, lambda api: api.webhooks.list())
    out.table(
        hooks,
        "webhook_id webhook_url name event_types",
        empty="no webhooks",
        json_rows=[without_secrets(h) for h in hooks],
    )


@group.command("register")
def register_(
    ctx: typer.Context,
    url: str = typer.Argument(..., help="Where Formify sends the events.", show_default=False),
    event: list[str] = typer.Option(
        [], "--event", "-e", help="An event type (document.completed, ...); repeat for more."
    ),
    name: str | None = typer.Option(None, help="A name for the webhook."),
    secret_file: Path | None = typer.Option(
        None, help="Write the signing secret to this file (0600); it is never printed."
    ),
) -> None:
    """Register a webhook for the given events."""
    events = event_types(event, "--event")
    out, created = call(ctx, lambda api: api.webhooks.register(url, event_types=events, name=name))
    if secret_file is not None:
        write_secret(secret_file, created.signing_secret)
    data = {**without_secrets(created), "secretFile": str(secret_file) if secret_file else None}
    where = f"secret written to {secret_file}" if secret_file else "secret not saved"
    out.result(data, f"Registered {created.webhook_id} ({where})")


@group.command("rotate")
def rotate(
    ctx: typer.Context,
    webhook_id: str = _ID,
    secret_file: Path = typer.Option(
        ..., help="Write the new signing secret to this file (0600); it is never printed."
    ),
) -> None:
    """Give a webhook a new signing secret (the old one stops working)."""
    out, secret = call(ctx, lambda api: api.webhooks.rotate_secret(webhook_id))
    write_secret(secret_file, secret)
    out.result(
        {"webhookId": webhook_id, "secretFile": str(secret_file)},
        f"Rotated the secret of {webhook_id}; written to {secret_file}",
    )


@group.command("delete")
def delete(ctx: typer.Context, webhook_id: str = _ID) -> None:
    """Delete a webhook."""
    out, _ = call(ctx, lambda api: api.webhooks.delete(webhook_id))
    out.result({"webhookId": webhook_id, "deleted": True}, f"Deleted {webhook_id}")


def register(app: typer.Typer) -> None:
    """Add ``webhooks``."""
    app.add_typer(group, name="webhooks")
