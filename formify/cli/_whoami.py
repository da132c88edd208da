"""``formify whoami``: the user the credentials act for."""

from __future__ import annotations

import typer

from formify.cli._output import Output, present
from formify.cli._session import client, settings_of


def whoami(ctx: typer.Context) -> None:
    """Show the user and account the credentials act for."""
    settings = settings_of(ctx)
    with client(settings) as api:
        user = api.user.get()
    name = present(user.full_name) or "(no name)"
    email = present(user.email_address) or "-"
    account = present(user.account_name) or present(user.account_id) or "-"
    Output(settings).result(user, f"{name} <{email}>, account {account} ({settings.profile.name})")


def register(app: typer.Typer) -> None:
    """Add ``whoami``."""
    app.command("whoami")(whoami)
