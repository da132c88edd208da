"""`client.documents`: create signature requests, follow them, and fetch the signed PDF."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import httpx
from formify_api.api.docs import (
    create_document,
    delete_document,
    download_signed_file,
    get_document,
    get_document_fields,
    get_document_history,
    get_field_values,
    list_documents,
    revoke_document,
    send_reminder,
    set_field_values,
    update_signature_field,
)
from formify_api.models import (
    AiAssistant,
    CreateDocumentRequest,
    Document,
    DocumentCreated,
    DocumentList,
    DocumentRevoked,
    DocumentSummary,
    FieldValue,
    FieldValueInput,
    FormField,
    HistoryEntry,
    ReminderRequest,
    ReminderResult,
    RevokeDocumentRequest,
    SetFieldValuesRequest,
    SetFieldValuesResult,
    SignatureFieldUpdate,
    SignatureFieldUpdated,
    SigneeDetails,
)

from formify import _downloads
from formify._base_client import Call, make_api_error
from formify._exceptions import APIError
from formify._storage_urls import resolve_location
from formify._validation import (
    check_create_document,
    check_field_values,
    check_id,
    check_paging,
    check_reminder,
    check_signee_updates,
    to_snake_keys,
)
from formify.pagination import AsyncPager, SyncPager
from formify.resources._base import C, Resource, camel_keys, compact
from formify.types import (
    AiAssistantParam,
    FieldsReadonlyMode,
    FieldValues,
    Language,
    SharingSetting,
    SigneeParam,
    SigneeUpdateParam,
)

if TYPE_CHECKING:
    # used in the string subscripts of the base classes below
    from formify._client import AsyncFormify, Formify  # noqa: F401

__all__ = ["AsyncDocuments", "Documents"]

# The typed dicts of formify.types (at run time camelCase keys are accepted too) or the
# generated models.
SigneeInput = SigneeParam | SigneeDetails
SigneeUpdateInput = SigneeUpdateParam | SignatureFieldUpdate


def _field_inputs(values: FieldValues) -> builtins.list[FieldValueInput]:
    return [
        FieldValueInput(name=name, value=value if isinstance(value, str) else builtins.list(value))
        for name, value in values.items()
    ]


def _values_by_name(values: builtins.list[FieldValue]) -> dict[str, builtins.list[str]]:
    return {
        str(item.name): builtins.list(item.value) if item.value is not None else []
        for item in values
        if item.name is not None
    }


def _next_offset(page: DocumentList) -> int | None:
    return page.next_offset if isinstance(page.next_offset, int) else None


def _documents(page: DocumentList) -> builtins.list[DocumentSummary]:
    return page.documents


def signed_file_location(response: httpx.Response) -> str:
    """Return the storage URL of a signed-file 302; raise the mapped error otherwise."""
    if response.status_code >= 400:
        raise make_api_error(response)
    location = response.headers.get("Location")
    if response.status_code not in (301, 302, 303, 307, 308) or not location:
        raise APIError(
            response.status_code,
            "expected a redirect with a Location header to the signed file",
            body=response.text,
            headers=dict(response.headers),
        )
    return resolve_location(response)


class _DocumentCalls(Resource[C]):
    def _create(
        self,
        file_id: str | None,
        template_id: str | None,
        signees: Any,
        options: dict[str, Any],
    ) -> Call[DocumentCreated]:
        signee_dicts = check_create_document(
            file_id=file_id, template_id=template_id, signees=signees, options=options
        )
        language = self._client._language(options.pop("error_language", None))
        fields = options.pop("fields", None)
        ai_assistant = options.pop("ai_assistant", None)
        body = compact(
            {
                **camel_keys(compact(options)),
                "fileId": file_id,
                "templateId": template_id,
                "signeeDetails": camel_keys(signee_dicts),
                "fields": [item.to_dict() for item in _field_inputs(fields)] if fields else None,
                "aiAssistant": camel_keys(to_snake_keys(ai_assistant)) if ai_assistant else None,
                "errorLanguage": language,
            }
        )
        return Call[DocumentCreated](
            create_document, kwargs={"body": CreateDocumentRequest.from_dict(body)}
        )

    def _get(self, document_id: str, error_language: str | None) -> Call[Document]:
        check_id(document_id, "document_id")
        kwargs = {"error_language": self._error_language(error_language)}
        return Call[Document](get_document, (document_id,), kwargs)

    def _page(self, offset: int, limit: int, error_language: str | None) -> Call[DocumentList]:
        kwargs = {
            "limit": limit,
            "offset": offset,
            "error_language": self._error_language(error_language),
        }
        return Call[DocumentList](list_documents, kwargs=kwargs)

    def _delete(self, document_id: str, error_language: str | None) -> Call[None]:
        check_id(document_id, "document_id")
        kwargs = {"error_language": self._error_language(error_language)}
        return Call[None](delete_document, (document_id,), kwargs, expect=False, result=_none)

    def _revoke(self, document_id: str, error_language: str | None) -> Call[DocumentRevoked]:
        check_id(document_id, "document_id")
        body = RevokeDocumentRequest(error_language=self._error_language(error_language))
        return Call[DocumentRevoked](revoke_document, (document_id,), {"body": body})

    def _remind(
        self, document_id: str, signee_ids: Any, error_language: str | None
    ) -> Call[ReminderResult]:
        check_id(document_id, "document_id")
        check_reminder(signee_ids)
        body = ReminderRequest(
            signee_ids=builtins.list(signee_ids),
            error_language=self._error_language(error_language),
        )
        return Call[ReminderResult](send_reminder, (document_id,), {"body": body})

    def _update_signees(self, document_id: str, updates: Any) -> Call[SignatureFieldUpdated]:
        check_id(document_id, "document_id")
        body = [
            SignatureFieldUpdate.from_dict(camel_keys(u)) for u in check_signee_updates(updates)
        ]
        return Call[SignatureFieldUpdated](update_signature_field, (document_id,), {"body": body})

    def _history(
        self, document_id: str, error_language: str | None
    ) -> Call[builtins.list[HistoryEntry]]:
        check_id(document_id, "document_id")
        kwargs = {"error_language": self._error_language(error_language)}
        return Call[builtins.list[HistoryEntry]](get_document_history, (document_id,), kwargs)

    def _fields(self, document_id: str) -> Call[builtins.list[FormField]]:
        check_id(document_id, "document_id")
        return Call[builtins.list[FormField]](get_document_fields, (document_id,))

    def _field_values(self, document_id: str) -> Call[dict[str, builtins.list[str]]]:
        check_id(document_id, "document_id")
        return Call[dict[str, builtins.list[str]]](
            get_field_values, (document_id,), result=_values_by_name
        )

    def _set_field_values(self, document_id: str, values: Any) -> Call[SetFieldValuesResult]:
        check_id(document_id, "document_id")
        check_field_values(values)
        body = SetFieldValuesRequest(fields=_field_inputs(values))
        return Call[SetFieldValuesResult](set_field_values, (document_id,), {"body": body})

    def _signed_file_url(self, document_id: str, error_language: str | None) -> Call[str]:
        check_id(document_id, "document_id")
        kwargs = {"error_language": self._error_language(error_language)}
        return Call[str](download_signed_file, (document_id,), kwargs, handle=signed_file_location)

    def _download_args(self, document_id: Any, error_language: Any) -> None:
        """Check a download's arguments before the first request (sync and async alike)."""
        check_id(document_id, "document_id")
        self._client._language(error_language)

    def _list_args(self, page_size: Any, offset: Any, max_items: Any, error_language: Any) -> None:
        check_paging(page_size, offset, max_items)
        self._client._language(error_language)


