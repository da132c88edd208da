from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.document_language import DocumentLanguage
from ..models.document_status import DocumentStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="Document")


@_attrs_define
class Document:
    """Details and status of a document, its signees and metadata.

    Attributes:
        document_id (str | Unset): Not in the published reference: this member; the published response lists no document
            ID. Kept optional for servers that echo it.
        name (str | Unset): Name of the document.
        created_at (datetime.datetime | Unset): Not in the published reference: the format of timestamps in general. The
            reference types them as strings and shows ISO 8601 (`2024-10-25T14:23:55Z`) for webhook event dates; every
            timestamp is taken to be an ISO 8601 date-time.
        updated_at (datetime.datetime | Unset): Not in the published reference: the format of timestamps in general. The
            reference types them as strings and shows ISO 8601 (`2024-10-25T14:23:55Z`) for webhook event dates; every
            timestamp is taken to be an ISO 8601 date-time.
        completed_at (datetime.datetime | None | Unset): Not in the published reference: that it is null until the
            document is completed (the prose only names the timestamp). When the document was completed; null until then.
        revoked_at (datetime.datetime | None | Unset): Not in the published reference: that it is null unless the
            document is revoked (the prose only names the timestamp). When the document was revoked; null unless revoked.
        expiry_date (datetime.datetime | None | Unset): Not in the published reference: null for "if applicable" (the
            prose does not say whether the member is null or left out; both parse). When the document expires, if it does.
        status (DocumentStatus | Unset): Status of a document. `error` appears only in document details.
        ai_assistant (AiAssistant | Unset): Settings of the optional AI Assistant that answers signees' questions about
            the document. When enabled, creation is asynchronous: status `processing`, `documentUrl` null, invitations sent
            once processing ends.
        formify_transaction_id (str | Unset): Formify transaction ID.
        language (DocumentLanguage | Unset): Language of the signature request shown to signees.
        enable_signing_order (bool | Unset): Whether sequential signing order is enabled.
        signee_details (list[Signee] | Unset): Signees and their statuses.
        user_id (str | Unset): User ID of the owner.
        file_id (str | Unset): File the document was created from.
        document_url (None | str | Unset): Link to the document overview in Formify; null while `processing`.
        template_id (None | str | Unset): Not in the published reference: null for "if the document was created based on
            a template" (the prose does not say whether the member is null or left out; both parse). Template the document
            was created from, if any.
    """

    document_id: str | Unset = UNSET
    name: str | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    updated_at: datetime.datetime | Unset = UNSET
    completed_at: datetime.datetime | None | Unset = UNSET
    revoked_at: datetime.datetime | None | Unset = UNSET
    expiry_date: datetime.datetime | None | Unset = UNSET
    status: DocumentStatus | Unset = UNSET
    ai_assistant: AiAssistant | Unset = UNSET
    formify_transaction_id: str | Unset = UNSET
    language: DocumentLanguage | Unset = UNSET
    enable_signing_order: bool | Unset = UNSET
    signee_details: list[Signee] | Unset = UNSET
    user_id: str | Unset = UNSET
    file_id: str | Unset = UNSET
    document_url: None | str | Unset = UNSET
    template_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        document_id = self.document_id

        name = self.name

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        updated_at: str | Unset = UNSET
        if not isinstance(self.updated_at, Unset):
            updated_at = self.updated_at.isoformat()

        completed_at: None | str | Unset
        if isinstance(self.completed_at, Unset):
            completed_at = UNSET
        elif isinstance(self.completed_at, datetime.datetime):
            completed_at = self.completed_at.isoformat()
        else:
            completed_at = self.completed_at

        revoked_at: None | str | Unset
        if isinstance(self.revoked_at, Unset):
            revoked_at = UNSET
        elif isinstance(self.revoked_at, datetime.datetime):
            revoked_at = self.revoked_at.isoformat()
        else:
            revoked_at = self.revoked_at

        expiry_date: None | str | Unset
        if isinstance(self.expiry_date, Unset):
            expiry_date = UNSET
        elif isinstance(self.expiry_date, datetime.datetime):
            expiry_date = self.expiry_date.isoformat()
        else:
            expiry_date = self.expiry_date

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        ai_assistant: dict[str, Any] | Unset = UNSET
        if not isinstance(self.ai_assistant, Unset):
            ai_assistant = self.ai_assistant.to_dict()

        formify_transaction_id = self.formify_transaction_id

        language: str | Unset = UNSET
        if not isinstance(self.language, Unset):
            language = self.language.value

        enable_signing_order = self.enable_signing_order

        signee_details: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.signee_details, Unset):
            signee_details = []
            for signee_details_item_data in self.signee_details:
                signee_details_item = signee_details_item_data.to_dict()
                signee_details.append(signee_details_item)

        user_id = self.user_id

        file_id = self.file_id

        document_url: None | str | Unset
        if isinstance(self.document_url, Unset):
            document_url = UNSET
        else:
            document_url = self.document_url

        template_id: None | str | Unset
        if isinstance(self.template_id, Unset):
            template_id = UNSET
        else:
            template_id = self.template_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if document_id is not UNSET:
            field_dict["documentId"] = document_id
        if name is not UNSET:
            field_dict["name"] = name
        if created_at is not UNSET:
            field_dict["createdAt"] = created_at
        if updated_at is not UNSET:
            field_dict["updatedAt"] = updated_at
        if completed_at is not UNSET:
            field_dict["completedAt"] = completed_at
        if revoked_at is not UNSET:
            field_dict["revokedAt"] = revoked_at
        if expiry_date is not UNSET:
            field_dict["expiryDate"] = expiry_date
        if status is not UNSET:
            field_dict["status"] = status
        if ai_assistant is not UNSET:
            field_dict["aiAssistant"] = ai_assistant
        if formify_transaction_id is not UNSET:
            field_dict["formifyTransactionId"] = formify_transaction_id
        if language is not UNSET:
            field_dict["language"] = language
        if enable_signing_order is not UNSET:
            field_dict["enableSigningOrder"] = enable_signing_order
        if signee_details is not UNSET:
            field_dict["signeeDetails"] = signee_details
        if user_id is not UNSET:
            field_dict["userId"] = user_id
        if file_id is not UNSET:
            field_dict["fileId"] = file_id
        if document_url is not UNSET:
            field_dict["documentUrl"] = document_url
        if template_id is not UNSET:
            field_dict["templateId"] = template_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        document_id = d.pop("documentId", UNSET)

        name = d.pop("name", UNSET)

        _created_at = d.pop("createdAt", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)

        _updated_at = d.pop("updatedAt", UNSET)
        updated_at: datetime.datetime | Unset
        if isinstance(_updated_at, Unset):
            updated_at = UNSET
        else:
            updated_at = datetime.datetime.fromisoformat(_updated_at)

        def _parse_completed_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                completed_at_type_0 = datetime.datetime.fromisoformat(data)

                return completed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        completed_at = _parse_completed_at(d.pop("completedAt", UNSET))

        def _parse_revoked_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                revoked_at_type_0 = datetime.datetime.fromisoformat(data)

                return revoked_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        revoked_at = _parse_revoked_at(d.pop("revokedAt", UNSET))

        def _parse_expiry_date(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expiry_date_type_0 = datetime.datetime.fromisoformat(data)

                return expiry_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        expiry_date = _parse_expiry_date(d.pop("expiryDate", UNSET))

        _status = d.pop("status", UNSET)
        status = UNSET if _status is None else DocumentStatus._parse(_status)

        _ai_assistant = d.pop("aiAssistant", UNSET)
        ai_assistant: AiAssistant | Unset
        if isinstance(_ai_assistant, Unset):
            ai_assistant = UNSET
        else:
            ai_assistant = AiAssistant.from_dict(_ai_assistant)

        formify_transaction_id = d.pop("formifyTransactionId", UNSET)

        _language = d.pop("language", UNSET)
        language = UNSET if _language is None else DocumentLanguage._parse(_language)

        enable_signing_order = d.pop("enableSigningOrder", UNSET)

        _signee_details = d.pop("signeeDetails", UNSET)
        signee_details: list[Signee] | Unset = UNSET
        if _signee_details is not UNSET:
            signee_details = []
            for signee_details_item_data in _signee_details:
                signee_details_item = Signee.from_dict(signee_details_item_data)

                signee_details.append(signee_details_item)

        user_id = d.pop("userId", UNSET)

        file_id = d.pop("fileId", UNSET)

        def _parse_document_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        document_url = _parse_document_url(d.pop("documentUrl", UNSET))

        def _parse_template_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        template_id = _parse_template_id(d.pop("templateId", UNSET))

        document = cls(
            document_id=document_id,
            name=name,
            created_at=created_at,
            updated_at=updated_at,
            completed_at=completed_at,
            revoked_at=revoked_at,
            expiry_date=expiry_date,
            status=status,
            ai_assistant=ai_assistant,
            formify_transaction_id=formify_transaction_id,
            language=language,
            enable_signing_order=enable_signing_order,
            signee_details=signee_details,
            user_id=user_id,
            file_id=file_id,
            document_url=document_url,
            template_id=template_id,
        )

        document.additional_properties = d
        return document

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties


from ..models.ai_assistant import AiAssistant  # noqa: E402
from ..models.signee import Signee  # noqa: E402
