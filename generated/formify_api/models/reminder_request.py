from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.error_language import ErrorLanguage
from ..types import UNSET, Unset

T = TypeVar("T", bound="ReminderRequest")


@_attrs_define
class ReminderRequest:
    """Signees to remind.

    Attributes:
        signee_ids (list[str]): IDs of the signees to remind.
        error_language (ErrorLanguage | Unset): Language for error messages.
    """

    signee_ids: list[str]
    error_language: ErrorLanguage | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        signee_ids = self.signee_ids

        error_language: str | Unset = UNSET
        if not isinstance(self.error_language, Unset):
            error_language = self.error_language.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "signeeIds": signee_ids,
            }
        )
        if error_language is not UNSET:
            field_dict["errorLanguage"] = error_language

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        signee_ids = cast(list[str], d.pop("signeeIds"))

        _error_language = d.pop("errorLanguage", UNSET)
        error_language = UNSET if _error_language is None else ErrorLanguage._parse(_error_language)

        reminder_request = cls(
            signee_ids=signee_ids,
            error_language=error_language,
        )

        reminder_request.additional_properties = d
        return reminder_request

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
