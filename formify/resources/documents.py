"""`client.documents`: create signature requests, follow them, and fetch the signed PDF."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING, Any, TypeAlias

import httpx
from formify_api import models  # each model is imported on first use (its module __getattr__)

from formify._call import Call
from formify._error_mapping import make_api_error
from formify._exceptions import APIError
from formify._lazy import lazy_endpoints
from formify._storage_urls import resolve_location
from formify._validation import (
    check_create_document,
    check_field_values,
    check_id,
    check_reminder,
    check_signee_updates,
    to_snake_keys,
)
from formify.resources._base import M, Resource, camel_keys, compact
from formify.resources._method import (
    Async,
    Bracketed,
    Download,
    Paged,
    api_method,
    paged_method,
)

if TYPE_CHECKING:  # for type checkers; at run time each is imported when a call needs it
    from formify_api.models import (
        AiAssistant,
        Document,
        DocumentCreated,
        DocumentList,
        DocumentRevoked,
        DocumentSummary,
        FieldValue,
        FieldValueInput,
        FormField,
        HistoryEntry,
        ReminderResult,
        SetFieldValuesResult,
        SignatureFieldUpdate,
        SignatureFieldUpdated,
        SigneeDetails,
    )

    from formify import _downloads
    from formify._signee_updates import SigneesUpdated
    from formify.types import (
        AiAssistantParam,
        FieldsReadonlyMode,
        FieldValues,
        Language,
        SharingSetting,
        SigneeParam,
        SigneeUpdateParam,
    )

__all__ = ["AsyncDocuments", "Documents"]

# The generated endpoints, each module imported when a call first uses it (`_lazy`).
docs = lazy_endpoints("docs")

# The typed dicts of formify.types (at run time camelCase keys are accepted too) or the
# generated models.
SigneeInput: TypeAlias = "SigneeParam | SigneeDetails"
SigneeUpdateInput: TypeAlias = "SigneeUpdateParam | SignatureFieldUpdate"


def _field_inputs(values: FieldValues) -> builtins.list[FieldValueInput]:
    return [
        models.FieldValueInput(
            name=name, value=value if isinstance(value, str) else builtins.list(value)
        )
        for name, value in values.items()
    ]


def _values_by_name(values: builtins.list[FieldValue]) -> dict[str, builtins.list[str]]:
    return {
        str(item.name): builtins.list(item.value) if item.value is not None else []
        for item in values
        if item.name is not None
    }


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


class Documents(Resource[M]):
    """Signature requests; the methods are stated once for every mode (see `_method`)."""

    @api_method
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
    ) -> Call[DocumentCreated]:
        """Create a document from `file_id` or `template_id` and invite the `signees`.

        Each signee is a `formify.types.SigneeParam` dict (`full_name`, `email_address` or
        `phone_number`, `signature_type`, `signature_placement`, `signature_box`, ...;
        `help(formify.types.SigneeParam)` lists every key) or a generated `SigneeDetails`.
        An unknown key is refused, naming the nearest known one. `fields` pre-fills form
        fields: name -> value(s); `ai_assistant` is a `formify.types.AiAssistantParam`.
        """
        options = dict(
            name=name,
            user_id=user_id,
            enable_signing_order=enable_signing_order,
            fields_readonly_mode=fields_readonly_mode,
            language=language,
            sharing_setting=sharing_setting,
            personal_message=personal_message,
        )
        signee_dicts = check_create_document(
            file_id=file_id,
            template_id=template_id,
            signees=signees,
            options={
                **options,
                "fields": fields,
                "ai_assistant": ai_assistant,
                "error_language": error_language,
            },
        )
        body = compact(
            {
                **camel_keys(compact(options)),
                "fileId": file_id,
                "templateId": template_id,
                "signeeDetails": camel_keys(signee_dicts),
                "fields": [item.to_dict() for item in _field_inputs(fields)] if fields else None,
                "aiAssistant": camel_keys(to_snake_keys(ai_assistant)) if ai_assistant else None,
                "errorLanguage": self._client._language(error_language),
            }
        )
        return Call(
            docs.create_document, kwargs={"body": models.CreateDocumentRequest.from_dict(body)}
        )

    @api_method
    def get(self, document_id: str, *, error_language: str | None = None) -> Call[Document]:
        """Return a document's details and signing status."""
        return self._get_call(document_id, error_language)

    def _get_call(self, document_id: str, error_language: str | None) -> Call[Document]:
        check_id(document_id, "document_id")
        kwargs = {"error_language": self._error_language(error_language)}
        return Call(docs.get_document, (document_id,), kwargs)

    @paged_method
    def list(
        self,
        page_size: int = 50,
        max_items: int | None = None,
        *,
        offset: int = 0,
        error_language: str | None = None,
    ) -> Paged[DocumentList, DocumentSummary]:
        """Iterate over every document, fetching `page_size` at a time; `.pages()` for pages.

        On `AsyncFormify`, iterate with `async for`.
        """
        return self._offset_list(
            docs.list_documents,
            items_of=_documents,
            page_size=page_size,
            max_items=max_items,
            offset=offset,
            error_language=error_language,
        )

    @api_method
    def delete(self, document_id: str, *, error_language: str | None = None) -> Call[None]:
        """Delete a completed or revoked document."""
        check_id(document_id, "document_id")
        kwargs = {"error_language": self._error_language(error_language)}
        return Call(docs.delete_document, (document_id,), kwargs, expect=False, result=_none)

    @api_method
    def revoke(
        self, document_id: str, *, error_language: str | None = None
    ) -> Call[DocumentRevoked]:
        """Revoke a document that is not fully signed yet."""
        check_id(document_id, "document_id")
        body = models.RevokeDocumentRequest(error_language=self._error_language(error_language))
        return Call(docs.revoke_document, (document_id,), {"body": body})

    @api_method
    def remind(
        self, document_id: str, signee_ids: Sequence[str], *, error_language: str | None = None
    ) -> Call[ReminderResult]:
        """Send a reminder to the given signees of a document awaiting signatures."""
        check_id(document_id, "document_id")
        check_reminder(signee_ids)
        body = models.ReminderRequest(
            signee_ids=builtins.list(signee_ids),
            error_language=self._error_language(error_language),
        )
        return Call(docs.send_reminder, (document_id,), {"body": body})

    @api_method
    def update_signees(
        self, document_id: str, updates: Sequence[SigneeUpdateInput]
    ) -> Bracketed[SigneesUpdated]:
        """Change signees' contact details; each updated signee gets a new id.

        `updates` are `formify.types.SigneeUpdateParam` dicts: `signee_id` and the new
        `full_name`, `email_address` or `phone_number` (an existing contact method only). The
        API gives every updated signee a new id (the old one stops working) but answers with
        one; the result's `new_ids` maps each old id to its new one (with several updates the
        document is read before and after, to find them all).
        """
        check_id(document_id, "document_id")
        checked = check_signee_updates(updates)
        body = [models.SignatureFieldUpdate.from_dict(camel_keys(u)) for u in checked]
        write: Call[SignatureFieldUpdated] = Call(
            docs.update_signature_field, (document_id,), {"body": body}
        )
        read = self._get_call(document_id, None) if len(checked) > 1 else None
        from formify._signee_updates import new_ids

        return Bracketed(write, read, partial(new_ids, checked))

    @api_method
    def history(
        self, document_id: str, *, error_language: str | None = None
    ) -> Call[builtins.list[HistoryEntry]]:
        """Return a document's event history."""
        check_id(document_id, "document_id")
        kwargs = {"error_language": self._error_language(error_language)}
        return Call(docs.get_document_history, (document_id,), kwargs)

    @api_method
    def fields(self, document_id: str) -> Call[builtins.list[FormField]]:
        """Return the form fields of a document."""
        check_id(document_id, "document_id")
        return Call(docs.get_document_fields, (document_id,))

    @api_method
    def field_values(self, document_id: str) -> Call[dict[str, builtins.list[str]]]:
        """Return a completed document's non-empty field values: name -> list of values."""
        check_id(document_id, "document_id")
        return Call(docs.get_field_values, (document_id,), result=_values_by_name)

    @api_method
    def set_field_values(self, document_id: str, values: FieldValues) -> Call[SetFieldValuesResult]:
        """Write form field values: name -> a string or a list of strings."""
        check_id(document_id, "document_id")
        check_field_values(values)
        body = models.SetFieldValuesRequest(fields=_field_inputs(values))
        return Call(docs.set_field_values, (document_id,), {"body": body})

    @api_method
    def signed_file_url(self, document_id: str, *, error_language: str | None = None) -> Call[str]:
        """Return the short-lived storage URL of the signed PDF (the 302 is not followed)."""
        return self._signed_file_call(document_id, error_language)

    def _signed_file_call(self, document_id: str, error_language: str | None) -> Call[str]:
        check_id(document_id, "document_id")
        kwargs = {"error_language": self._error_language(error_language)}
        return Call(docs.download_signed_file, (document_id,), kwargs, handle=signed_file_location)

    @api_method
    def download_signed_file(
        self,
        document_id: str,
        dest: _downloads.Dest,
        progress: _downloads.ProgressCallback | None = None,
        *,
        error_language: str | None = None,
    ) -> Download:
        """Download the signed PDF to `dest` (a path or a binary file); return bytes written.

        `progress(bytes_done, total)` is called after each chunk (`total` None if unknown).
        The storage host is sent no credentials; the retry rules are `formify._downloads`'s
        (an expired URL is asked for again once; storage failures are retried up to the
        client's `max_retries`, the body starting over).
        """
        return Download(self._signed_file_call(document_id, error_language), dest, progress)


def _none(_: Any) -> None:
    return None


# `client.documents` is a `Documents[Sync]`; the async client's, by its old name:
AsyncDocuments: TypeAlias = "Documents[Async]"
