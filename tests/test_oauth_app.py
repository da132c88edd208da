"""OAuthApp: consent URL, state check, code exchange, refresh, revoke (sync and async)."""

from __future__ import annotations

import socket
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from _oauth_server import CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, OAuthServer, running

from formify._exceptions import APIConnectionError, OAuthError, ValidationError
from formify._oauth import OAuthApp
from formify._tokens import Token


@pytest.fixture
def server():
    with running() as state:
        yield state


def make_app(server: OAuthServer | None = None, **kwargs: object) -> OAuthApp:
    base = server.base_url if server is not None else None
    return OAuthApp(CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, base, **kwargs)  # type: ignore[arg-type]


def test_authorization_url_has_the_documented_shape_and_encoding():
    url, state = make_app().authorization_url(state="given-state")
    assert state == "given-state"
    assert url.startswith("https://app.formify.eu/#/oauth?")
    query = parse_qs(url.split("?", 1)[1], strict_parsing=True)
    assert query == {
        "client_id": [CLIENT_ID],
        "redirect_uri": [REDIRECT_URI],
        "response_type": ["code"],
        "scope": ["read,write"],
        "state": ["given-state"],
    }
    assert "redirect_uri=https%3A%2F%2Fexample.com%2Fcallback" in url
    assert CLIENT_SECRET not in url


def test_authorization_url_generates_a_fresh_unguessable_state():
    app = make_app()
    states = {app.authorization_url()[1] for _ in range(50)}
    assert len(states) == 50
    url, state = app.authorization_url()
    assert len(state) >= 43  # token_urlsafe(32): 256 bits
    assert parse_qs(url.split("?", 1)[1])["state"] == [state]


def test_authorization_url_honours_authorize_base():
    url, _ = make_app(authorize_base="http://127.0.0.1:9/").authorization_url(scope="read")
    assert url.startswith("http://127.0.0.1:9/#/oauth?")
    assert parse_qs(url.split("?", 1)[1])["scope"] == ["read"]


@pytest.mark.parametrize(
    ("scope", "expected"),
    [
        ("read", "read"),
        ("write", "write"),
        ("write,read", "read,write"),
        (["read", "write"], "read,write"),
    ],
)
def test_scopes_are_normalised(scope, expected):
    url, _ = make_app().authorization_url(scope=scope)
    assert parse_qs(url.split("?", 1)[1])["scope"] == [expected]


@pytest.mark.parametrize("scope", ["admin", "", "read,admin", [], ["read", 1], 42])
def test_bad_scope_is_refused_naming_the_field(scope):
    with pytest.raises(ValidationError) as info:
        make_app().authorization_url(scope=scope)
    assert info.value.field == "scope"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"client_id": ""}, "client_id"),
        ({"client_secret": None}, "client_secret"),
        ({"redirect_uri": "example.com/cb"}, "redirect_uri"),
        ({"base_url": "ftp://x"}, "base_url"),
        ({"error_language": "de"}, "error_language"),
        ({"http_client": object()}, "http_client"),
        ({"timeout": 0}, "timeout"),
        ({"timeout": "30"}, "timeout"),
    ],
)
def test_bad_configuration_is_refused(kwargs, field):
    args = {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "redirect_uri": REDIRECT_URI}
    args.update(kwargs)
    with pytest.raises(ValidationError) as info:
        OAuthApp(**args)
    assert info.value.field == field


def test_defaults_and_env_base_url(monkeypatch):
    monkeypatch.delenv("FORMIFY_BASE_URL", raising=False)
    assert make_app().token_url == "https://docs-api.formify.se/v1/oauth/token"
    monkeypatch.setenv("FORMIFY_BASE_URL", "http://127.0.0.1:1/v1")
    assert make_app().revoke_url == "http://127.0.0.1:1/v1/oauth/revoke"


def test_repr_never_shows_the_client_secret():
    app = make_app()
    assert CLIENT_SECRET not in repr(app) and CLIENT_SECRET not in str(app)
    assert CLIENT_ID in repr(app)


