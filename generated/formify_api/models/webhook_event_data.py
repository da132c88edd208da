from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="WebhookEventData")


@_attrs_define
class WebhookEventData:
    """What an event is about. `signeeId` is sent only with `document.signed`.

    Attributes:
        document_id (str): The document.
        account_id (str): The account.
        user_id (str): The user.
        signee_id (str | Unset): The signee who signed (`document.signed` only).
    """

    document_id: str
    account_id: str
    user_id: str
    signee_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        document_id = self.document_id

        account_id = self.account_id

        user_id = self.user_id

        signee_id = self.signee_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "documentId": document_id,
                "accountId": account_id,
                "userId": user_id,
            }
        )
        if signee_id is not UNSET:
            field_dict["signeeId"] = signee_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        document_id = d.pop("documentId")

        account_id = d.pop("accountId")

        user_id = d.pop("userId")

        signee_id = d.pop("signeeId", UNSET)

        webhook_event_data = cls(
            document_id=document_id,
            account_id=account_id,
            user_id=user_id,
            signee_id=signee_id,
        )

        webhook_event_data.additional_properties = d
        return webhook_event_data

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
