from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="UpdatedSigneeContact")


@_attrs_define
class UpdatedSigneeContact:
    """The contact details after an update.

    Attributes:
        full_name (str | Unset): Full name.
        email_address (str | Unset): Email address.
        phone_number (str | Unset): Phone number.
    """

    full_name: str | Unset = UNSET
    email_address: str | Unset = UNSET
    phone_number: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        full_name = self.full_name

        email_address = self.email_address

        phone_number = self.phone_number

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if full_name is not UNSET:
            field_dict["fullName"] = full_name
        if email_address is not UNSET:
            field_dict["emailAddress"] = email_address
        if phone_number is not UNSET:
            field_dict["phoneNumber"] = phone_number

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        full_name = d.pop("fullName", UNSET)

        email_address = d.pop("emailAddress", UNSET)

        phone_number = d.pop("phoneNumber", UNSET)

        updated_signee_contact = cls(
            full_name=full_name,
            email_address=email_address,
            phone_number=phone_number,
        )

        updated_signee_contact.additional_properties = d
        return updated_signee_contact

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
