from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="OAuthErrorResponse")


@_attrs_define
class OAuthErrorResponse:
    """Not in the published reference: the error body of the token endpoint. Assumed to follow RFC 6749 section 5.2
    (`error` and `error_description`), as OAuth 2.0 token endpoints do.

        Attributes:
            error (str | Unset): OAuth 2.0 error code, e.g. `invalid_grant`.
            error_description (str | Unset): Human-readable explanation.
            message (str | Unset): A Formify-style message, if sent instead.
    """

    error: str | Unset = UNSET
    error_description: str | Unset = UNSET
    message: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        error = self.error

        error_description = self.error_description

        message = self.message

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if error is not UNSET:
            field_dict["error"] = error
        if error_description is not UNSET:
            field_dict["error_description"] = error_description
        if message is not UNSET:
            field_dict["message"] = message

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        error = d.pop("error", UNSET)

        error_description = d.pop("error_description", UNSET)

        message = d.pop("message", UNSET)

        o_auth_error_response = cls(
            error=error,
            error_description=error_description,
            message=message,
        )

        o_auth_error_response.additional_properties = d
        return o_auth_error_response

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
