from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="DocumentList")


@_attrs_define
class DocumentList:
    """Not in the published reference: the required members (all four are taken as always present). The published listing
    also names `errorLanguage` among the response members; it is read as the query parameter of the same name and left
    out here. One page of documents created by the user or shared within the account.

        Attributes:
            limit (int): Page size requested.
            offset (int): Offset used for this page.
            next_offset (int | None): Offset of the next page, or null when there are no more results.
            documents (list[DocumentSummary]):
    """

    limit: int
    offset: int
    next_offset: int | None
    documents: list[DocumentSummary]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        limit = self.limit

        offset = self.offset

        next_offset: int | None
        next_offset = self.next_offset

        documents = []
        for documents_item_data in self.documents:
            documents_item = documents_item_data.to_dict()
            documents.append(documents_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "limit": limit,
                "offset": offset,
                "nextOffset": next_offset,
                "documents": documents,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        limit = d.pop("limit")

        offset = d.pop("offset")

        def _parse_next_offset(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        next_offset = _parse_next_offset(d.pop("nextOffset"))

        documents = []
        _documents = d.pop("documents")
        for documents_item_data in _documents:
            documents_item = DocumentSummary.from_dict(documents_item_data)

            documents.append(documents_item)

        document_list = cls(
            limit=limit,
            offset=offset,
            next_offset=next_offset,
            documents=documents,
        )

        document_list.additional_properties = d
        return document_list

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


from ..models.document_summary import DocumentSummary  # noqa: E402
