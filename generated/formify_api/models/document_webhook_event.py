from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="DocumentWebhookEvent")


@_attrs_define
class DocumentWebhookEvent:
    """Payload Formify posts to a webhook URL for document events.

    Attributes:
        event (WebhookEventBody): One webhook event. Events may arrive late, more than once or out of order; use
            `eventId` to process each only once.
    """

    event: WebhookEventBody
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        event = self.event.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "event": event,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        event = WebhookEventBody.from_dict(d.pop("event"))

        document_webhook_event = cls(
            event=event,
        )

        document_webhook_event.additional_properties = d
        return document_webhook_event

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


from ..models.webhook_event_body import WebhookEventBody  # noqa: E402
