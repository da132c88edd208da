from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="HistoryEntry")


@_attrs_define
class HistoryEntry:
    """Not in the published reference: the whole item schema (the reference shows only "array of objects" for an endpoint
    still under development). One event in a document's history, such as creation, an update, a signature request or
    completion.

        Attributes:
            event_id (str | Unset): Identifier of the history event.
            type_ (str | Unset): What happened.
            date (datetime.datetime | Unset): Not in the published reference: the format of timestamps in general. The
                reference types them as strings and shows ISO 8601 (`2024-10-25T14:23:55Z`) for webhook event dates; every
                timestamp is taken to be an ISO 8601 date-time.
            user_id (str | Unset): User who acted, if any.
            signee_id (str | Unset): Signee concerned, if any.
            description (str | Unset): Readable description of the event.
    """

    event_id: str | Unset = UNSET
    type_: str | Unset = UNSET
    date: datetime.datetime | Unset = UNSET
    user_id: str | Unset = UNSET
    signee_id: str | Unset = UNSET
    description: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        event_id = self.event_id

        type_ = self.type_

        date: str | Unset = UNSET
        if not isinstance(self.date, Unset):
            date = self.date.isoformat()

        user_id = self.user_id

        signee_id = self.signee_id

        description = self.description

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if event_id is not UNSET:
            field_dict["eventId"] = event_id
        if type_ is not UNSET:
            field_dict["type"] = type_
        if date is not UNSET:
            field_dict["date"] = date
        if user_id is not UNSET:
            field_dict["userId"] = user_id
        if signee_id is not UNSET:
            field_dict["signeeId"] = signee_id
        if description is not UNSET:
            field_dict["description"] = description

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        event_id = d.pop("eventId", UNSET)

        type_ = d.pop("type", UNSET)

        _date = d.pop("date", UNSET)
        date: datetime.datetime | Unset
        if isinstance(_date, Unset):
            date = UNSET
        else:
            date = datetime.datetime.fromisoformat(_date)

        user_id = d.pop("userId", UNSET)

        signee_id = d.pop("signeeId", UNSET)

        description = d.pop("description", UNSET)

        history_entry = cls(
            event_id=event_id,
            type_=type_,
            date=date,
            user_id=user_id,
            signee_id=signee_id,
            description=description,
        )

        history_entry.additional_properties = d
        return history_entry

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
