"""examples/oauth_flask.py served for real: login, callback (state checked), API call, refresh."""

from __future__ import annotations

import importlib.util
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from _oauth_server import CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, OAuthServer, running
from werkzeug.serving import make_server

from formify import FileTokenStore, OAuthApp, Token

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "oauth_flask.py"


def load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("formify_example_oauth_flask", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@contextmanager
def serve(app: Any) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()


@pytest.fixture
def setup(tmp_path, monkeypatch) -> Iterator[tuple[OAuthServer, FileTokenStore, str]]:
    with running() as server:
        monkeypatch.setenv("FORMIFY_BASE_URL", server.base_url)
        monkeypatch.delenv("FORMIFY_ACCESS_TOKEN", raising=False)
        oauth = OAuthApp(CLIENT_ID, CLIENT_SECRET, REDIRECT_URI)
        store = FileTokenStore(tmp_path / "token.json")
        app = load().create_app(oauth, store, secret_key="test-session-key")
        with serve(app) as url:
            yield server, store, url


def login(browser: httpx.Client) -> dict[str, str]:
    """Follow /login to the consent URL and return its query."""
    response = browser.get("/login")
    assert response.status_code == 302
    location = response.headers["location"]
    assert location.startswith("https://app.formify.eu/#/oauth?")
    return {k: v[0] for k, v in parse_qs(urlsplit(location).fragment.split("?", 1)[1]).items()}


def test_login_callback_and_api_call(setup):
    server, store, url = setup
    with httpx.Client(base_url=url) as browser:
        query = login(browser)
        assert (query["client_id"], query["redirect_uri"]) == (CLIENT_ID, REDIRECT_URI)
        # The user approves: Formify redirects back with a code and the same state.
        code = server.new_code()
        response = browser.get("/callback", params={"code": code, "state": query["state"]})
        assert response.status_code == 200 and response.json()["connected"] is True
        token = store.load()
        assert token is not None and token.access_token in server.access
        assert browser.get("/me").json() == {"email": "a@example.com"}
    assert server.token_calls == 1


def test_a_forged_state_is_refused_without_spending_the_code(setup):
    server, store, url = setup
    with httpx.Client(base_url=url) as browser:
        login(browser)
        code = server.new_code()
        response = browser.get("/callback", params={"code": code, "state": "attacker-state"})
    assert response.status_code == 400 and response.json() == {"error": "state_mismatch"}
    assert server.token_calls == 0 and store.load() is None


def test_a_callback_without_a_login_in_this_browser_is_refused(setup):
    server, _, url = setup
    with httpx.Client(base_url=url) as browser:
        response = browser.get("/callback", params={"code": server.new_code(), "state": "x"})
    assert response.status_code == 400 and server.token_calls == 0


def test_an_expired_saved_token_is_refreshed_and_saved_by_me(setup):
    server, store, url = setup
    old = Token.from_response(server.issue(expires_in=-1))
    store.save(old)
    with httpx.Client(base_url=url) as browser:
        assert browser.get("/me").json() == {"email": "a@example.com"}
    saved = store.load()
    assert server.token_calls == 1
    assert saved is not None and saved.access_token != old.access_token
    assert saved.refresh_token in server.refresh
