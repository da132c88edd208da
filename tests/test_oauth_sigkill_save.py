"""A worker SIGKILLed inside FileTokenStore's save, after the server rotated the refresh token:
the complete temporary file it left is moved into place by the next lock holder, so the grant
survives (it used to be lost: the only live refresh token sat in a stray .tmp file).
"""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta

import attrs

from formify import FileTokenStore, Formify
from formify.testing import Emulator
from formify.testing.conformance import connect_account

CHILD = """
import os, signal, sys
import formify._tokens as tokens
from formify import FileTokenStore, Formify, OAuthApp
# Killed between writing the new token's temporary file and renaming it into place.
tokens.os.replace = lambda a, b: os.kill(os.getpid(), signal.SIGKILL)
base, client_id, secret, path = sys.argv[1:5]
app = OAuthApp(client_id, secret, "https://x.example/cb", base_url=base)
Formify(oauth=app, token_store=FileTokenStore(path), base_url=base).user.get()
"""


def test_a_holder_killed_inside_save_loses_no_grant(tmp_path) -> None:
    with Emulator(rate_limit=1_000_000) as emu:
        app, token = connect_account(emu)
        path = tmp_path / "token.json"
        FileTokenStore(path).save(
            attrs.evolve(token, expires_at=datetime.now(UTC) - timedelta(minutes=1))
        )
        args = [emu.base_url, app.client_id, app._client_secret, str(path)]
        child = subprocess.run([sys.executable, "-c", CHILD, *args], check=False)
        assert child.returncode == -9
        assert [p.name for p in tmp_path.glob(".token.json.*.tmp")]  # the rotated token, stranded
        with Formify(oauth=app, token_store=FileTokenStore(path), base_url=emu.base_url) as c:
            c.user.get()  # the grant survived: no invalid_grant
        assert not list(tmp_path.glob(".token.json.*.tmp"))
        saved = FileTokenStore(path).load()
        assert saved is not None and saved.refresh_token != token.refresh_token
