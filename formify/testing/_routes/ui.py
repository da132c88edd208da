"""The emulator's web pages, on its own origin and with no asset from elsewhere.

``/`` the dashboard (documents, their status and signees; it also forwards ``/#/oauth?...`` to
the consent page), ``/documents/{id}`` a document (``documentUrl`` points here), ``/outbox``
every message signees would get, ``/sign/{token}`` a signee's signing page: the PDF's pages
as images, the fields this signee may fill, and Sign with a typed name. Opening the page is
``document.opened``; signing runs the same state machine as ``emu.sign()``.
"""

from __future__ import annotations

import html
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from formify.testing import _pdf
from formify.testing._routes.http import ctx
from formify.testing._state import lifecycle
from formify.testing._state.clock import iso
from formify.testing._state.errors import ApiError
from formify.testing._state.models import Document, Signee
from formify.testing._state.outbox import turn_has_come

_STYLE = (
    "body{font-family:sans-serif;margin:2em;max-width:60em}"
    "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}"
    ".page{border:1px solid #999;margin:.5em 0;max-width:100%}"
    ".why{background:#fee;border:1px solid #c99;padding:.6em}"
    ".done{background:#efe;border:1px solid #9c9;padding:.6em}"
)
_FORWARD = (
    "<script>var h = location.hash;"
    "if (h.indexOf('#/oauth?') === 0) { location.replace('/authorize?' + h.slice(8)); }"
    "</script>"
)

e = html.escape


def page(title: str, body: str, status: int = 200) -> HTMLResponse:
    """Return an HTML page with the emulator's header."""
    return HTMLResponse(
        f"<!doctype html><html><head><meta charset='utf-8'><title>{e(title)}</title>"
        f"<style>{_STYLE}</style></head><body><nav><a href='/'>Documents</a> · "
        f"<a href='/outbox'>Outbox</a></nav><h1>{e(title)}</h1>{body}</body></html>",
        status_code=status,
    )


def _signee_status(doc: Document, signee: Signee) -> str:
    if signee.signed_at is not None:
        typed = f" as \u201c{signee.ink}\u201d" if signee.ink is not None else ""
        return f"signed {iso(signee.signed_at)}{typed}"
    if doc.status != "awaiting_signatures":
        return "not signed"
    return "awaiting signature" if turn_has_come(doc, signee) else "waiting for earlier signees"


async def dashboard(request: Request) -> Response:
    """GET /: every document with its status and signees."""
    store = ctx(request).store
    with store.lock:
        docs, _ = store.document_page(0, 10**9)
        rows = "".join(
            f"<tr><td><a href='/documents/{e(d.document_id)}'>{e(d.name)}</a></td>"
            f"<td class='status'>{e(d.status)}</td><td>"
            + ", ".join(f"{e(s.full_name)} ({e(_signee_status(d, s))})" for s in d.signees)
            + "</td></tr>"
            for d in docs
        )
    table = (
        f"<table><tr><th>Document</th><th>Status</th><th>Signees</th></tr>{rows}</table>"
        if rows
        else "<p>No documents yet.</p>"
    )
    return page("Formify emulator", table + _FORWARD)


async def document_page(request: Request) -> Response:
    """GET /documents/{id}: signees, history, field values, and the signed PDF once completed."""
    store = ctx(request).store
    with store.lock:
        doc = store.documents.get(request.path_params["documentId"])
        if doc is None:
            return page("No such document", "<p class='why'>It was deleted or never made.</p>", 404)
        store.settle(doc)
        signees = "".join(
            f"<tr><td>{e(s.full_name)}</td><td>{e(s.email_address or s.phone_number or '')}</td>"
            f"<td>{s.signing_order}</td><td>{e(_signee_status(doc, s))}</td></tr>"
            for s in doc.signees
        )
        history = "".join(f"<li>{e(iso(h['date']))} {e(h['type'])}</li>" for h in doc.history)
        values = "".join(
            f"<tr><td>{e(name)}</td><td class='value'>{e(', '.join(v))}</td></tr>"
            for name, v in sorted(doc.values.items())
        )
        signed = (
            f"<p><a id='signed-pdf' href='/documents/{e(doc.document_id)}/signed.pdf'>"
            "Signed PDF</a></p>"
            if doc.signed_pdf is not None
            else ""
        )
        body = (
            f"<p>Status: <b id='status'>{e(doc.status)}</b></p>{signed}"
            "<h2>Signees</h2><table><tr><th>Name</th><th>Contact</th><th>Order</th>"
            f"<th>Status</th></tr>{signees}</table>"
            f"<h2>Field values</h2><table>{values}</table><h2>History</h2><ul>{history}</ul>"
        )
        return page(doc.name, body)


