from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.error_language import ErrorLanguage
from ..types import UNSET, Unset

T = TypeVar("T", bound="RevokeDocumentRequest")


@_attrs_define
class RevokeDocumentRequest:
    """Body of a revoke request.

    Attributes:
        error_language (ErrorLanguage | Unset): Language for error messages.
    """

    error_language: ErrorLanguage | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        error_language: str | Unset = UNSET
        if not isinstance(self.error_language, Unset):
            error_language = self.error_language.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if error_language is not UNSET:
            field_dict["errorLanguage"] = error_language

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _error_language = d.pop("errorLanguage", UNSET)
        error_language = UNSET if _error_language is None else ErrorLanguage._parse(_error_language)

        revoke_document_request = cls(
            error_language=error_language,
        )

        revoke_document_request.additional_properties = d
        return revoke_document_request

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
