from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.document_creation_status import DocumentCreationStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="DocumentCreated")


@_attrs_define
class DocumentCreated:
    """Not in the published reference: that `documentId` is always present (taken as required). The document created by a
    signature request.

        Attributes:
            document_id (str): Unique identifier of the document.
            name (str | Unset): Name of the document.
            created_at (datetime.datetime | Unset): Not in the published reference: the format of timestamps in general. The
                reference types them as strings and shows ISO 8601 (`2024-10-25T14:23:55Z`) for webhook event dates; every
                timestamp is taken to be an ISO 8601 date-time.
            user_id (str | Unset): User ID of the owner.
            status (DocumentCreationStatus | Unset): Status right after creation: `processing` while the AI Assistant
                prepares the document (asynchronous creation), otherwise `created`.
            document_url (None | str | Unset): Link to the owner's overview page in Formify; null while the document is
                `processing`.
    """

    document_id: str
    name: str | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    user_id: str | Unset = UNSET
    status: DocumentCreationStatus | Unset = UNSET
    document_url: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        document_id = self.document_id

        name = self.name

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        user_id = self.user_id

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        document_url: None | str | Unset
        if isinstance(self.document_url, Unset):
            document_url = UNSET
        else:
            document_url = self.document_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "documentId": document_id,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if created_at is not UNSET:
            field_dict["createdAt"] = created_at
        if user_id is not UNSET:
            field_dict["userId"] = user_id
        if status is not UNSET:
            field_dict["status"] = status
        if document_url is not UNSET:
            field_dict["documentUrl"] = document_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        document_id = d.pop("documentId")

        name = d.pop("name", UNSET)

        _created_at = d.pop("createdAt", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)

        user_id = d.pop("userId", UNSET)

        _status = d.pop("status", UNSET)
        status = UNSET if _status is None else DocumentCreationStatus._parse(_status)

        def _parse_document_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        document_url = _parse_document_url(d.pop("documentUrl", UNSET))

        document_created = cls(
            document_id=document_id,
            name=name,
            created_at=created_at,
            user_id=user_id,
            status=status,
            document_url=document_url,
        )

        document_created.additional_properties = d
        return document_created

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
