"""Emulator OAuth: consent page, code exchange, refresh rotation, revoke, client checks, expiry."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from formify.testing import Emulator

REDIRECT = "https://app.example.com/callback"


def _authorize(emu: Emulator, http: httpx.Client, decision: str = "approve") -> dict[str, str]:
    params = {
        "client_id": "app-1",
        "redirect_uri": REDIRECT,
        "response_type": "code",
        "scope": "read,write",
        "state": "st-42",
    }
    page = http.get(emu.authorize_url, params=params)
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    hidden = dict(re.findall(r"name='(\w+)' value='([^']*)'", page.text))
    assert hidden["state"] == "st-42" and hidden["client_id"] == "app-1"
    r = http.post(emu.authorize_url, data={**hidden, "decision": decision})
    assert r.status_code == 302
    location = r.headers["location"]
    assert location.startswith(REDIRECT + "?")
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


def _token(emu: Emulator, http: httpx.Client, **form: str) -> httpx.Response:
    data = {"client_id": "app-1", "client_secret": "s3cret", **form}
    return http.post(f"{emu.base_url}/oauth/token", data=data)


@pytest.fixture
def oauth_emu(formify_emulator: Emulator) -> Emulator:
    formify_emulator.register_oauth_client("app-1", "s3cret", [REDIRECT])
    return formify_emulator


def test_code_flow_then_rotating_refresh(oauth_emu: Emulator) -> None:
    emu = oauth_emu
    with httpx.Client() as http:
        back = _authorize(emu, http)
        assert back["state"] == "st-42"
        r = _token(
            emu, http, grant_type="authorization_code", code=back["code"], redirect_uri=REDIRECT
        )
        assert r.status_code == 200
        first = r.json()
        assert first["expires_in"] == 3600 and first["token_type"] == "Bearer"
        assert first["scope"] == "read,write"
        auth = {"Authorization": f"Bearer {first['access_token']}"}
        assert http.get(f"{emu.base_url}/user", headers=auth).status_code == 200
        reused = _token(
            emu, http, grant_type="authorization_code", code=back["code"], redirect_uri=REDIRECT
        )
        assert reused.status_code == 400 and reused.json()["error"] == "invalid_grant"

        second = _token(
            emu, http, grant_type="refresh_token", refresh_token=first["refresh_token"]
        ).json()
        assert second["refresh_token"] != first["refresh_token"]
        old = _token(
            emu,
            http,
            grant_type="refresh_token",
            refresh_token=first["refresh_token"],
            error_language="sv",
        )
        assert old.status_code == 400
        assert old.json() == {
            "error": "invalid_grant",
            "error_description": "Förnyelsetoken är ogiltig, har gått ut eller har återkallats.",
        }
        emu.advance(3601)
        expired = http.get(
            f"{emu.base_url}/user", headers={"Authorization": f"Bearer {second['access_token']}"}
        )
        assert expired.status_code == 401
        third = _token(emu, http, grant_type="refresh_token", refresh_token=second["refresh_token"])
        assert third.status_code == 200
        emu.advance(60 * 24 * 3600 + 1)
        dead = _token(
            emu, http, grant_type="refresh_token", refresh_token=third.json()["refresh_token"]
        )
    assert dead.status_code == 400 and dead.json()["error"] == "invalid_grant"


def test_denied_consent_redirects_with_access_denied(oauth_emu: Emulator) -> None:
    with httpx.Client() as http:
        back = _authorize(oauth_emu, http, decision="deny")
    assert back == {"error": "access_denied", "state": "st-42"}


def test_consent_page_refuses_unregistered_redirects(oauth_emu: Emulator) -> None:
    r = httpx.get(
        oauth_emu.authorize_url,
        params={
            "client_id": "app-1",
            "redirect_uri": "https://evil.example/cb",
            "response_type": "code",
            "scope": "read",
        },
    )
    assert r.status_code == 400 and "redirect_uri is not registered" in r.text


def test_code_exchange_checks_redirect_uri_and_client(oauth_emu: Emulator) -> None:
    emu = oauth_emu
    with httpx.Client() as http:
        code = _authorize(emu, http)["code"]
        wrong_client = http.post(
            f"{emu.base_url}/oauth/token",
            data={
                "grant_type": "authorization_code",
                "code": code,
                "client_id": "app-1",
                "client_secret": "wrong",
                "redirect_uri": REDIRECT,
            },
        )
        assert wrong_client.status_code == 401
        assert wrong_client.json()["error"] == "invalid_client"
        wrong_redirect = _token(
            emu,
            http,
            grant_type="authorization_code",
            code=code,
            redirect_uri="https://other.example/cb",
        )
        missing = http.post(f"{emu.base_url}/oauth/token", data={"grant_type": "refresh_token"})
    assert wrong_redirect.status_code == 400
    assert wrong_redirect.json()["error_description"] == (
        "redirect_uri does not match the authorization request."
    )
    assert missing.status_code == 400
    assert missing.json() == {
        "error": "invalid_request",
        "error_description": "client_id is required.",
    }


def test_revoke_access_and_refresh_tokens(oauth_emu: Emulator) -> None:
    emu = oauth_emu
    with httpx.Client() as http:
        code = _authorize(emu, http)["code"]
        tokens = _token(
            emu, http, grant_type="authorization_code", code=code, redirect_uri=REDIRECT
        ).json()
        revoke = f"{emu.base_url}/oauth/revoke"
        r = http.post(
            revoke, data={"token": tokens["access_token"], "token_type_hint": "access_token"}
        )
        assert r.status_code == 200 and r.content == b""
        auth = {"Authorization": f"Bearer {tokens['access_token']}"}
        assert http.get(f"{emu.base_url}/user", headers=auth).status_code == 401
        # revoking the access token ended its grant: the refresh token is gone too
        again = http.post(revoke, data={"token": tokens["refresh_token"]})
        assert again.status_code == 400 and again.json()["error"] == "invalid_token"
        refresh = _token(
            emu, http, grant_type="refresh_token", refresh_token=tokens["refresh_token"]
        )
    assert refresh.status_code == 400


def test_expire_tokens_makes_the_default_token_fail(formify_emulator: Emulator) -> None:
    emu = formify_emulator
    auth = {"Authorization": f"Bearer {emu.access_token}"}
    assert httpx.get(f"{emu.base_url}/user", headers=auth).status_code == 200
    emu.expire_tokens()
    r = httpx.get(f"{emu.base_url}/user", headers=auth)
    assert r.status_code == 401
    assert r.headers["www-authenticate"].startswith("Bearer")
    emu.reset()
    assert httpx.get(f"{emu.base_url}/user", headers=auth).status_code == 200


def test_revoking_the_refresh_token_ends_the_whole_grant(oauth_emu: Emulator) -> None:
    emu = oauth_emu
    with httpx.Client() as http:
        code = _authorize(emu, http)["code"]
        first = _token(
            emu, http, grant_type="authorization_code", code=code, redirect_uri=REDIRECT
        ).json()
        second = _token(
            emu, http, grant_type="refresh_token", refresh_token=first["refresh_token"]
        ).json()
        assert (
            http.post(
                f"{emu.base_url}/oauth/revoke", data={"token": second["refresh_token"]}
            ).status_code
            == 200
        )
        for access in (first["access_token"], second["access_token"]):
            r = http.get(f"{emu.base_url}/user", headers={"Authorization": f"Bearer {access}"})
            assert r.status_code == 401
        # the emulator's own static token is not part of any grant
        static = http.get(
            f"{emu.base_url}/user", headers={"Authorization": f"Bearer {emu.access_token}"}
        )
    assert static.status_code == 200


def test_app_home_forwards_the_fragment_to_the_consent_page(formify_emulator: Emulator) -> None:
    r = httpx.get(formify_emulator.url + "/")
    assert r.status_code == 200
    assert "location.replace('/authorize?'" in r.text


def test_oauth_app_and_client_against_the_emulator(formify_emulator: Emulator) -> None:
    from formify import Formify
    from formify._oauth import OAuthApp  # not yet re-exported by formify/__init__.py

    emu = formify_emulator
    app = OAuthApp(
        client_id=emu.oauth_client_id,
        client_secret=emu.oauth_client_secret,
        redirect_uri=REDIRECT,
        base_url=emu.base_url,
        authorize_base=emu.url,
    )
    url, state = app.authorization_url(scope="read,write")
    back = {k: v[0] for k, v in parse_qs(urlsplit(emu.consent(url)).query).items()}
    token = app.exchange_code(back["code"], state=back["state"], expected_state=state)
    saved = []
    with Formify(
        oauth=app, token=token, base_url=emu.base_url, on_token_refresh=saved.append
    ) as client:
        assert client.user.get().account_id == emu.app.ctx.store.account_id
        emu.expire_tokens()
        assert client.user.get().account_id == emu.app.ctx.store.account_id
    assert len(saved) == 1 and saved[0].refresh_token != token.refresh_token
    token_calls = [r for r in emu.requests if r[1] == "/v1/oauth/token"]
    assert [s for _, _, s in token_calls] == [200, 200]
    denied = emu.consent(url, approve=False)
    assert "error=access_denied" in denied
