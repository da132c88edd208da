from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.webhook_event_type import WebhookEventType
from ..types import UNSET, Unset

T = TypeVar("T", bound="WebhookListItem")


@_attrs_define
class WebhookListItem:
    """A registered webhook as listed, with its signing secret.

    Attributes:
        webhook_id (str | Unset): Unique identifier of the webhook.
        webhook_url (str | Unset): URL events are sent to.
        name (str | Unset): Name of the webhook.
        event_types (list[WebhookEventType] | Unset):
        signing_secret (str | Unset): HMAC signing secret.
    """

    webhook_id: str | Unset = UNSET
    webhook_url: str | Unset = UNSET
    name: str | Unset = UNSET
    event_types: list[WebhookEventType] | Unset = UNSET
    signing_secret: str | Unset = _attrs_field(repr=False, default=UNSET)
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        webhook_id = self.webhook_id

        webhook_url = self.webhook_url

        name = self.name

        event_types: list[str] | Unset = UNSET
        if not isinstance(self.event_types, Unset):
            event_types = []
            for event_types_item_data in self.event_types:
                event_types_item = event_types_item_data.value
                event_types.append(event_types_item)

        signing_secret = self.signing_secret

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if webhook_id is not UNSET:
            field_dict["webhookId"] = webhook_id
        if webhook_url is not UNSET:
            field_dict["webhookUrl"] = webhook_url
        if name is not UNSET:
            field_dict["name"] = name
        if event_types is not UNSET:
            field_dict["eventTypes"] = event_types
        if signing_secret is not UNSET:
            field_dict["signingSecret"] = signing_secret

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        webhook_id = d.pop("webhookId", UNSET)

        webhook_url = d.pop("webhookUrl", UNSET)

        name = d.pop("name", UNSET)

        _event_types = d.pop("eventTypes", UNSET)
        event_types: list[WebhookEventType] | Unset = UNSET
        if _event_types is not UNSET:
            event_types = []
            for event_types_item_data in _event_types:
                event_types_item = WebhookEventType(event_types_item_data)

                event_types.append(event_types_item)

        signing_secret = d.pop("signingSecret", UNSET)

        webhook_list_item = cls(
            webhook_id=webhook_id,
            webhook_url=webhook_url,
            name=name,
            event_types=event_types,
            signing_secret=signing_secret,
        )

        webhook_list_item.additional_properties = d
        return webhook_list_item

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
