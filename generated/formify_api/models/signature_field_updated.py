from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="SignatureFieldUpdated")


@_attrs_define
class SignatureFieldUpdated:
    """Not in the published reference: the nesting of `updateCooldown` (the flattened listing allows it inside `updated`;
    it is placed beside it). The published response is one object even though the request is a list; kept as one object.
    Result of a signee update; the signee gets a new `signeeId`.

        Attributes:
            signee_id (str | Unset): New identifier of the updated signee.
            updated (UpdatedSigneeContact | Unset): The contact details after an update.
            update_cooldown (int | Unset): Seconds until this signee can be updated again.
    """

    signee_id: str | Unset = UNSET
    updated: UpdatedSigneeContact | Unset = UNSET
    update_cooldown: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        signee_id = self.signee_id

        updated: dict[str, Any] | Unset = UNSET
        if not isinstance(self.updated, Unset):
            updated = self.updated.to_dict()

        update_cooldown = self.update_cooldown

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if signee_id is not UNSET:
            field_dict["signeeId"] = signee_id
        if updated is not UNSET:
            field_dict["updated"] = updated
        if update_cooldown is not UNSET:
            field_dict["updateCooldown"] = update_cooldown

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        signee_id = d.pop("signeeId", UNSET)

        _updated = d.pop("updated", UNSET)
        updated: UpdatedSigneeContact | Unset
        if isinstance(_updated, Unset):
            updated = UNSET
        else:
            updated = UpdatedSigneeContact.from_dict(_updated)

        update_cooldown = d.pop("updateCooldown", UNSET)

        signature_field_updated = cls(
            signee_id=signee_id,
            updated=updated,
            update_cooldown=update_cooldown,
        )

        signature_field_updated.additional_properties = d
        return signature_field_updated

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


from ..models.updated_signee_contact import UpdatedSigneeContact  # noqa: E402