async def signed_pdf(request: Request) -> Response:
    """GET /documents/{id}/signed.pdf: the signed PDF of a completed document."""
    store = ctx(request).store
    with store.lock:
        doc = store.documents.get(request.path_params["documentId"])
        data = doc.signed_pdf if doc is not None else None
    if data is None:
        return page("Not signed yet", "<p class='why'>The document is not completed.</p>", 404)
    return Response(data, media_type="application/pdf")


async def outbox_page(request: Request) -> Response:
    """GET /outbox: every message signees would get, with its signing link."""
    messages = ctx(request).store.outbox.messages()
    rows = "".join(
        f"<tr class='message'><td>{e(iso(m.at))}</td><td>{e(m.kind)}</td><td>{e(m.channel)}</td>"
        f"<td>{e(m.to)}</td><td>{e(m.text)}</td>"
        f"<td><a class='signing-link' href='{e(m.signing_path)}'>Open and sign</a></td></tr>"
        for m in messages
    )
    table = (
        "<table><tr><th>When</th><th>Kind</th><th>Channel</th><th>To</th><th>Message</th>"
        f"<th>Link</th></tr>{rows}</table>"
        if rows
        else "<p>No messages yet.</p>"
    )
    return page("Outbox", table)


def _find(request: Request) -> tuple[Document, Signee] | None:
    return ctx(request).store.signing_link(request.path_params["token"])


def _why_not(doc: Document, signee: Signee) -> str | None:
    if doc.status == "revoked":
        return "This document was revoked by its sender: it can no longer be signed."
    if doc.status == "completed":
        return "This document is completed: every signee has signed."
    if doc.status == "processing":
        return "This document is still being prepared; try again in a moment."
    if signee.signed_at is not None:
        return "You have signed this document."
    if not turn_has_come(doc, signee):
        return "It is not your turn yet: earlier signees must sign first."
    return None


def _field_input(field: dict[str, Any], current: list[str], editable: bool) -> str:
    name, kind = field["name"], field["type"]
    key = f"field:{name}"
    off = "" if editable else " disabled"
    value = current[0] if current else ""
    if kind == "textField":
        return f"<input name='{e(key)}' id='{e(key)}' value='{e(value)}'{off}>"
    if kind == "checkbox":
        checked = " checked" if value else ""
        return f"<input type='checkbox' name='{e(key)}' id='{e(key)}' value='Yes'{checked}{off}>"
    multiple = " multiple" if kind == "listbox" else ""
    options = "".join(
        f"<option value='{e(o['value'])}'{' selected' if o['value'] in current else ''}>"
        f"{e(o['label'])}</option>"
        for o in field.get("options") or []
    )
    return f"<select name='{e(key)}' id='{e(key)}'{multiple}{off}>{options}</select>"


def _no_such_link() -> Response:
    return page("No such signing link", "<p class='why'>The link is not valid.</p>", 404)


async def signing_page(request: Request) -> Response:
    """GET /sign/{token}: the signee opens the document (``document.opened``)."""
    store = ctx(request).store
    with store.lock:
        found = _find(request)
        if found is None:
            return _no_such_link()
        doc, signee = found
        store.settle(doc)
        why = _why_not(doc, signee)
        if why is None:
            lifecycle.open_document(store, doc, signee.signee_id)
        notice = request.query_params.get("notice", "")
        return page(f"Sign: {doc.name}", _signing_body(doc, signee, why, notice))


