from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="User")


@_attrs_define
class User:
    """The authenticated user and their account.

    Attributes:
        user_id (str | Unset): Unique identifier of the user.
        email_address (str | Unset): Email address on this account.
        full_name (str | Unset): Full name.
        first_name (str | Unset): First name.
        last_name (str | Unset): Last name.
        account_id (str | Unset): Unique identifier of the account.
        account_name (str | Unset): Name of the account.
    """

    user_id: str | Unset = UNSET
    email_address: str | Unset = UNSET
    full_name: str | Unset = UNSET
    first_name: str | Unset = UNSET
    last_name: str | Unset = UNSET
    account_id: str | Unset = UNSET
    account_name: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        user_id = self.user_id

        email_address = self.email_address

        full_name = self.full_name

        first_name = self.first_name

        last_name = self.last_name

        account_id = self.account_id

        account_name = self.account_name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if user_id is not UNSET:
            field_dict["userId"] = user_id
        if email_address is not UNSET:
            field_dict["emailAddress"] = email_address
        if full_name is not UNSET:
            field_dict["fullName"] = full_name
        if first_name is not UNSET:
            field_dict["firstName"] = first_name
        if last_name is not UNSET:
            field_dict["lastName"] = last_name
        if account_id is not UNSET:
            field_dict["accountId"] = account_id
        if account_name is not UNSET:
            field_dict["accountName"] = account_name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        user_id = d.pop("userId", UNSET)

        email_address = d.pop("emailAddress", UNSET)

        full_name = d.pop("fullName", UNSET)

        first_name = d.pop("firstName", UNSET)

        last_name = d.pop("lastName", UNSET)

        account_id = d.pop("accountId", UNSET)

        account_name = d.pop("accountName", UNSET)

        user = cls(
            user_id=user_id,
            email_address=email_address,
            full_name=full_name,
            first_name=first_name,
            last_name=last_name,
            account_id=account_id,
            account_name=account_name,
        )

        user.additional_properties = d
        return user

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