def _none(_: Any) -> None:
    return None


class Documents(_DocumentCalls["Formify"]):
    """Signature requests (sync)."""

    def create(
        self,
        *,
        signees: Sequence[SigneeInput],
        file_id: str | None = None,
        template_id: str | None = None,
        name: str | None = None,
        fields: FieldValues | None = None,
        user_id: str | None = None,
        enable_signing_order: bool | None = None,
        fields_readonly_mode: FieldsReadonlyMode | None = None,
        language: Language | None = None,
        sharing_setting: SharingSetting | None = None,
        personal_message: str | None = None,
        ai_assistant: AiAssistantParam | AiAssistant | None = None,
        error_language: str | None = None,
    ) -> DocumentCreated:
        """Create a document from `file_id` or `template_id` and invite the `signees`.

        Each signee is a dict with snake_case keys (`full_name`, `email_address` or
        `phone_number`, `signature_type`, `signature_placement`, `signature_box`, ...) or a
        generated `SigneeDetails`. `fields` pre-fills form fields: name -> value(s).
        """
        options = dict(
            name=name,
            fields=fields,
            user_id=user_id,
            enable_signing_order=enable_signing_order,
            fields_readonly_mode=fields_readonly_mode,
            language=language,
            sharing_setting=sharing_setting,
            personal_message=personal_message,
            ai_assistant=ai_assistant,
            error_language=error_language,
        )
        return self._client._call(self._create(file_id, template_id, signees, options))

    def get(self, document_id: str, *, error_language: str | None = None) -> Document:
        """Return a document's details and signing status."""
        return self._client._call(self._get(document_id, error_language))

    def list(
        self,
        page_size: int = 50,
        max_items: int | None = None,
        *,
        offset: int = 0,
        error_language: str | None = None,
    ) -> SyncPager[DocumentList, DocumentSummary]:
        """Iterate over every document, fetching `page_size` at a time; `.pages()` for pages."""
        self._list_args(page_size, offset, max_items, error_language)

        def fetch_page(page_offset: int, limit: int) -> DocumentList:
            return self._client._call(self._page(page_offset, limit, error_language))

        return SyncPager(
            fetch_page,
            items_of=_documents,
            next_offset_of=_next_offset,
            page_size=page_size,
            offset=offset,
            max_items=max_items,
        )

    def delete(self, document_id: str, *, error_language: str | None = None) -> None:
        """Delete a completed or revoked document."""
        self._client._call(self._delete(document_id, error_language))

    def revoke(self, document_id: str, *, error_language: str | None = None) -> DocumentRevoked:
        """Revoke a document that is not fully signed yet."""
        return self._client._call(self._revoke(document_id, error_language))

    def remind(
        self, document_id: str, signee_ids: Sequence[str], *, error_language: str | None = None
    ) -> ReminderResult:
        """Send a reminder to the given signees of a document awaiting signatures."""
        return self._client._call(self._remind(document_id, signee_ids, error_language))

    def update_signees(
        self, document_id: str, updates: Sequence[SigneeUpdateInput]
    ) -> SignatureFieldUpdated:
        """Change signees' contact details (dicts with `signee_id` and the new values)."""
        return self._client._call(self._update_signees(document_id, updates))

    def history(
        self, document_id: str, *, error_language: str | None = None
    ) -> builtins.list[HistoryEntry]:
        """Return a document's event history."""
        return self._client._call(self._history(document_id, error_language))

    def fields(self, document_id: str) -> builtins.list[FormField]:
        """Return the form fields of a document."""
        return self._client._call(self._fields(document_id))

    def field_values(self, document_id: str) -> dict[str, builtins.list[str]]:
        """Return a completed document's non-empty field values: name -> list of values."""
        return self._client._call(self._field_values(document_id))

    def set_field_values(self, document_id: str, values: FieldValues) -> SetFieldValuesResult:
        """Write form field values: name -> a string or a list of strings."""
        return self._client._call(self._set_field_values(document_id, values))

    def signed_file_url(self, document_id: str, *, error_language: str | None = None) -> str:
        """Return the short-lived storage URL of the signed PDF (the 302 is not followed)."""
        return self._client._call(self._signed_file_url(document_id, error_language))

    def download_signed_file(
        self,
        document_id: str,
        dest: _downloads.Dest,
        progress: _downloads.ProgressCallback | None = None,
        *,
        error_language: str | None = None,
    ) -> int:
        """Download the signed PDF to `dest` (a path or a binary file); return bytes written.

        `progress(bytes_done, total)` is called after each chunk (`total` None if unknown).
        The storage host is sent no credentials. An expired URL (403) makes one request for a
        fresh URL. A storage 408, 500, 502, 503 or 504, a timeout, a connection error or a body
        cut short is retried up to the client's `max_retries`, with the same backoff as API
        calls; a retry fetches the whole body again, so `bytes_done` starts over from 0. With a
        path, the partial temporary file is discarded first (no byte is written twice); a file
        object is retried only if nothing has been written to it yet (it is never rewound).
        When no retry is left, `DownloadError` is raised as without retries.
        """
        self._download_args(document_id, error_language)
        return _downloads.download_signed_file(
            dest,
            get_url=lambda: self.signed_file_url(document_id, error_language=error_language),
            storage_client=self._client._storage_client(),
            api_base_url=self._client.base_url,
            progress=progress,
            max_retries=self._client.max_retries,
            sleep=self._client._sleep,
        )


