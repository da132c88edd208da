"""``formify auth login|status|token|logout``: the profile's OAuth login, as ``gh auth`` has it."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from typing import Any

import typer

from formify.cli._errors import CLIError, UsageError
from formify.cli._output import Output, present
from formify.cli._session import api_base_url, oauth_app, settings_of, token_store

group = typer.Typer(help="Log in with OAuth, show the login, print a token, log out.")


@group.command("login")
def login(
    ctx: typer.Context,
    client_id: str | None = typer.Option(
        None, envvar="FORMIFY_CLIENT_ID", help="OAuth client ID (formify emulator prints one)."
    ),
    client_secret: str | None = typer.Option(
        None,
        envvar="FORMIFY_CLIENT_SECRET",
        help="OAuth client secret.",
        show_default=False,
    ),
    scope: str = typer.Option("read,write", help="read, write or read,write."),
    no_browser: bool = typer.Option(
        False, "--no-browser", help="Print the URL to open instead of opening a browser."
    ),
    port: int = typer.Option(0, help="Loopback port of the redirect URI (0: any free port)."),
    timeout: float = typer.Option(300.0, help="Seconds to wait for the browser."),
) -> None:
    """Log in through the browser (OAuth code flow, loopback redirect on 127.0.0.1)."""
    from formify import Formify
    from formify.cli._loopback import LoopbackReceiver
    from formify.cli._serving import serving

    settings = settings_of(ctx)
    if not 0 <= port <= 65535:
        raise UsageError(f"--port: {port} is not a port (0 to 65535)")
    cid = client_id or settings.saved.get("client_id")
    secret = client_secret or settings.saved.get("client_secret")
    if not cid or not secret:
        raise UsageError(
            "--client-id and --client-secret are required (or FORMIFY_CLIENT_ID and "
            "FORMIFY_CLIENT_SECRET); `formify emulator` prints the ones it accepts"
        )
    out = Output(settings)
    try:
        receiver = LoopbackReceiver(port)
    except OSError as exc:
        raise CLIError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}") from exc
    with serving(receiver):
        app = oauth_app(
            settings, client_id=cid, client_secret=secret, redirect_uri=receiver.redirect_uri
        )
        assert app is not None
        url, state = app.authorization_url(scope=scope)
        opened = False
        if not no_browser:
            import webbrowser

            opened = webbrowser.open(url)
        out.note(
            ("Opened your browser; if it did not appear, open:" if opened else "Open this URL:")
            + f"\n  {url}\nWaiting for the authorization..."
        )
        answer = receiver.wait(timeout)
    if answer is None:
        raise CLIError(f"no answer from the browser within {timeout:g} s")
    if "code" not in answer:
        raise CLIError(f"the authorization was refused: {answer.get('error', 'no code')}")
    token = app.exchange_code(answer["code"], state=answer.get("state"), expected_state=state)
    store = token_store(settings)
    settings.profile.ensure_directory()
    store.save(token)
    saved = dict(settings.saved, client_id=cid, client_secret=secret)
    if settings.base_url:
        saved["base_url"] = settings.base_url
    settings.profile.save_settings(saved)
    with Formify(oauth=app, token_store=store, base_url=api_base_url(settings)) as api:
        user = api.user.get()
    out.result(
        _status(settings.profile.name, api_base_url(settings), user, token),
        f"Logged in as {_who(user)} (profile {settings.profile.name!r}).",
    )


@group.command("status")
def status(ctx: typer.Context) -> None:
    """Show who is logged in, until when, with which scope (never a secret)."""
    from formify import Formify

    settings = settings_of(ctx)
    base_url = api_base_url(settings)
    if settings.access_token:
        with Formify(access_token=settings.access_token, base_url=base_url) as api:
            user = api.user.get()
        data = _status(settings.profile.name, base_url, user, None)
        data["source"] = "access token (--access-token or FORMIFY_ACCESS_TOKEN)"
        Output(settings).result(data, f"Using an access token given as an option: {_who(user)}")
        return
    token = token_store(settings).load()
    if token is None:
        raise CLIError(
            f"not logged in (profile {settings.profile.name!r}): run `formify auth login`"
        )
    from formify.cli._session import client

    with client(settings) as api:
        user = api.user.get()
    token = token_store(settings).load() or token  # a refresh on the way is the newer one
    data = _status(settings.profile.name, base_url, user, token)

    def text() -> None:
        print(f"Logged in to {base_url} as {_who(user)} (profile {settings.profile.name!r})")
        print(f"  scope: {data['scope'] or '-'}")
        print(f"  access token expires: {data['expiresAt'] or 'never'}")
        print(f"  refreshable: {'yes' if data['refreshable'] else 'no'}")

    Output(settings).result(data, text)


@group.command("token")
def token(ctx: typer.Context) -> None:
    """Print a valid access token (refreshed first when it is about to expire), for scripts."""
    settings = settings_of(ctx)
    if settings.access_token:
        _print_secret(settings.json, settings.access_token, None)
        return
    store = token_store(settings)
    app = oauth_app(settings)
    with store.refresh_lock():  # the lock the library's refresh takes: one refresh at a time
        current = store.load()
        if current is None:
            raise CLIError(
                f"not logged in (profile {settings.profile.name!r}): run `formify auth login`"
            )
        if current.is_expired():
            if app is None or current.refresh_token is None:
                raise CLIError("the access token has expired and cannot be refreshed: log in again")
            current = app.refresh(current)
            store.save(current)  # saved before anyone uses it
    _print_secret(settings.json, current.access_token, current.expires_at)


def _print_secret(as_json: bool, value: str, expires_at: datetime | None) -> None:
    # the one place a secret is printed: the user asked for it
    if as_json:
        from formify.cli._output import emit_json

        emit_json({"accessToken": value, "expiresAt": expires_at})
    else:
        sys.stdout.write(value + "\n")


@group.command("logout")
def logout(ctx: typer.Context) -> None:
    """Revoke the login at the server, then delete the stored token."""
    from formify import OAuthError

    settings = settings_of(ctx)
    store = token_store(settings)
    current = store.load()
    if current is None:
        raise CLIError(f"not logged in (profile {settings.profile.name!r})")
    app = oauth_app(settings)
    revoked = False
    if app is not None:
        try:
            app.revoke(current)
            revoked = True
        except OAuthError as exc:  # unknown or already revoked at the server: nothing to undo
            Output(settings).note(f"the server did not revoke the token ({exc}); deleting it")
    store.path.unlink(missing_ok=True)
    Output(settings).result(
        {"profile": settings.profile.name, "revoked": revoked, "deleted": True},
        f"Logged out (profile {settings.profile.name!r})"
        + ("" if revoked else "; the token was not revoked at the server"),
    )


def _who(user: Any) -> str:
    name = present(user.full_name) or "(no name)"
    return f"{name} <{present(user.email_address) or '-'}>"


def _status(profile: str, base_url: str, user: Any, tok: Any) -> dict[str, Any]:
    expires = tok.expires_at if tok is not None else None
    return {
        "profile": profile,
        "baseUrl": base_url,
        "user": user,
        "scope": tok.scope if tok is not None else None,
        "expiresAt": expires,
        "expired": bool(expires and expires <= datetime.now(UTC)),
        "refreshable": bool(tok is not None and tok.refresh_token),
    }


def register(app: typer.Typer) -> None:
    """Add ``auth``."""
    app.add_typer(group, name="auth")