def test_state_mismatch_raises_before_any_request(server):
    app = make_app(server)
    code = server.new_code()
    _, state = app.authorization_url()
    for returned in ("other", state[:-1], None):
        with pytest.raises(OAuthError) as info:
            app.exchange_code(code, state=returned, expected_state=state)
        assert info.value.error == "state_mismatch"
    assert server.token_calls == 0


def test_states_are_compared_with_compare_digest(server, monkeypatch):
    import hmac

    calls: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr("formify._oauth.hmac.compare_digest", spy)
    app = make_app(server)
    with pytest.raises(OAuthError):
        app.exchange_code("c", state="returned", expected_state="expected")
    app.exchange_code(server.new_code(), state="same", expected_state="same")
    assert calls == [(b"returned", b"expected"), (b"same", b"same")]


@pytest.mark.anyio
async def test_async_state_mismatch_raises_before_any_request(server):
    with pytest.raises(OAuthError) as info:
        await make_app(server).aexchange_code("c", state="a", expected_state="b")
    assert info.value.error == "state_mismatch"
    assert server.token_calls == 0


def test_exchange_code_sends_the_documented_form_and_returns_a_token(server):
    app = make_app(server, error_language="sv")
    _, state = app.authorization_url()
    code = server.new_code()
    token = app.exchange_code(code, state=state, expected_state=state)
    assert server.token_calls == 1
    assert server.forms[0] == {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": REDIRECT_URI,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "error_language": "sv",
    }
    assert token.access_token in server.access
    assert token.refresh_token in server.refresh
    assert token.scope == "read,write" and token.token_type == "Bearer"
    assert not token.is_expired()


def test_a_used_code_is_invalid_grant_with_the_servers_description(server):
    app = make_app(server)
    code = server.new_code()
    app.exchange_code(code)
    with pytest.raises(OAuthError) as info:
        app.exchange_code(code)
    assert info.value.error == "invalid_grant"
    assert info.value.description == "The authorization code is invalid or used."
    assert info.value.status_code == 400
    assert code not in str(info.value)


def test_wrong_client_secret_is_invalid_client(server):
    app = OAuthApp(CLIENT_ID, "wrong-secret-value", REDIRECT_URI, server.base_url)
    with pytest.raises(OAuthError) as info:
        app.refresh("rt-anything")
    assert (info.value.error, info.value.status_code) == ("invalid_client", 401)
    assert "wrong-secret-value" not in str(info.value)


def test_refresh_rotates_and_the_old_refresh_token_stops_working(server):
    app = make_app(server)
    first = Token.from_response(server.issue())
    second = app.refresh(first)
    assert server.forms[-1]["grant_type"] == "refresh_token"
    assert server.forms[-1]["refresh_token"] == first.refresh_token
    assert second.access_token != first.access_token
    assert second.refresh_token != first.refresh_token
    third = app.refresh(second.refresh_token)  # a bare refresh-token string works too
    assert third.refresh_token in server.refresh
    with pytest.raises(OAuthError) as info:
        app.refresh(first)
    assert info.value.error == "invalid_grant"


def test_refresh_without_a_refresh_token_is_refused_before_any_request(server):
    with pytest.raises(ValidationError) as info:
        make_app(server).refresh(Token(access_token="at-only"))
    assert info.value.field == "token"
    assert server.token_calls == 0


def test_revoke_a_token_revokes_its_refresh_token(server):
    app = make_app(server)
    token = Token.from_response(server.issue())
    app.revoke(token)
    assert server.forms[-1] == {"token": token.refresh_token, "token_type_hint": "refresh_token"}
    assert token.refresh_token not in server.refresh
    with pytest.raises(OAuthError) as info:  # already revoked: 400
        app.revoke(token)
    assert info.value.status_code == 400


def test_revoke_with_hint_and_with_a_bare_string(server):
    app = make_app(server)
    token = Token.from_response(server.issue())
    app.revoke(token, token_type_hint="access_token")
    assert server.forms[-1] == {"token": token.access_token, "token_type_hint": "access_token"}
    assert token.access_token not in server.access
    app.revoke(token.refresh_token)
    assert server.forms[-1] == {"token": token.refresh_token}
    with pytest.raises(ValidationError) as info:
        app.revoke(token, token_type_hint="id_token")
    assert info.value.field == "token_type_hint"


