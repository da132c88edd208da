"""Routes for /files: upload (PDF only, at most 50 MB, unlocked), merge, delete, fields.

Signature form fields in an uploaded PDF are removed, as the reference says Formify does.
"""

from __future__ import annotations

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.requests import Request
from starlette.responses import Response

from formify.testing import _pdf
from formify.testing._routes.http import answer, api, ctx, json_body, use_language
from formify.testing._state.checks import req_str, str_list
from formify.testing._state.errors import ApiError
from formify.testing._state.models import StoredFile

MAX_BYTES = 50 * 1024 * 1024
# multipart framing around the file part; a request above MAX_BYTES + this is refused unread
FRAMING_SLACK = 64 * 1024


def _accept(data: bytes) -> tuple[bytes, int]:
    """Check an uploaded PDF; return it without signature fields (as Formify removes them)."""
    try:
        pages = _pdf.check_pdf(data)
        return _pdf.strip_signature_fields(data), pages
    except _pdf.PdfError as exc:
        key = exc.reason if exc.reason in ("not_pdf", "encrypted") else "unreadable"
        raise ApiError(400, key) from None


@api
async def upload_file(request: Request) -> Response:
    """POST /files."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > MAX_BYTES + FRAMING_SLACK:
        raise ApiError(400, "file_too_large", field="file")
    try:
        form = await request.form(max_files=1, max_fields=20)
    except (HTTPException, MultiPartException):
        # not multipart, or malformed: there is no file part to speak of
        raise ApiError(400, "required", field="file") from None
    try:
        use_language(request, form.get("errorLanguage"))
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise ApiError(400, "required", field="file")
        data = await upload.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise ApiError(400, "file_too_large", field="file")
        name = upload.filename or "file.pdf"
    finally:
        await form.close()
    data, pages = _accept(data)
    store = ctx(request).store
    stored = StoredFile(store.new_id(), name, data, pages, store.clock.now())
    with store.lock:
        store.files[stored.file_id] = stored
    return answer({"fileId": stored.file_id}, 201)


@api
async def merge_files(request: Request) -> Response:
    """POST /files/merge: 2-8 distinct files, merged in the given order."""
    body = await json_body(request)
    use_language(request, body.get("errorLanguage"))
    raw_ids = body.get("fileIds")
    if raw_ids is None:
        raise ApiError(400, "required", field="fileIds")
    ids = str_list(raw_ids, "fileIds", non_empty=False)
    if not 2 <= len(ids) <= 8:
        raise ApiError(400, "merge_count")
    for i, file_id in enumerate(ids):
        if file_id in ids[:i]:
            raise ApiError(400, "merge_duplicate", id=file_id)
    name = req_str(body, "name")
    store = ctx(request).store
    with store.lock:
        parts = []
        for file_id in ids:
            found = store.files.get(file_id)
            if found is None:
                raise ApiError(400, "unknown_id", field="fileIds", id=file_id)
            parts.append(found.data)
    if sum(len(p) for p in parts) > MAX_BYTES:
        raise ApiError(400, "file_too_large", field="fileIds")
    merged = _pdf.merge_pdfs(parts)
    if len(merged) > MAX_BYTES:
        raise ApiError(400, "file_too_large", field="fileIds")
    merged, pages = _accept(merged)
    stored = StoredFile(store.new_id(), name, merged, pages, store.clock.now())
    with store.lock:
        store.files[stored.file_id] = stored
    return answer({"fileId": stored.file_id}, 201)


@api
async def delete_file(request: Request) -> Response:
    """DELETE /files/{fileId}: the documents made from it keep their own copy."""
    store = ctx(request).store
    with store.lock:
        store.file(request.path_params["fileId"])
        del store.files[request.path_params["fileId"]]
    return Response(status_code=204)


@api
async def file_fields(request: Request) -> Response:
    """GET /files/{fileId}/fields."""
    store = ctx(request).store
    with store.lock:
        data = store.file(request.path_params["fileId"]).data
    return answer(_pdf.read_fields(data))
