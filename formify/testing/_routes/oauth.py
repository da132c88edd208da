"""OAuth: the consent page, POST /oauth/token for both grants, and POST /oauth/revoke.

The consent page stands for the app host's ``/#/oauth``; it is served here at ``/authorize``.
"""

from __future__ import annotations

import html
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from formify.testing._routes.http import ctx
from formify.testing._state.errors import language, render
from formify.testing._state.tokens import OAuthError

SCOPES = ("read", "write", "read,write")
GRANTS = ("authorization_code", "refresh_token")
_PARAMS = ("client_id", "redirect_uri", "response_type", "scope", "state")


def _page(title: str, body: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(
        f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
        f"</head><body><h1>{html.escape(title)}</h1>{body}</body></html>",
        status_code=status,
    )


def _authorize_problem(request: Request, params: dict[str, str]) -> str | None:
    tokens = ctx(request).tokens
    if params.get("client_id") not in tokens.clients:
        return "Unknown client_id."
    if not params.get("redirect_uri") or not tokens.redirect_ok(
        params["client_id"], params["redirect_uri"]
    ):
        return "redirect_uri is not registered for this client."
    if params.get("response_type") != "code":
        return "response_type must be code."
    if params.get("scope") not in SCOPES:
        return "scope must be read, write or read,write."
    return None


async def authorize_page(request: Request) -> Response:
    """GET /authorize: the consent dialog, with Authorize and Deny buttons."""
    params = {k: request.query_params.get(k, "") for k in _PARAMS}
    problem = _authorize_problem(request, params)
    if problem:
        return _page("Authorization failed", f"<p>{html.escape(problem)}</p>", 400)
    hidden = "".join(
        f"<input type='hidden' name='{k}' value='{html.escape(v, quote=True)}'>"
        for k, v in params.items()
    )
    form = (
        f"<p>Allow <b>{html.escape(params['client_id'])}</b> to access your Formify account "
        f"({html.escape(params['scope'])})?</p><form method='post' action='/authorize'>{hidden}"
        "<button name='decision' value='approve'>Authorize</button> "
        "<button name='decision' value='deny'>Deny</button></form>"
    )
    return _page("Formify emulator: authorize application", form)


async def authorize_decision(request: Request) -> Response:
    """POST /authorize: 302 to redirect_uri with ?code=...&state=... (or error=access_denied)."""
    form = await request.form()
    params = {k: str(form.get(k, "")) for k in _PARAMS}
    problem = _authorize_problem(request, params)
    if problem:
        return _page("Authorization failed", f"<p>{html.escape(problem)}</p>", 400)
    if form.get("decision") == "approve":
        code = ctx(request).tokens.issue_code(
            params["client_id"], params["redirect_uri"], params["scope"]
        )
        query = {"code": code}
    else:
        query = {"error": "access_denied"}
    if params["state"]:
        query["state"] = params["state"]
    sep = "&" if "?" in params["redirect_uri"] else "?"
    return RedirectResponse(f"{params['redirect_uri']}{sep}{urlencode(query)}", status_code=302)


def _oauth_error(status: int, code: str, key: str, lang: str) -> JSONResponse:
    return JSONResponse({"error": code, "error_description": render(key, lang)}, status_code=status)


def _missing(name: str, lang: str) -> JSONResponse:
    description = render("required", lang, field=name)
    return JSONResponse({"error": "invalid_request", "error_description": description}, 400)


async def token(request: Request) -> Response:
    """POST /oauth/token (form-encoded): authorization_code or refresh_token grant."""
    form = await request.form()
    data = {k: v for k, v in form.items() if isinstance(v, str)}
    lang = language(data.get("error_language"))
    for name in ("grant_type", "client_id", "client_secret"):
        if not data.get(name):
            return _missing(name, lang)
    tokens = ctx(request).tokens
    if not tokens.client_ok(data["client_id"], data["client_secret"]):
        return _oauth_error(401, "invalid_client", "oauth_client", lang)
    try:
        if data["grant_type"] == "authorization_code":
            if not data.get("code"):
                raise OAuthError(400, "invalid_request", "oauth_code")
            issued = tokens.exchange_code(data["client_id"], data["code"], data.get("redirect_uri"))
        elif data["grant_type"] == "refresh_token":
            if not data.get("refresh_token"):
                raise OAuthError(400, "invalid_request", "oauth_refresh")
            issued = tokens.refresh(data["client_id"], data["refresh_token"], data.get("scope"))
        else:
            return JSONResponse(
                {
                    "error": "unsupported_grant_type",
                    "error_description": render(
                        "enum",
                        lang,
                        field="grant_type",
                        allowed="authorization_code, refresh_token",
                    ),
                },
                status_code=400,
            )
    except OAuthError as exc:
        return _oauth_error(exc.status, exc.code, exc.key, lang)
    return JSONResponse(issued, headers={"Cache-Control": "no-store", "Pragma": "no-cache"})


async def revoke(request: Request) -> Response:
    """POST /oauth/revoke: 200 with no body, 400 for an unknown or already revoked token."""
    form = await request.form()
    value = form.get("token")
    lang = language(form.get("error_language"))
    if not isinstance(value, str) or not value:
        return _missing("token", lang)
    if not ctx(request).tokens.revoke(value):
        return _oauth_error(400, "invalid_token", "oauth_token", lang)
    return Response(status_code=200)
