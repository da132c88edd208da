from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="WebhookSecretRotated")


@_attrs_define
class WebhookSecretRotated:
    """Not in the published reference: that both members are always present (taken as required). The new signing secret;
    the old one stops working at once.

        Attributes:
            webhook_id (str): Unique identifier of the webhook.
            signing_secret (str): The new signing secret.
    """

    webhook_id: str
    signing_secret: str = _attrs_field(repr=False)
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        webhook_id = self.webhook_id

        signing_secret = self.signing_secret

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "webhookId": webhook_id,
                "signingSecret": signing_secret,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        webhook_id = d.pop("webhookId")

        signing_secret = d.pop("signingSecret")

        webhook_secret_rotated = cls(
            webhook_id=webhook_id,
            signing_secret=signing_secret,
        )

        webhook_secret_rotated.additional_properties = d
        return webhook_secret_rotated

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
