"""Routes for /templates: list (paged), get, fields."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from formify.testing import _pdf
from formify.testing._routes import views
from formify.testing._routes.http import answer, api, ctx
from formify.testing._state.checks import query_int

MAX_LIMIT = 50


@api
async def list_templates(request: Request) -> Response:
    """GET /templates."""
    q = request.query_params
    limit = query_int(q.get("limit"), "limit", MAX_LIMIT, low=1, high=MAX_LIMIT)
    offset = query_int(q.get("offset"), "offset", 0, low=0, high=None)
    store = ctx(request).store
    with store.lock:
        items = list(store.templates.values())
    page = [views.template_summary(t) for t in items[offset : offset + limit]]
    following = offset + limit if offset + limit < len(items) else None
    return answer({"limit": limit, "offset": offset, "nextOffset": following, "templates": page})


@api
async def get_template(request: Request) -> Response:
    """GET /templates/{templateId}."""
    store = ctx(request).store
    with store.lock:
        return answer(views.template(store.template(request.path_params["templateId"])))


@api
async def template_fields(request: Request) -> Response:
    """GET /templates/{templateId}/fields."""
    store = ctx(request).store
    with store.lock:
        pdf = store.template(request.path_params["templateId"]).pdf
    return answer(_pdf.read_fields(pdf))
