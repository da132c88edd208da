from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="SigneeUpdates")


@_attrs_define
class SigneeUpdates:
    """Updates of a signee's contact details.

    Attributes:
        last_update_at (datetime.datetime | None | Unset): Not in the published reference: null for "if applicable" (the
            prose does not say whether the member is null or left out; both parse). When the signee was last updated, if
            ever.
        update_cooldown (int | Unset): Seconds until the signee may be updated again; 0 when it may be now.
    """

    last_update_at: datetime.datetime | None | Unset = UNSET
    update_cooldown: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        last_update_at: None | str | Unset
        if isinstance(self.last_update_at, Unset):
            last_update_at = UNSET
        elif isinstance(self.last_update_at, datetime.datetime):
            last_update_at = self.last_update_at.isoformat()
        else:
            last_update_at = self.last_update_at

        update_cooldown = self.update_cooldown

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if last_update_at is not UNSET:
            field_dict["lastUpdateAt"] = last_update_at
        if update_cooldown is not UNSET:
            field_dict["updateCooldown"] = update_cooldown

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_last_update_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_update_at_type_0 = datetime.datetime.fromisoformat(data)

                return last_update_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        last_update_at = _parse_last_update_at(d.pop("lastUpdateAt", UNSET))

        update_cooldown = d.pop("updateCooldown", UNSET)

        signee_updates = cls(
            last_update_at=last_update_at,
            update_cooldown=update_cooldown,
        )

        signee_updates.additional_properties = d
        return signee_updates

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
