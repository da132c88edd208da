"""A Flask app serving many Formify accounts from many worker processes.

Each customer connects their own Formify account through OAuth (`/connect/<account>`, then
`/oauth/callback`); its token is kept in one shared `SQLiteTokenStore` under the key
`account:<account>` (use `RedisTokenStore` or `PostgresTokenStore` across hosts). Every
request builds that account's client on the process's one `httpx` pool and one `OAuthApp`:
cheap, and an expired token is refreshed once across all workers. Webhooks are verified and
deduplicated across workers with one `SQLiteEventIdStore`.

Configuration (environment): FORMIFY_CLIENT_ID, FORMIFY_CLIENT_SECRET, FORMIFY_REDIRECT_URI,
FORMIFY_BASE_URL, FORMIFY_AUTHORIZE_BASE, FLASK_SECRET_KEY, FORMIFY_WEBHOOK_SECRET and
DATA_DIR (where tokens.db, events.db and handled.db live). Run several workers, e.g.
`gunicorn -w 4 'examples.multi_account.app:create_app()'`; the tests start two processes.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path
from typing import Any

import httpx
from flask import Flask, abort, redirect, request, session

from formify import ConsentRequiredError, Formify, OAuthApp, OAuthError, webhooks
from formify.stores import SQLiteEventIdStore, SQLiteTokenStore
from formify.webhooks import Delivery, ProcessedEvents

REQUIRED = {
    "FORMIFY_CLIENT_ID": "your OAuth app's client id",
    "FORMIFY_CLIENT_SECRET": "your OAuth app's client secret",
    "FORMIFY_REDIRECT_URI": "the registered redirect URI, e.g. http://127.0.0.1:8000/oauth/callback",
    "FLASK_SECRET_KEY": "any long random string (signs the session cookie)",
    "FORMIFY_WEBHOOK_SECRET": "the signingSecret returned when the webhook was registered",
    "DATA_DIR": "a directory for tokens.db, events.db and handled.db",
}


def require_settings(env: dict[str, str]) -> None:
    """Exit 2 naming every missing variable (no KeyError from a worker half-way up)."""
    missing = [name for name in REQUIRED if not env.get(name)]
    if missing:
        lines = "\n".join(f"  {name}: {REQUIRED[name]}" for name in missing)
        print(f"set these environment variables first:\n{lines}", file=sys.stderr)
        sys.exit(2)


def create_app(env: dict[str, str] | None = None) -> Flask:
    """Build the app from `env` (default: the process environment)."""
    env = dict(os.environ if env is None else env)
    require_settings(env)
    data = Path(env["DATA_DIR"])
    oauth = OAuthApp(
        env["FORMIFY_CLIENT_ID"],
        env["FORMIFY_CLIENT_SECRET"],
        env["FORMIFY_REDIRECT_URI"],
        base_url=env.get("FORMIFY_BASE_URL"),
        authorize_base=env.get("FORMIFY_AUTHORIZE_BASE"),
    )
    pool = httpx.Client()  # one connection pool for every account this process serves
    processed = ProcessedEvents(SQLiteEventIdStore(data / "events.db"))
    app = Flask(__name__)
    app.secret_key = env["FLASK_SECRET_KEY"]

    def store_for(account: str) -> SQLiteTokenStore:
        return SQLiteTokenStore(data / "tokens.db", key=f"account:{account}")

    def client_for(account: str) -> Formify:
        # Opens no connection: the pool, the OAuthApp and the store do the sharing.
        return Formify(
            oauth=oauth, token_store=store_for(account), http_client=pool, base_url=oauth.base_url
        )

    @app.get("/connect/<account>")
    def connect(account: str) -> Any:
        url, state = oauth.authorization_url(scope="read,write")
        session["oauth"] = {"state": state, "account": account}
        return redirect(url)

    @app.get("/oauth/callback")
    def callback() -> Any:
        pending = session.pop("oauth", None)
        if pending is None:
            abort(400, "no connection in progress")
        try:
            token = oauth.exchange_code(
                request.args.get("code", ""),
                state=request.args.get("state"),
                expected_state=pending["state"],
            )
        except OAuthError as exc:
            return {"error": exc.error}, 400
        store_for(pending["account"]).save(token)
        return {"connected": pending["account"]}

    @app.get("/accounts/<account>/me")
    def me(account: str) -> Any:
        if store_for(account).load() is None:
            return {"error": "not connected", "connect": f"/connect/{account}"}, 404
        try:
            user = client_for(account).user.get()
        except ConsentRequiredError as exc:  # the grant is dead: this account must reconnect
            return {"error": exc.error, "connect": f"/connect/{account}"}, 409
        return {"account": account, "email": user.email_address, "pid": os.getpid()}

    @app.post("/webhooks")
    def receive() -> Any:
        try:
            event = webhooks.construct_event(
                request.get_data(), request.headers, env["FORMIFY_WEBHOOK_SECRET"]
            )
        except webhooks.WebhookVerificationError:
            return {"error": "bad signature"}, 400
        state = processed.begin(event.event_id)
        if state is Delivery.DONE:
            return {"duplicate": True}
        if state is Delivery.IN_PROGRESS:
            return {"error": "being handled"}, 409  # Formify delivers it again later
        try:
            with sqlite3.connect(data / "handled.db") as db:  # the app's own work
                db.execute("CREATE TABLE IF NOT EXISTS handled (event_id TEXT, pid INT)")
                db.execute("INSERT INTO handled VALUES (?, ?)", (event.event_id, os.getpid()))
        except Exception:
            processed.forget(event.event_id)
            raise
        processed.finish(event.event_id)
        return {"handled": event.event_id}

    return app


if __name__ == "__main__":
    create_app().run(host="127.0.0.1", port=int(os.environ.get("PORT", "8000")))
