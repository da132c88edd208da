from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.webhook_event_type import WebhookEventType

T = TypeVar("T", bound="WebhookEventBody")


@_attrs_define
class WebhookEventBody:
    """One webhook event. Events may arrive late, more than once or out of order; use `eventId` to process each only once.

    Attributes:
        event_id (str): Unique identifier of this event.
        type_ (WebhookEventType): A document event a webhook can subscribe to: created (sent for signature), opened,
            signed (by one signee), completed (signed by everyone and sealed), revoked, deleted.
        date (datetime.datetime): Not in the published reference: the format of timestamps in general. The reference
            types them as strings and shows ISO 8601 (`2024-10-25T14:23:55Z`) for webhook event dates; every timestamp is
            taken to be an ISO 8601 date-time.
        data (WebhookEventData): What an event is about. `signeeId` is sent only with `document.signed`.
    """

    event_id: str
    type_: WebhookEventType
    date: datetime.datetime
    data: WebhookEventData
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        event_id = self.event_id

        type_ = self.type_.value

        date = self.date.isoformat()

        data = self.data.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "eventId": event_id,
                "type": type_,
                "date": date,
                "data": data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        event_id = d.pop("eventId")

        type_ = WebhookEventType._parse(d.pop("type"))

        date = datetime.datetime.fromisoformat(d.pop("date"))

        data = WebhookEventData.from_dict(d.pop("data"))

        webhook_event_body = cls(
            event_id=event_id,
            type_=type_,
            date=date,
            data=data,
        )

        webhook_event_body.additional_properties = d
        return webhook_event_body

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


from ..models.webhook_event_data import WebhookEventData  # noqa: E402
