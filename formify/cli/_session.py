"""The library's client for a command: from --access-token, or the profile's OAuth login."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import urlsplit

from formify.cli._config import ENV_CLIENT_ID, ENV_CLIENT_SECRET, Settings
from formify.cli._errors import CLIError
from formify.cli._output import Output

if TYPE_CHECKING:
    import typer

    from formify import FileTokenStore, Formify, OAuthApp

T = TypeVar("T")
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
# A placeholder: a refresh never sends the redirect URI, `auth login` sets its own.
_REFRESH_REDIRECT = "http://127.0.0.1/callback"


def settings_of(ctx: typer.Context) -> Settings:
    """Return the root command's resolved options."""
    settings = ctx.find_root().obj
    assert isinstance(settings, Settings)
    return settings


def is_local(base_url: str) -> bool:
    """Whether `base_url` is on this machine (the emulator, a relay)."""
    return (urlsplit(base_url).hostname or "") in {h.strip("[]") for h in LOOPBACK_HOSTS}


def authorize_base(settings: Settings, base_url: str) -> str | None:
    """Where the consent page is: the profile's setting, the emulator itself, or the default."""
    saved = settings.setting("authorize_base", "FORMIFY_AUTHORIZE_BASE")
    if saved:
        return saved
    if is_local(base_url):  # the emulator serves its consent page on the API origin
        parts = urlsplit(base_url)
        return f"{parts.scheme}://{parts.netloc}"
    return None


def api_base_url(settings: Settings) -> str:
    """--base-url, FORMIFY_BASE_URL, the profile's, or the library's default."""
    from formify._constants import DEFAULT_BASE_URL

    return settings.resolved_base_url or DEFAULT_BASE_URL


def oauth_app(
    settings: Settings,
    *,
    client_id: str | None = None,
    client_secret: str | None = None,
    redirect_uri: str = _REFRESH_REDIRECT,
) -> OAuthApp | None:
    """Return the OAuth client from flags, FORMIFY_CLIENT_ID/SECRET or the profile, or None."""
    from formify import OAuthApp

    cid = client_id or settings.setting("client_id", ENV_CLIENT_ID)
    secret = client_secret or settings.setting("client_secret", ENV_CLIENT_SECRET)
    if not cid or not secret:
        return None
    base = api_base_url(settings)
    return OAuthApp(
        cid,
        secret,
        redirect_uri,
        base_url=base,
        authorize_base=authorize_base(settings, base),
    )


def token_store(settings: Settings) -> FileTokenStore:
    """Return the profile's token file store."""
    from formify import FileTokenStore

    return FileTokenStore(settings.profile.token_path)


def client(settings: Settings) -> Formify:
    """Return a ``Formify`` from the given access token, else the profile's login."""
    from formify import Formify

    base_url = api_base_url(settings)
    if settings.access_token:
        return Formify(access_token=settings.access_token, base_url=base_url)
    store = token_store(settings)
    token = store.load()
    if token is None:
        raise CLIError(
            f"not logged in (profile {settings.profile.name!r}): run `formify auth login`, "
            "or give --access-token / FORMIFY_ACCESS_TOKEN"
        )
    app = oauth_app(settings)
    if app is None or token.refresh_token is None:
        # no client credentials to refresh with: use the token while it lasts
        return Formify(access_token=token.access_token, base_url=base_url)
    return Formify(oauth=app, token_store=store, base_url=base_url)


def call(ctx: typer.Context, action: Callable[[Formify], T]) -> tuple[Output, T]:
    """Run `action` with the command's client (closed after); return the output and result."""
    settings = settings_of(ctx)
    with client(settings) as api:
        return Output(settings), action(api)
