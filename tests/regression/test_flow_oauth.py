"""Recorded OAuth flows: consent page, code exchange, refresh with rotation, revocation.

The consent is given the way a browser gives it: GET the emulator's authorize page, read its
form, POST the decision, follow nothing and read `code` and `state` from the redirect. The
state is fixed so that the authorize request replays (it is in the query). Against the real
API consent needs a person at a browser, so these tests are emulator-only.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from _flow_helpers import advance_clock
from _flow_target import Target

from formify import AsyncFormify, Formify, OAuthError
from formify._oauth import OAuthApp
from formify._tokens import FileTokenStore, MemoryTokenStore, Token

pytestmark = pytest.mark.vcr

REDIRECT_URI = "https://app.example.com/formify/callback"
STATE = "regression-state-7d1c"
_HIDDEN = re.compile(r"<input type='hidden' name='([^']+)' value='([^']*)'>")


def _app(target: Target) -> OAuthApp:
    return OAuthApp(
        client_id=target.client_id,
        client_secret=target.client_secret,
        redirect_uri=REDIRECT_URI,
        base_url=target.base_url,
        authorize_base=target.origin,
    )


def _consent(control: httpx.Client, app: OAuthApp) -> tuple[str, str]:
    """Approve on the consent page; return the (code, state) the redirect carries."""
    url, state = app.authorization_url(scope="read,write", state=STATE)
    # the emulator serves the app host's `/#/oauth` page at `/authorize`
    page = control.get("/authorize?" + url.split("#/oauth?", 1)[1])
    assert page.status_code == 200
    form = dict(_HIDDEN.findall(page.text))
    assert form["client_id"] == app.client_id and form["state"] == state
    decision = control.post("/authorize", data={**form, "decision": "approve"})
    assert decision.status_code == 302
    location = urlsplit(decision.headers["location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == REDIRECT_URI
    query = parse_qs(location.query)
    return query["code"][0], query["state"][0]


@pytest.mark.emulator_only
def test_code_exchange_then_refresh_rotates(target: Target, control: httpx.Client) -> None:
    app = _app(target)
    code, state = _consent(control, app)
    token = app.exchange_code(code, state=state, expected_state=STATE)
    assert token.refresh_token and token.access_token
    assert token.expires_at is not None and token.expires_at > datetime.now(UTC)
    assert token.scope == "read,write"

    # a code is single-use
    with pytest.raises(OAuthError) as reused:
        app.exchange_code(code, state=state, expected_state=STATE)
    assert reused.value.error == "invalid_grant"

    refreshed = app.refresh(token)
    assert refreshed.access_token != token.access_token
    assert refreshed.refresh_token != token.refresh_token  # rotated
    with pytest.raises(OAuthError) as spent:
        app.refresh(token)  # the old refresh token stopped working
    assert spent.value.error == "invalid_grant"

    app.revoke(refreshed)
    with pytest.raises(OAuthError):
        app.refresh(refreshed)


@pytest.mark.emulator_only
def test_client_refreshes_after_401_and_saves_first(target: Target, control: httpx.Client) -> None:
    app = _app(target)
    code, state = _consent(control, app)
    token = app.exchange_code(code, state=state, expected_state=STATE)
    store = MemoryTokenStore(token)
    saved: list[Token] = []
    sent: list[str] = []
    http = httpx.Client(
        event_hooks={"request": [lambda r: sent.append(r.headers.get("authorization", r.url.path))]}
    )
    with Formify(
        oauth=app,
        token=token,
        token_store=store,
        on_token_refresh=saved.append,
        base_url=target.base_url,
        http_client=http,
    ) as client:
        assert client.user.get().user_id
        # the server's clock passes the token's lifetime; the client's does not know
        advance_clock(control, 3601)
        assert client.user.get().user_id  # 401, one refresh, the same request again
    http.close()

    [new] = saved
    assert store.load() == new
    assert new.refresh_token != token.refresh_token
    # The token call goes through the caller's client too (its transport settings), unauthorised.
    old, fresh = f"Bearer {token.access_token}", f"Bearer {new.access_token}"
    assert sent == [old, old, "/v1/oauth/token", fresh]


@pytest.mark.emulator_only
def test_client_refreshes_an_expired_token_before_the_request(
    target: Target, control: httpx.Client, tmp_path: Path
) -> None:
    app = _app(target)
    code, state = _consent(control, app)
    token = app.exchange_code(code, state=state, expected_state=STATE)
    expired = Token(
        access_token=token.access_token,
        refresh_token=token.refresh_token,
        expires_at=datetime.now(UTC) - timedelta(seconds=1),
    )
    store = FileTokenStore(tmp_path / "token.json")
    with Formify(oauth=app, token=expired, token_store=store, base_url=target.base_url) as client:
        assert client.user.get().user_id
    new = FileTokenStore(tmp_path / "token.json").load()  # what a restarted process would read
    assert new is not None and new.access_token != token.access_token
    assert new.refresh_token != token.refresh_token


@pytest.mark.emulator_only
@pytest.mark.anyio
async def test_async_client_refreshes_after_401(target: Target, control: httpx.Client) -> None:
    app = _app(target)
    code, state = _consent(control, app)
    token = await app.aexchange_code(code, state=state, expected_state=STATE)
    store = MemoryTokenStore(token)
    async with AsyncFormify(
        oauth=app, token=token, token_store=store, base_url=target.base_url
    ) as client:
        advance_clock(control, 3601)
        assert (await client.user.get()).user_id
    new = store.load()
    assert new is not None and new.refresh_token != token.refresh_token
