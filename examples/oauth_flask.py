"""Connect a Formify account to a Flask app with OAuth 2.0, then call the API as that account.

`create_app(oauth, store, secret_key)` returns an app with three routes:

- `GET /login` sends the browser to Formify's consent page. The `state` it generates is
  kept in the (signed) session cookie: it is what proves, on the way back, that the
  redirect answers a login this browser started (CSRF protection).
- `GET /callback?code=…&state=…` checks the state (`expected_state`; a mismatch raises
  `OAuthError("state_mismatch")` before any request), exchanges the code and saves the token.
- `GET /me` calls the API with the saved token. The client refreshes it when it is about to
  expire, saves the new one to the store before using it (refresh tokens rotate: the old one
  stops working), and several worker processes sharing the `FileTokenStore` refresh once.

Run directly, it reads FORMIFY_CLIENT_ID, FORMIFY_CLIENT_SECRET, FORMIFY_REDIRECT_URI (e.g.
http://127.0.0.1:8788/callback, registered with Formify), FLASK_SECRET_KEY and TOKEN_FILE.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from flask import Flask, abort, redirect, request, session

from formify import FileTokenStore, Formify, OAuthApp, OAuthError, TokenStore


def create_app(oauth: OAuthApp, store: TokenStore, secret_key: str) -> Flask:
    """Build the Flask app that links one Formify account through `oauth` into `store`."""
    app = Flask(__name__)
    app.secret_key = secret_key

    @app.get("/login")
    def login() -> Any:
        url, state = oauth.authorization_url(scope="read,write")
        session["oauth_state"] = state
        return redirect(url)

    @app.get("/callback")
    def callback() -> Any:
        if "error" in request.args:  # the user pressed Deny
            return {"error": request.args["error"]}, 403
        expected = session.pop("oauth_state", None)
        if expected is None:
            abort(400, "no login in progress")
        try:
            token = oauth.exchange_code(
                request.args.get("code", ""),
                state=request.args.get("state"),
                expected_state=expected,
            )
        except OAuthError as exc:
            return {"error": exc.error}, 400
        store.save(token)
        return {"connected": True, "scope": token.scope}

    @app.get("/me")
    def me() -> Any:
        token = store.load()
        if token is None:
            return redirect("/login")
        with Formify(oauth=oauth, token=token, token_store=store) as client:
            user = client.user.get()
        return {"email": user.email_address}

    return app


if __name__ == "__main__":
    needed = {
        "FORMIFY_CLIENT_ID": "your OAuth app's client id (Formify developer settings)",
        "FORMIFY_CLIENT_SECRET": "its client secret",
        "FORMIFY_REDIRECT_URI": "a redirect URI registered for it, e.g."
        " http://127.0.0.1:8788/callback",
        "FLASK_SECRET_KEY": "any long random string (signs the session cookie)",
    }
    missing = [name for name in needed if not os.environ.get(name)]
    if missing:
        print("set " + ", ".join(missing) + " (optional: TOKEN_FILE):", file=sys.stderr)
        for name in missing:
            print(f"  {name}: {needed[name]}", file=sys.stderr)
        sys.exit(2)
    oauth = OAuthApp(
        client_id=os.environ["FORMIFY_CLIENT_ID"],
        client_secret=os.environ["FORMIFY_CLIENT_SECRET"],
        redirect_uri=os.environ["FORMIFY_REDIRECT_URI"],
    )
    store = FileTokenStore(os.environ.get("TOKEN_FILE", "formify-token.json"))
    create_app(oauth, store, os.environ["FLASK_SECRET_KEY"]).run(port=8788)
