from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="MergeFilesRequest")


@_attrs_define
class MergeFilesRequest:
    """Files to merge, in order, into one new file (combined size at most 50 MB).

    Attributes:
        file_ids (list[str]): IDs of uploaded PDF files, merged in this order: 2 to 8 IDs, no duplicates.
        name (str): Name for the merged file.
    """

    file_ids: list[str]
    name: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        file_ids = self.file_ids

        name = self.name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "fileIds": file_ids,
                "name": name,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        file_ids = cast(list[str], d.pop("fileIds"))

        name = d.pop("name")

        merge_files_request = cls(
            file_ids=file_ids,
            name=name,
        )

        merge_files_request.additional_properties = d
        return merge_files_request

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