class AsyncDocuments(_DocumentCalls["AsyncFormify"]):
    """Signature requests (async)."""

    async def create(
        self,
        *,
        signees: Sequence[SigneeInput],
        file_id: str | None = None,
        template_id: str | None = None,
        name: str | None = None,
        fields: FieldValues | None = None,
        user_id: str | None = None,
        enable_signing_order: bool | None = None,
        fields_readonly_mode: FieldsReadonlyMode | None = None,
        language: Language | None = None,
        sharing_setting: SharingSetting | None = None,
        personal_message: str | None = None,
        ai_assistant: AiAssistantParam | AiAssistant | None = None,
        error_language: str | None = None,
    ) -> DocumentCreated:
        """Create a document from `file_id` or `template_id` and invite the `signees`."""
        options = dict(
            name=name,
            fields=fields,
            user_id=user_id,
            enable_signing_order=enable_signing_order,
            fields_readonly_mode=fields_readonly_mode,
            language=language,
            sharing_setting=sharing_setting,
            personal_message=personal_message,
            ai_assistant=ai_assistant,
            error_language=error_language,
        )
        return await self._client._call(self._create(file_id, template_id, signees, options))

    async def get(self, document_id: str, *, error_language: str | None = None) -> Document:
        """Return a document's details and signing status."""
        return await self._client._call(self._get(document_id, error_language))

    def list(
        self,
        page_size: int = 50,
        max_items: int | None = None,
        *,
        offset: int = 0,
        error_language: str | None = None,
    ) -> AsyncPager[DocumentList, DocumentSummary]:
        """Iterate (`async for`) over every document; `.pages()` for pages."""
        self._list_args(page_size, offset, max_items, error_language)

        async def fetch_page(page_offset: int, limit: int) -> DocumentList:
            return await self._client._call(self._page(page_offset, limit, error_language))

        return AsyncPager(
            fetch_page,
            items_of=_documents,
            next_offset_of=_next_offset,
            page_size=page_size,
            offset=offset,
            max_items=max_items,
        )

    async def delete(self, document_id: str, *, error_language: str | None = None) -> None:
        """Delete a completed or revoked document."""
        await self._client._call(self._delete(document_id, error_language))

    async def revoke(
        self, document_id: str, *, error_language: str | None = None
    ) -> DocumentRevoked:
        """Revoke a document that is not fully signed yet."""
        return await self._client._call(self._revoke(document_id, error_language))

    async def remind(
        self, document_id: str, signee_ids: Sequence[str], *, error_language: str | None = None
    ) -> ReminderResult:
        """Send a reminder to the given signees of a document awaiting signatures."""
        return await self._client._call(self._remind(document_id, signee_ids, error_language))

    async def update_signees(
        self, document_id: str, updates: Sequence[SigneeUpdateInput]
    ) -> SignatureFieldUpdated:
        """Change signees' contact details (dicts with `signee_id` and the new values)."""
        return await self._client._call(self._update_signees(document_id, updates))

    async def history(
        self, document_id: str, *, error_language: str | None = None
    ) -> builtins.list[HistoryEntry]:
        """Return a document's event history."""
        return await self._client._call(self._history(document_id, error_language))

    async def fields(self, document_id: str) -> builtins.list[FormField]:
        """Return the form fields of a document."""
        return await self._client._call(self._fields(document_id))

    async def field_values(self, document_id: str) -> dict[str, builtins.list[str]]:
        """Return a completed document's non-empty field values: name -> list of values."""
        return await self._client._call(self._field_values(document_id))

    async def set_field_values(self, document_id: str, values: FieldValues) -> SetFieldValuesResult:
        """Write form field values: name -> a string or a list of strings."""
        return await self._client._call(self._set_field_values(document_id, values))

    async def signed_file_url(self, document_id: str, *, error_language: str | None = None) -> str:
        """Return the short-lived storage URL of the signed PDF (the 302 is not followed)."""
        return await self._client._call(self._signed_file_url(document_id, error_language))

    async def download_signed_file(
        self,
        document_id: str,
        dest: _downloads.Dest,
        progress: _downloads.ProgressCallback | None = None,
        *,
        error_language: str | None = None,
    ) -> int:
        """Download the signed PDF to `dest` (a path or a binary file); return bytes written.

        `progress(bytes_done, total)` is called after each chunk (`total` None if unknown).
        The storage host is sent no credentials. An expired URL (403) makes one request for a
        fresh URL. A storage 408, 500, 502, 503 or 504, a timeout, a connection error or a body
        cut short is retried up to the client's `max_retries`, with the same backoff as API
        calls; a retry fetches the whole body again, so `bytes_done` starts over from 0. With a
        path, the partial temporary file is discarded first (no byte is written twice); a file
        object is retried only if nothing has been written to it yet (it is never rewound).
        When no retry is left, `DownloadError` is raised as without retries.
        """
        self._download_args(document_id, error_language)
        return await _downloads.adownload_signed_file(
            dest,
            get_url=lambda: self.signed_file_url(document_id, error_language=error_language),
            storage_client=self._client._storage_client(),
            api_base_url=self._client.base_url,
            progress=progress,
            max_retries=self._client.max_retries,
            sleep=self._client._sleep,
        )
