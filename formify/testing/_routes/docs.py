"""Routes for /docs: create, list, get, delete, revoke, reminders, signee updates and more.

Also history, the signed file (302 to the storage host), fields and field values.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from formify.testing._routes import views
from formify.testing._routes.http import answer, api, ctx, json_body, request_language, use_language
from formify.testing._state import documents, lifecycle, signees
from formify.testing._state.checks import query_int
from formify.testing._state.errors import ApiError

MAX_LIMIT = 50


def _doc_id(request: Request) -> str:
    return str(request.path_params["documentId"])


@api
async def create_document(request: Request) -> Response:
    """POST /docs."""
    body = await json_body(request)
    use_language(request, body.get("errorLanguage"))
    c = ctx(request)
    with c.store.lock:
        doc, status = documents.create(c.store, body, c.processing_delay)
        return answer(views.created(doc, status, c.store.app_url), 201)


@api
async def list_documents(request: Request) -> Response:
    """GET /docs: oldest first, limit at most 50, nextOffset null on the last page."""
    q = request.query_params
    limit = query_int(q.get("limit"), "limit", MAX_LIMIT, low=1, high=MAX_LIMIT)
    offset = query_int(q.get("offset"), "offset", 0, low=0, high=None)
    store = ctx(request).store
    with store.lock:
        docs, total = store.document_page(offset, limit)
        page = [views.summary(d) for d in docs]
    following = offset + limit if offset + limit < total else None
    return answer({"limit": limit, "offset": offset, "nextOffset": following, "documents": page})


@api
async def get_document(request: Request) -> Response:
    """GET /docs/{documentId}."""
    store = ctx(request).store
    with store.lock:
        found = store.document(_doc_id(request))
        return answer(views.document(found, store.clock.now(), store.app_url))


@api
async def delete_document(request: Request) -> Response:
    """DELETE /docs/{documentId}: completed or revoked only."""
    store = ctx(request).store
    with store.lock:
        lifecycle.delete(store, store.document(_doc_id(request)))
    return Response(status_code=204)


@api
async def revoke_document(request: Request) -> Response:
    """PUT /docs/{documentId}/revoke: before completion only."""
    raw = await request.body()
    if raw:
        body = await json_body(request)
        use_language(request, body.get("errorLanguage"))
    store = ctx(request).store
    with store.lock:
        doc = store.document(_doc_id(request))
        lifecycle.revoke(store, doc)
    return answer({"documentId": doc.document_id})


@api
async def send_reminder(request: Request) -> Response:
    """POST /docs/{documentId}/reminder."""
    body = await json_body(request)
    use_language(request, body.get("errorLanguage"))
    lang = request_language(request)
    store = ctx(request).store
    with store.lock:
        doc = store.document(_doc_id(request))
        return answer(signees.remind(store, doc, body, lang))


@api
async def update_signature_field(request: Request) -> Response:
    """PATCH /docs/{documentId}/signature-field."""
    body = await json_body(request, list)
    store = ctx(request).store
    with store.lock:
        doc = store.document(_doc_id(request))
        return answer(signees.update_signees(store, doc, body))


@api
async def document_history(request: Request) -> Response:
    """GET /docs/{documentId}/history."""
    store = ctx(request).store
    with store.lock:
        return answer(views.history(store.document(_doc_id(request))))


@api
async def signed_file(request: Request) -> Response:
    """GET /docs/{documentId}/signed-file: 302 to a 10-minute pre-signed storage URL."""
    c = ctx(request)
    with c.store.lock:
        doc = c.store.document(_doc_id(request))
        if doc.status != "completed" or doc.signed_pdf is None:
            raise ApiError(403, "signed_file_state")
        data = doc.signed_pdf
    url = c.storage.put(data, f"{doc.document_id}.pdf")
    return RedirectResponse(url, status_code=302)


@api
async def document_fields(request: Request) -> Response:
    """GET /docs/{documentId}/fields."""
    store = ctx(request).store
    with store.lock:
        return answer(store.document(_doc_id(request)).fields)


@api
async def get_field_values(request: Request) -> Response:
    """GET /docs/{documentId}/field-values: completed documents only."""
    store = ctx(request).store
    with store.lock:
        return answer(lifecycle.get_values(store.document(_doc_id(request))))


@api
async def set_field_values(request: Request) -> Response:
    """POST /docs/{documentId}/field-values: before anyone signed, editable fields only."""
    body = await json_body(request)
    use_language(request, body.get("errorLanguage"))
    store = ctx(request).store
    with store.lock:
        lifecycle.set_values(store.document(_doc_id(request)), body)
    return answer({"success": True})
