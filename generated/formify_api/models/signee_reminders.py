from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="SigneeReminders")


@_attrs_define
class SigneeReminders:
    """Reminders sent to a signee.

    Attributes:
        reminder_sent_count (int | Unset): Number of reminders sent.
        last_reminder_sent_at (datetime.datetime | None | Unset): Not in the published reference: null for "if
            applicable" (the prose does not say whether the member is null or left out; both parse). When the last reminder
            was sent, if any.
        reminder_cooldown (int | Unset): Seconds until another reminder may be sent; 0 when it may be now.
    """

    reminder_sent_count: int | Unset = UNSET
    last_reminder_sent_at: datetime.datetime | None | Unset = UNSET
    reminder_cooldown: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        reminder_sent_count = self.reminder_sent_count

        last_reminder_sent_at: None | str | Unset
        if isinstance(self.last_reminder_sent_at, Unset):
            last_reminder_sent_at = UNSET
        elif isinstance(self.last_reminder_sent_at, datetime.datetime):
            last_reminder_sent_at = self.last_reminder_sent_at.isoformat()
        else:
            last_reminder_sent_at = self.last_reminder_sent_at

        reminder_cooldown = self.reminder_cooldown

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if reminder_sent_count is not UNSET:
            field_dict["reminderSentCount"] = reminder_sent_count
        if last_reminder_sent_at is not UNSET:
            field_dict["lastReminderSentAt"] = last_reminder_sent_at
        if reminder_cooldown is not UNSET:
            field_dict["reminderCooldown"] = reminder_cooldown

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        reminder_sent_count = d.pop("reminderSentCount", UNSET)

        def _parse_last_reminder_sent_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_reminder_sent_at_type_0 = datetime.datetime.fromisoformat(data)

                return last_reminder_sent_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        last_reminder_sent_at = _parse_last_reminder_sent_at(d.pop("lastReminderSentAt", UNSET))

        reminder_cooldown = d.pop("reminderCooldown", UNSET)

        signee_reminders = cls(
            reminder_sent_count=reminder_sent_count,
            last_reminder_sent_at=last_reminder_sent_at,
            reminder_cooldown=reminder_cooldown,
        )

        signee_reminders.additional_properties = d
        return signee_reminders

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
