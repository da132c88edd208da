"""The emulator as an ASGI app: ``create_app`` wires state, routes and middleware together.

Usable in-process (``httpx.ASGITransport(app=create_app(...))``) or served by ``Emulator``.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from formify.testing._app.gate import Gate
from formify.testing._routes import account, docs, files, oauth, templates, ui, webhooks
from formify.testing._routes.control import Control
from formify.testing._routes.control import routes as control_routes
from formify.testing._state.clock import FIXED_START, Clock
from formify.testing._state.context import Context
from formify.testing._state.events import publisher
from formify.testing._state.faults import Faults
from formify.testing._state.operations import compile_operations
from formify.testing._state.ratelimit import RateLimiter
from formify.testing._state.storage import Storage
from formify.testing._state.store import Store
from formify.testing._state.tokens import Tokens

if TYPE_CHECKING:
    from formify.testing._state.delivery import WebhookDeliverer

DEFAULT_RATE_LIMIT = 10_000  # per window: generous, so ordinary tests never see a 429
DEFAULT_RATE_WINDOW = 60.0
DEFAULT_PROCESSING_DELAY = 2.0  # emulated seconds an AI-assistant document stays "processing"

# (method, path under /v1, operationId, handler)
OPERATIONS = [
    ("POST", "/oauth/token", "createToken", oauth.token),
    ("POST", "/oauth/revoke", "revokeToken", oauth.revoke),
    ("POST", "/files", "uploadFile", files.upload_file),
    ("POST", "/files/merge", "mergeFiles", files.merge_files),
    ("DELETE", "/files/{fileId}", "deleteFile", files.delete_file),
    ("GET", "/files/{fileId}/fields", "getFileFields", files.file_fields),
    ("POST", "/docs", "createDocument", docs.create_document),
    ("GET", "/docs", "listDocuments", docs.list_documents),
    ("GET", "/docs/{documentId}", "getDocument", docs.get_document),
    ("DELETE", "/docs/{documentId}", "deleteDocument", docs.delete_document),
    (
        "PATCH",
        "/docs/{documentId}/signature-field",
        "updateSignatureField",
        docs.update_signature_field,
    ),
    ("POST", "/docs/{documentId}/reminder", "sendReminder", docs.send_reminder),
    ("PUT", "/docs/{documentId}/revoke", "revokeDocument", docs.revoke_document),
    ("GET", "/docs/{documentId}/history", "getDocumentHistory", docs.document_history),
    ("GET", "/docs/{documentId}/signed-file", "downloadSignedFile", docs.signed_file),
    ("GET", "/docs/{documentId}/fields", "getDocumentFields", docs.document_fields),
    ("GET", "/docs/{documentId}/field-values", "getFieldValues", docs.get_field_values),
    ("POST", "/docs/{documentId}/field-values", "setFieldValues", docs.set_field_values),
    ("GET", "/templates", "listTemplates", templates.list_templates),
    ("GET", "/templates/{templateId}", "getTemplate", templates.get_template),
    ("GET", "/templates/{templateId}/fields", "getTemplateFields", templates.template_fields),
    ("GET", "/account/users", "listAccountUsers", account.account_users),
    ("GET", "/user", "getUser", account.get_user),
    ("POST", "/webhooks", "registerWebhook", webhooks.register_webhook),
    ("GET", "/webhooks", "listWebhooks", webhooks.list_webhooks),
    ("GET", "/webhooks/{webhookId}", "getWebhook", webhooks.get_webhook),
    ("DELETE", "/webhooks/{webhookId}", "deleteWebhook", webhooks.delete_webhook),
    ("POST", "/webhooks/{webhookId}/rotate-secret", "rotateWebhookSecret", webhooks.rotate_secret),
]


DEFAULT_CLIENT_ID = "formify-emulator-client"


async def _unrouted(request: Request, exc: Exception) -> Response:
    # unknown paths and methods answer in the API's error shape, not Starlette's plain text
    status = getattr(exc, "status_code", 404)
    message = "Method not allowed." if status == 405 else f"No such path: {request.url.path}"
    return JSONResponse({"message": message}, status_code=status)


async def _internal(request: Request, exc: Exception) -> Response:
    # an emulator bug: answered in the API's error shape (Guard keeps the connection open)
    message = f"Internal error in the emulator: {type(exc).__name__}."
    return JSONResponse({"message": message}, status_code=500)


class EmulatorApp(Gate):
    """The emulator's ASGI app, with its state, controls and the credentials it accepts.

    ``.ctx`` is the state, ``.control`` the test controls; ``access_token`` and
    ``oauth_client_id``/``oauth_client_secret`` are accepted by the API.
    """

    control: Control
    access_token: str
    oauth_client_id: str
    oauth_client_secret: str


def create_app(
    access_token: str | None = None,
    *,
    storage: Storage | None = None,
    clock: Clock | None = None,
    rate_limit: int = DEFAULT_RATE_LIMIT,
    rate_window: float = DEFAULT_RATE_WINDOW,
    processing_delay: float = DEFAULT_PROCESSING_DELAY,
    deliverer: WebhookDeliverer | None = None,
    seed: int | None = None,
) -> EmulatorApp:
    """Build the API app. `access_token` (random when None) is accepted until expired.

    `storage` is the storage host's state (its URLs go in signed-file redirects); serve it
    with ``create_storage_app``. Without a `deliverer`, webhook events are recorded in each
    document's history but not sent. With a `seed` the app is deterministic: ids come from
    the seed (the same sequence after every reset), the clock (unless given) stands at
    ``FIXED_START`` until advanced, and answers carry a Date header of the emulated clock.
    """
    clock = clock or Clock(FIXED_START if seed is not None else None)
    store = Store(clock, seed)
    token = access_token or secrets.token_urlsafe(24)
    tokens = Tokens(clock)
    tokens.add_static(token)
    client_secret = secrets.token_urlsafe(24)
    tokens.register_client(DEFAULT_CLIENT_ID, client_secret, [])
    operations = compile_operations((m, p, o) for m, p, o, _ in OPERATIONS)
    ctx = Context(
        clock=clock,
        store=store,
        tokens=tokens,
        storage=storage if storage is not None else Storage(clock),
        limiter=RateLimiter(clock, rate_limit, rate_window),
        faults=Faults(operations),
        processing_delay=processing_delay,
        deliverer=deliverer,
    )
    if deliverer is not None:
        store.sinks.append(publisher(store, deliverer))
    control = Control(ctx)
    routes = [
        Route(f"/v1{path}", handler, methods=[method]) for method, path, _, handler in OPERATIONS
    ]
    routes += [
        Route("/", ui.dashboard, methods=["GET"]),
        Route("/documents/{documentId}", ui.document_page, methods=["GET"]),
        Route("/documents/{documentId}/signed.pdf", ui.signed_pdf, methods=["GET"]),
        Route("/outbox", ui.outbox_page, methods=["GET"]),
        Route("/sign/{token}", ui.signing_page, methods=["GET"]),
        Route("/sign/{token}", ui.sign_submit, methods=["POST"]),
        Route("/sign/{token}/pages/{n}.png", ui.page_image, methods=["GET"]),
        Route("/authorize", oauth.authorize_page, methods=["GET"]),
        Route("/authorize", oauth.authorize_decision, methods=["POST"]),
        *control_routes(control),
    ]
    inner = Starlette(
        routes=routes,
        exception_handlers={404: _unrouted, 405: _unrouted, Exception: _internal},
    )
    inner.state.ctx = ctx
    app = EmulatorApp(inner, ctx, operations, dated=seed is not None)
    app.control = control
    app.access_token = token
    app.oauth_client_id = DEFAULT_CLIENT_ID
    app.oauth_client_secret = client_secret
    return app
