from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types
from ..models.error_language import ErrorLanguage
from ..types import UNSET, File, Unset

T = TypeVar("T", bound="UploadFileRequest")


@_attrs_define
class UploadFileRequest:
    """Multipart form for uploading a PDF: unlocked (no password), at most 50 MB, no digital signatures from other
    services. Existing signature form fields are removed on upload.

        Attributes:
            file (File): The PDF document, at most 50 MB.
            error_language (ErrorLanguage | Unset): Language for error messages.
    """

    file: File
    error_language: ErrorLanguage | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        file = self.file.to_tuple()

        error_language: str | Unset = UNSET
        if not isinstance(self.error_language, Unset):
            error_language = self.error_language.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "file": file,
            }
        )
        if error_language is not UNSET:
            field_dict["errorLanguage"] = error_language

        return field_dict

    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        files.append(("file", self.file.to_tuple()))

        if not isinstance(self.error_language, Unset):
            files.append(
                ("errorLanguage", (None, str(self.error_language.value).encode(), "text/plain"))
            )

        for prop_name, prop in self.additional_properties.items():
            files.append((prop_name, (None, str(prop).encode(), "text/plain")))

        return files

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        file = File(payload=BytesIO(d.pop("file")))

        _error_language = d.pop("errorLanguage", UNSET)
        error_language = UNSET if _error_language is None else ErrorLanguage._parse(_error_language)

        upload_file_request = cls(
            file=file,
            error_language=error_language,
        )

        upload_file_request.additional_properties = d
        return upload_file_request

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
