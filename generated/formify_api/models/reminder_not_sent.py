from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ReminderNotSent")


@_attrs_define
class ReminderNotSent:
    """A signee who could not be reminded, and why.

    Attributes:
        signee_id (str | Unset): Signee ID.
        message (str | Unset): Why no reminder was sent.
        reminder_cooldown (int | Unset): Seconds until the next reminder can be sent.
    """

    signee_id: str | Unset = UNSET
    message: str | Unset = UNSET
    reminder_cooldown: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        signee_id = self.signee_id

        message = self.message

        reminder_cooldown = self.reminder_cooldown

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if signee_id is not UNSET:
            field_dict["signeeId"] = signee_id
        if message is not UNSET:
            field_dict["message"] = message
        if reminder_cooldown is not UNSET:
            field_dict["reminderCooldown"] = reminder_cooldown

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        signee_id = d.pop("signeeId", UNSET)

        message = d.pop("message", UNSET)

        reminder_cooldown = d.pop("reminderCooldown", UNSET)

        reminder_not_sent = cls(
            signee_id=signee_id,
            message=message,
            reminder_cooldown=reminder_cooldown,
        )

        reminder_not_sent.additional_properties = d
        return reminder_not_sent

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
