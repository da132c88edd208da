"""`client.files`: upload, merge, delete and inspect uploaded PDFs."""

from __future__ import annotations

import builtins
import io
from functools import partial
from typing import TYPE_CHECKING, Any

from formify_api.api.files import delete_file, get_file_fields, merge_files, upload_file
from formify_api.models import FileUploaded, FormField, MergeFilesRequest, UploadFileRequest
from formify_api.types import File

from formify._base_client import Call
from formify._uploads import FileInput, open_pdf, streaming_multipart
from formify._validation import check_id, check_merge
from formify.resources._base import C, Resource

if TYPE_CHECKING:
    # used in the string subscripts of the base classes below
    from formify._client import AsyncFormify, Formify  # noqa: F401

__all__ = ["AsyncFiles", "Files"]


def _file_id(result: FileUploaded) -> str:
    return result.file_id


class _FileCalls(Resource[C]):
    def _upload(self, file: Any, filename: str | None, error_language: str | None) -> Call[str]:
        source = open_pdf(file, filename)
        # The generated body gets a stand-in payload; `streaming_multipart` puts the real,
        # streamed file in its place (see _uploads for why the generated body is not sent).
        placeholder = io.BytesIO()
        body = UploadFileRequest(
            file=File(payload=placeholder, file_name=source.filename, mime_type="application/pdf"),
            error_language=self._error_language(error_language),
        )
        rewrite = partial(streaming_multipart, placeholder=placeholder, source=source)
        return Call[str](upload_file, kwargs={"body": body}, result=_file_id, rewrite=rewrite)

    def _merge(self, file_ids: Any, name: Any) -> Call[str]:
        check_merge(file_ids, name)
        body = MergeFilesRequest(file_ids=builtins.list(file_ids), name=name)
        return Call[str](merge_files, kwargs={"body": body}, result=_file_id)

    def _delete(self, file_id: str, error_language: str | None) -> Call[None]:
        check_id(file_id, "file_id")
        kwargs = {"error_language": self._error_language(error_language)}
        return Call[None](delete_file, (file_id,), kwargs, expect=False, result=lambda _: None)

    def _fields(self, file_id: str) -> Call[builtins.list[FormField]]:
        check_id(file_id, "file_id")
        return Call[builtins.list[FormField]](get_file_fields, (file_id,))


class Files(_FileCalls["Formify"]):
    """Uploaded PDF files (sync)."""

    def upload(
        self, file: FileInput, filename: str | None = None, *, error_language: str | None = None
    ) -> str:
        """Upload a PDF (a path, bytes or a binary file) and return its file id.

        A path is streamed from disk. Refused before sending: empty, over 50 MB, not a PDF.
        """
        return self._client._call(self._upload(file, filename, error_language))

    def merge(self, file_ids: builtins.list[str], name: str) -> str:
        """Merge 2-8 uploaded files, in order, into a new file; return its file id."""
        return self._client._call(self._merge(file_ids, name))

    def delete(self, file_id: str, *, error_language: str | None = None) -> None:
        """Delete an uploaded file."""
        self._client._call(self._delete(file_id, error_language))

    def fields(self, file_id: str) -> builtins.list[FormField]:
        """Return the form fields of an uploaded file."""
        return self._client._call(self._fields(file_id))


class AsyncFiles(_FileCalls["AsyncFormify"]):
    """Uploaded PDF files (async)."""

    async def upload(
        self, file: FileInput, filename: str | None = None, *, error_language: str | None = None
    ) -> str:
        """Upload a PDF (a path, bytes or a binary file) and return its file id."""
        return await self._client._call(self._upload(file, filename, error_language))

    async def merge(self, file_ids: builtins.list[str], name: str) -> str:
        """Merge 2-8 uploaded files, in order, into a new file; return its file id."""
        return await self._client._call(self._merge(file_ids, name))

    async def delete(self, file_id: str, *, error_language: str | None = None) -> None:
        """Delete an uploaded file."""
        await self._client._call(self._delete(file_id, error_language))

    async def fields(self, file_id: str) -> builtins.list[FormField]:
        """Return the form fields of an uploaded file."""
        return await self._client._call(self._fields(file_id))
