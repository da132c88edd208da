"""`client.files`: upload, merge, delete and inspect uploaded PDFs."""

from __future__ import annotations

import builtins
import io
from functools import partial
from typing import TypeAlias

from formify_api.models import FileUploaded, FormField, MergeFilesRequest, UploadFileRequest
from formify_api.types import File

from formify._call import Call
from formify._lazy import lazy_endpoints
from formify._uploads import FileInput, open_pdf, streaming_multipart
from formify._validation import check_id, check_merge
from formify.resources._base import M, Resource
from formify.resources._method import Async, api_method

__all__ = ["AsyncFiles", "Files"]

# The generated endpoints, each module imported when a call first uses it (`_lazy`).
files = lazy_endpoints("files")


def _file_id(result: FileUploaded) -> str:
    return result.file_id


def _none(_: object) -> None:
    return None


class Files(Resource[M]):
    """Uploaded PDF files; the methods are stated once for every mode (see `_method`)."""

    @api_method
    def upload(
        self, file: FileInput, filename: str | None = None, *, error_language: str | None = None
    ) -> Call[str]:
        """Upload a PDF (a path, bytes or a binary file) and return its file id.

        A path is streamed from disk. Refused before sending: empty, over 50 MB, not a PDF.
        """
        source = open_pdf(file, filename)
        # The generated body gets a stand-in payload; `streaming_multipart` puts the real,
        # streamed file in its place (see _uploads for why the generated body is not sent).
        placeholder = io.BytesIO()
        body = UploadFileRequest(
            file=File(payload=placeholder, file_name=source.filename, mime_type="application/pdf"),
            error_language=self._error_language(error_language),
        )
        rewrite = partial(streaming_multipart, placeholder=placeholder, source=source)
        return Call(files.upload_file, kwargs={"body": body}, result=_file_id, rewrite=rewrite)

    @api_method
    def merge(self, file_ids: builtins.list[str], name: str) -> Call[str]:
        """Merge 2-8 uploaded files, in order, into a new file; return its file id."""
        check_merge(file_ids, name)
        body = MergeFilesRequest(file_ids=builtins.list(file_ids), name=name)
        return Call(files.merge_files, kwargs={"body": body}, result=_file_id)

    @api_method
    def delete(self, file_id: str, *, error_language: str | None = None) -> Call[None]:
        """Delete an uploaded file."""
        check_id(file_id, "file_id")
        kwargs = {"error_language": self._error_language(error_language)}
        return Call(files.delete_file, (file_id,), kwargs, expect=False, result=_none)

    @api_method
    def fields(self, file_id: str) -> Call[builtins.list[FormField]]:
        """Return the form fields of an uploaded file."""
        check_id(file_id, "file_id")
        return Call(files.get_file_fields, (file_id,))


# `client.files` is a `Files[Sync]`; the async client's, by its old name:
AsyncFiles: TypeAlias = "Files[Async]"