def _signing_body(doc: Document, signee: Signee, why: str | None, notice: str) -> str:
    token = e(signee.signing_token)
    images = "".join(
        f"<img class='page' id='page-{n}' alt='page {n}' src='/sign/{token}/pages/{n}.png'>"
        for n in range(1, doc.pages + 1)
    )
    head = f"<p>For <b>{e(signee.full_name)}</b>. Status: <b id='status'>{e(doc.status)}</b></p>"
    if notice:
        head += f"<p class='done' id='notice'>{e(notice)}</p>"
    if why is not None:
        return f"{head}<p class='why' id='why'>{e(why)}</p>{images}"
    editable = not any(s.signed_at for s in doc.signees)
    merged = {f["name"]: f["defaultValues"] for f in doc.fields}
    merged.update(doc.values)
    rows = "".join(
        f"<tr><td><label for='field:{e(f['name'])}'>{e(f['name'])}</label></td><td>"
        + _field_input(f, merged.get(f["name"], []), editable and f["editable"])
        + "</td></tr>"
        for f in doc.fields
    )
    form = (
        f"<form method='post' action='/sign/{token}'><h2>Fields</h2><table>{rows}</table>"
        "<h2>Signature</h2><p><label for='typed-name'>Type your full name to sign</label> "
        "<input id='typed-name' name='typed_name' required> "
        "<button id='sign' type='submit'>Sign</button></p></form>"
    )
    return head + form + images


async def page_image(request: Request) -> Response:
    """GET /sign/{token}/pages/{n}.png: one page rendered, the values filled so far drawn in."""
    store = ctx(request).store
    with store.lock:
        found = _find(request)
        if found is None:
            return Response(status_code=404)
        doc, _ = found
        data = doc.signed_pdf or (_pdf.fill_fields(doc.pdf, doc.values) if doc.values else doc.pdf)
    try:
        png = _pdf.page_png(data, int(request.path_params["n"]))
    except (IndexError, ValueError):
        return Response(status_code=404)
    return Response(png, media_type="image/png", headers={"Cache-Control": "no-store"})


async def sign_submit(request: Request) -> Response:
    """POST /sign/{token}: save the fields this signee filled, then sign with the typed name."""
    form = await request.form()
    store = ctx(request).store
    with store.lock:
        found = _find(request)
        if found is None:
            return _no_such_link()
        doc, signee = found
        why = _why_not(doc, signee)
        typed = str(form.get("typed_name", "")).strip()
        if why is None and not typed:
            why = "Type your name to sign."
        if why is not None:
            return page(f"Sign: {doc.name}", _signing_body(doc, signee, why, ""), 409)
        try:
            if not any(s.signed_at for s in doc.signees):
                values = _posted_values(doc, form)
                if values:
                    lifecycle.set_values(doc, {"fields": values})
            lifecycle.sign(store, doc, signee.signee_id, ink=typed)
        except ApiError as exc:
            return page(f"Sign: {doc.name}", _signing_body(doc, signee, exc.message("en"), ""), 409)
    done = "Signed. The document is completed." if doc.status == "completed" else "Signed."
    return RedirectResponse(f"/sign/{signee.signing_token}?notice={done}", status_code=303)


def _posted_values(doc: Document, form: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for field in doc.fields:
        if not field["editable"]:
            continue
        key = f"field:{field['name']}"
        kind = field["type"]
        if kind == "checkbox":
            out.append({"name": field["name"], "value": ["Yes"] if form.get(key) else [""]})
            continue
        posted = [str(v) for v in form.getlist(key)]
        if not posted:
            continue
        single = kind in ("textField", "radioButton")
        out.append({"name": field["name"], "value": posted[0] if single else posted})
    return out
