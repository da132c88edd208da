"""``formify auth``: login through the emulator's consent page, then status/token/logout."""

from __future__ import annotations

import json
import stat
import sys
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
from _cli import cli_env, one_line_error, run, run_json, start

from formify.testing import Emulator


class _Form(HTMLParser):
    """The consent page's form: its action and hidden inputs (what a browser would post)."""

    def __init__(self) -> None:
        super().__init__()
        self.action = ""
        self.fields: dict[str, str] = {}
        self.buttons: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.action = a.get("action", "")
        elif tag == "input" and a.get("type") == "hidden":
            self.fields[a["name"]] = a.get("value", "")
        elif tag == "button":
            self.buttons[a.get("value", "")] = a.get("name", "")


def _browse(authorize_url: str, approve: bool = True) -> httpx.Response:
    """Do what a browser does with the authorize URL; return the loopback page's answer."""
    parts = urlsplit(authorize_url)
    origin = f"{parts.scheme}://{parts.netloc}"
    with httpx.Client(trust_env=False, timeout=10) as browser:
        home = browser.get(origin + "/")  # the app host; its script moves the fragment on
        assert home.status_code == 200 and "location.replace('/authorize?'" in home.text
        query = parts.fragment.removeprefix("/oauth?")
        page = browser.get(f"{origin}/authorize?{query}")
        assert page.status_code == 200, page.text
        form = _Form()
        form.feed(page.text)
        decision = "approve" if approve else "deny"
        data = {**form.fields, form.buttons[decision]: decision}
        posted = browser.post(origin + form.action, data=data)
        assert posted.status_code == 302
        return browser.get(posted.headers["location"])  # the browser follows to 127.0.0.1


def _login(
    emu: Emulator, env: dict[str, str], approve: bool = True, browser: Path | None = None
) -> tuple[int, str, str]:
    """Run `auth login`; answer the consent page at the URL it prints (or gives `browser`)."""
    args = ["--json", "auth", "login", "--timeout", "30"]
    if browser is None:
        args.append("--no-browser")
    else:  # Python's webbrowser runs $BROWSER with the URL: a "browser" that notes it
        script = browser.with_name("browser")
        script.write_text(f"#!{sys.executable}\n{_BROWSER.format(str(browser))}\n")
        script.chmod(0o700)
        env = {**env, "BROWSER": str(script)}
    proc = start(*args, env=env)
    assert proc.stderr is not None
    try:
        expected = "Open this URL:" if browser is None else "Opened your browser"
        while expected not in proc.stderr.readline():
            assert proc.poll() is None, proc.stderr.read()
        authorize_url = proc.stderr.readline().strip()
        assert authorize_url.startswith(emu.url + "/#/oauth?")
        if browser is not None:
            assert browser.read_text() == authorize_url  # the browser was given the URL
        landing = _browse(authorize_url, approve)
        assert landing.status_code == (200 if approve else 400)
        out, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    return proc.wait(), out, err


_BROWSER = "import sys, pathlib; pathlib.Path({!r}).write_text(sys.argv[1])"


def _oauth_env(emu: Emulator, config_home: Path) -> dict[str, str]:
    return cli_env(
        config_home,
        FORMIFY_BASE_URL=emu.base_url,
        FORMIFY_CLIENT_ID=emu.oauth_client_id,
        FORMIFY_CLIENT_SECRET=emu.oauth_client_secret,
    )