@pytest.mark.anyio
async def test_async_exchange_refresh_revoke(server):
    app = make_app(server)
    _, state = app.authorization_url()
    token = await app.aexchange_code(server.new_code(), state=state, expected_state=state)
    fresh = await app.arefresh(token)
    assert token.refresh_token not in server.refresh and fresh.refresh_token in server.refresh
    await app.arevoke(fresh)
    assert fresh.refresh_token not in server.refresh
    with pytest.raises(OAuthError) as info:
        await app.arefresh(fresh)
    assert info.value.error == "invalid_grant"
    assert server.token_calls == 3 and server.revoke_calls == 1


def test_caller_http_clients_are_used(server):
    seen: list[str] = []
    hooks = {"request": [lambda request: seen.append(str(request.url))]}
    with httpx.Client(event_hooks=hooks) as http:
        make_app(server, http_client=http).exchange_code(server.new_code())
    assert seen == [server.base_url + "/oauth/token"]


@pytest.mark.anyio
async def test_caller_async_http_client_is_used(server):
    seen: list[str] = []

    async def hook(request: httpx.Request) -> None:
        seen.append(str(request.url))

    async with httpx.AsyncClient(event_hooks={"request": [hook]}) as http:
        await make_app(server, http_client=http).arefresh(Token.from_response(server.issue()))
    assert seen == [server.base_url + "/oauth/token"]


def test_message_style_and_non_json_errors_are_oauth_errors():
    def reply(request: httpx.Request) -> httpx.Response:
        if b"refresh_token=json" in request.content:
            return httpx.Response(400, json={"message": "Refresh token expired."})
        return httpx.Response(502, text="<html>bad gateway</html>")

    http = httpx.Client(transport=httpx.MockTransport(reply))
    app = OAuthApp(
        CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, "http://127.0.0.1:1/v1", http_client=http
    )
    with pytest.raises(OAuthError) as info:
        app.refresh("json")
    assert (info.value.error, info.value.description) == ("http_400", "Refresh token expired.")
    with pytest.raises(OAuthError) as info:
        app.refresh("html")
    assert info.value.status_code == 502 and "502" in str(info.value)


def test_an_unreachable_token_endpoint_is_a_connection_error():
    # bound but never listening, and kept bound so that no other server can take the port
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        app = OAuthApp(CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, f"http://127.0.0.1:{port}/v1")
        with pytest.raises(APIConnectionError) as info:
            app.refresh("rt-x")
    # the token call is mapped by the API path's mapper: host, port and cause in the message
    message = str(info.value)
    assert f"127.0.0.1:{port}" in message and "ConnectError" in message
    assert "rt-x" not in message


def test_urls_split_cleanly():
    url, _ = make_app().authorization_url()
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "app.formify.eu", "/")
    assert parts.fragment.startswith("/oauth?")


def test_token_and_revoke_calls_are_the_generated_endpoints() -> None:
    from formify_api.api.oauth import create_token, revoke_token
    from formify_api.models.grant_type import GrantType
    from formify_api.models.revoke_request import RevokeRequest
    from formify_api.models.token_request import TokenRequest
    from formify_api.models.token_type_hint import TokenTypeHint

    from formify._oauth import REVOKE_PATH, TOKEN_PATH

    body = TokenRequest(GrantType.REFRESH_TOKEN, "id", "secret")
    assert create_token._get_kwargs(body=body)["url"] == TOKEN_PATH
    assert revoke_token._get_kwargs(body=RevokeRequest("t"))["url"] == REVOKE_PATH
    app = OAuthApp("id", "secret", "https://x.example/cb", "https://api.example/v1")
    with httpx.Client() as http:
        request = app._request(app._refresh_form("r-token"), None, http)
    assert request.url == "https://api.example/v1/oauth/token"
    assert dict(httpx.QueryParams(request.content.decode())) == {
        "grant_type": "refresh_token",
        "client_id": "id",
        "client_secret": "secret",
        "refresh_token": "r-token",
    }
    with pytest.raises(ValidationError, match="token_type_hint"):
        app.revoke("t", token_type_hint="id_token")
    assert {hint.value for hint in TokenTypeHint} == {"access_token", "refresh_token"}
