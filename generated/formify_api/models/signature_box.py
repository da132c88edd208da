from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="SignatureBox")


@_attrs_define
class SignatureBox:
    """Position of a signature field for `existing` placement. The field is 219 x 58 points before scaling. Members left
    out fall back to the template's values; with `existing` placement `x`, `y`, `page` and `scale` must come from the
    request or the template.

        Attributes:
            x (float | Unset): Horizontal position in points; at least 0.
            y (float | Unset): Vertical position in points; at least 0.
            page (int | Unset): Page index; at least 0 and within the document's page count.
            scale (float | Unset): Scale factor applied to the 219 x 58 point signature field. Default: 1.0.
    """

    x: float | Unset = UNSET
    y: float | Unset = UNSET
    page: int | Unset = UNSET
    scale: float | Unset = 1.0
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        x = self.x

        y = self.y

        page = self.page

        scale = self.scale

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if x is not UNSET:
            field_dict["x"] = x
        if y is not UNSET:
            field_dict["y"] = y
        if page is not UNSET:
            field_dict["page"] = page
        if scale is not UNSET:
            field_dict["scale"] = scale

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        x = d.pop("x", UNSET)

        y = d.pop("y", UNSET)

        page = d.pop("page", UNSET)

        scale = d.pop("scale", UNSET)

        signature_box = cls(
            x=x,
            y=y,
            page=page,
            scale=scale,
        )

        signature_box.additional_properties = d
        return signature_box

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