def test_login_status_token_logout(formify_emulator: Emulator, tmp_path: Path) -> None:
    emu = formify_emulator
    code, out, err = _login(emu, _oauth_env(emu, tmp_path))
    assert code == 0, err
    logged_in = json.loads(out)
    assert logged_in["user"]["emailAddress"] == "owner@example.com"
    token_file = tmp_path / "formify" / "default" / "token.json"
    settings_file = tmp_path / "formify" / "default" / "settings.json"
    for path in (token_file, settings_file):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert stat.S_IMODE(token_file.parent.stat().st_mode) == 0o700
    stored = json.loads(token_file.read_text())
    # nothing secret in what login printed
    for secret in (stored["access_token"], stored["refresh_token"], emu.oauth_client_secret):
        assert secret not in out + err

    # second processes, with only the base URL now: the profile remembers the client
    env = cli_env(tmp_path, FORMIFY_BASE_URL=emu.base_url)
    status = run_json("auth", "status", env=env)
    assert status["user"]["emailAddress"] == "owner@example.com"
    assert status["scope"] == "read,write" and status["refreshable"] is True
    assert datetime.fromisoformat(status["expiresAt"]) > datetime.now(UTC)
    status_text = run("auth", "status", env=env)
    assert status_text.returncode == 0 and "owner@example.com" in status_text.stdout
    for secret in (stored["access_token"], stored["refresh_token"], emu.oauth_client_secret):
        assert secret not in json.dumps(status) + status_text.stdout + status_text.stderr

    # another profile has its own (empty) login
    other = run("--profile", "work", "auth", "status", env=env)
    assert "profile 'work'" in one_line_error(other, 1, "Error")

    printed = run("auth", "token", env=env)
    assert printed.returncode == 0 and printed.stdout == stored["access_token"] + "\n"
    assert run_json("auth", "token", env=env)["accessToken"] == stored["access_token"]

    # an access token about to expire is refreshed, saved, and the new one printed
    stored["expires_at"] = (datetime.now(UTC) + timedelta(seconds=5)).isoformat()
    token_file.write_text(json.dumps(stored))
    fresh = run("auth", "token", env=env)
    assert fresh.returncode == 0
    new_token = fresh.stdout.strip()
    assert new_token != stored["access_token"]
    assert json.loads(token_file.read_text())["access_token"] == new_token
    user = httpx.get(f"{emu.base_url}/user", headers={"Authorization": f"Bearer {new_token}"})
    assert user.status_code == 200

    # commands use the login (whoami), then logout revokes it and deletes the file
    assert run_json("whoami", env=env)["emailAddress"] == "owner@example.com"
    assert run_json("auth", "logout", env=env) == {
        "profile": "default",
        "revoked": True,
        "deleted": True,
    }
    assert not token_file.exists()
    revoked = httpx.get(f"{emu.base_url}/user", headers={"Authorization": f"Bearer {new_token}"})
    assert revoked.status_code == 401
    one_line_error(run("whoami", env=env), 1, "Error")


def test_denied_login_fails_and_saves_nothing(formify_emulator: Emulator, tmp_path: Path) -> None:
    emu = formify_emulator
    opened = tmp_path / "opened-url"
    code, out, err = _login(emu, _oauth_env(emu, tmp_path), approve=False, browser=opened)
    assert code == 1 and out == ""
    assert err.splitlines()[-1] == "Error: the authorization was refused: access_denied"
    assert not (tmp_path / "formify" / "default" / "token.json").exists()


def test_login_without_a_client_is_a_usage_error(tmp_path: Path) -> None:
    proc = run("auth", "login", "--no-browser", env=cli_env(tmp_path))
    assert "formify emulator" in one_line_error(proc, 2, "UsageError")


def test_a_redirect_with_another_state_is_refused(
    formify_emulator: Emulator, tmp_path: Path
) -> None:
    # a forged redirect (CSRF): right shape, code from elsewhere, state not the one sent
    emu = formify_emulator
    proc = start("auth", "login", "--no-browser", "--timeout", "30", env=_oauth_env(emu, tmp_path))
    assert proc.stderr is not None
    try:
        while "Open this URL:" not in proc.stderr.readline():
            assert proc.poll() is None, proc.stderr.read()
        query = parse_qs(urlsplit(proc.stderr.readline().strip()).fragment.split("?", 1)[1])
        redirect_uri, state = query["redirect_uri"][0], query["state"][0]
        assert redirect_uri.startswith("http://127.0.0.1:") and len(state) >= 32
        forged = httpx.get(redirect_uri, params={"code": "stolen", "state": "x" + state})
        assert forged.status_code == 200
        out, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.wait() == 1 and out == ""
    assert err.splitlines()[-1].startswith("OAuthError: ") and "state" in err.splitlines()[-1]
    assert not (tmp_path / "formify" / "default" / "token.json").exists()
