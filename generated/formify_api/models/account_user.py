from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.account_user_status import AccountUserStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="AccountUser")


@_attrs_define
class AccountUser:
    """A user on the account, including invited users.

    Attributes:
        user_id (str | Unset): Unique identifier of the user.
        email (str | Unset): Email address.
        first_name (str | Unset): First name.
        last_name (str | Unset): Last name.
        full_name (None | str | Unset): Not in the published reference: null for "if available" (the prose does not say
            whether the member is null or left out; both parse). Full name, if available.
        roles (list[str] | Unset): Roles within the account.
        status (AccountUserStatus | Unset): Status of a user on the account; `invited` users have a pending invitation.
    """

    user_id: str | Unset = UNSET
    email: str | Unset = UNSET
    first_name: str | Unset = UNSET
    last_name: str | Unset = UNSET
    full_name: None | str | Unset = UNSET
    roles: list[str] | Unset = UNSET
    status: AccountUserStatus | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        user_id = self.user_id

        email = self.email

        first_name = self.first_name

        last_name = self.last_name

        full_name: None | str | Unset
        if isinstance(self.full_name, Unset):
            full_name = UNSET
        else:
            full_name = self.full_name

        roles: list[str] | Unset = UNSET
        if not isinstance(self.roles, Unset):
            roles = self.roles

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if user_id is not UNSET:
            field_dict["userId"] = user_id
        if email is not UNSET:
            field_dict["email"] = email
        if first_name is not UNSET:
            field_dict["firstName"] = first_name
        if last_name is not UNSET:
            field_dict["lastName"] = last_name
        if full_name is not UNSET:
            field_dict["fullName"] = full_name
        if roles is not UNSET:
            field_dict["roles"] = roles
        if status is not UNSET:
            field_dict["status"] = status

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        user_id = d.pop("userId", UNSET)

        email = d.pop("email", UNSET)

        first_name = d.pop("firstName", UNSET)

        last_name = d.pop("lastName", UNSET)

        def _parse_full_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        full_name = _parse_full_name(d.pop("fullName", UNSET))

        roles = cast(list[str], d.pop("roles", UNSET))

        _status = d.pop("status", UNSET)
        status = UNSET if _status is None else AccountUserStatus._parse(_status)

        account_user = cls(
            user_id=user_id,
            email=email,
            first_name=first_name,
            last_name=last_name,
            full_name=full_name,
            roles=roles,
            status=status,
        )

        account_user.additional_properties = d
        return account_user

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
