from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ReminderResult")


@_attrs_define
class ReminderResult:
    """Which reminders were sent and which were not.

    Attributes:
        reminders_sent_to (list[ReminderSent] | Unset): Signees reminded.
        reminders_not_sent_to (list[ReminderNotSent] | Unset): Signees not reminded, with reasons.
    """

    reminders_sent_to: list[ReminderSent] | Unset = UNSET
    reminders_not_sent_to: list[ReminderNotSent] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        reminders_sent_to: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.reminders_sent_to, Unset):
            reminders_sent_to = []
            for reminders_sent_to_item_data in self.reminders_sent_to:
                reminders_sent_to_item = reminders_sent_to_item_data.to_dict()
                reminders_sent_to.append(reminders_sent_to_item)

        reminders_not_sent_to: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.reminders_not_sent_to, Unset):
            reminders_not_sent_to = []
            for reminders_not_sent_to_item_data in self.reminders_not_sent_to:
                reminders_not_sent_to_item = reminders_not_sent_to_item_data.to_dict()
                reminders_not_sent_to.append(reminders_not_sent_to_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if reminders_sent_to is not UNSET:
            field_dict["remindersSentTo"] = reminders_sent_to
        if reminders_not_sent_to is not UNSET:
            field_dict["remindersNotSentTo"] = reminders_not_sent_to

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _reminders_sent_to = d.pop("remindersSentTo", UNSET)
        reminders_sent_to: list[ReminderSent] | Unset = UNSET
        if _reminders_sent_to is not UNSET:
            reminders_sent_to = []
            for reminders_sent_to_item_data in _reminders_sent_to:
                reminders_sent_to_item = ReminderSent.from_dict(reminders_sent_to_item_data)

                reminders_sent_to.append(reminders_sent_to_item)

        _reminders_not_sent_to = d.pop("remindersNotSentTo", UNSET)
        reminders_not_sent_to: list[ReminderNotSent] | Unset = UNSET
        if _reminders_not_sent_to is not UNSET:
            reminders_not_sent_to = []
            for reminders_not_sent_to_item_data in _reminders_not_sent_to:
                reminders_not_sent_to_item = ReminderNotSent.from_dict(
                    reminders_not_sent_to_item_data
                )

                reminders_not_sent_to.append(reminders_not_sent_to_item)

        reminder_result = cls(
            reminders_sent_to=reminders_sent_to,
            reminders_not_sent_to=reminders_not_sent_to,
        )

        reminder_result.additional_properties = d
        return reminder_result

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


from ..models.reminder_not_sent import ReminderNotSent  # noqa: E402
from ..models.reminder_sent import ReminderSent  # noqa: E402
