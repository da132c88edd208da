from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.sharing_setting import SharingSetting
from ..types import UNSET, Unset

T = TypeVar("T", bound="Template")


@_attrs_define
class Template:
    """Details of a template: a reusable document with pre-configured signature fields and signees.

    Attributes:
        template_id (str | Unset): Unique identifier of the template.
        name (str | Unset): Name of the template.
        created_at (datetime.datetime | Unset): Not in the published reference: the format of timestamps in general. The
            reference types them as strings and shows ISO 8601 (`2024-10-25T14:23:55Z`) for webhook event dates; every
            timestamp is taken to be an ISO 8601 date-time.
        user_id (str | Unset): User ID of the owner.
        sharing_setting (SharingSetting | Unset): Whether a document or template is shared with other users of the
            company account.
        signee_details (list[TemplateSignee] | Unset): Signees and their default settings.
    """

    template_id: str | Unset = UNSET
    name: str | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    user_id: str | Unset = UNSET
    sharing_setting: SharingSetting | Unset = UNSET
    signee_details: list[TemplateSignee] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        template_id = self.template_id

        name = self.name

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        user_id = self.user_id

        sharing_setting: str | Unset = UNSET
        if not isinstance(self.sharing_setting, Unset):
            sharing_setting = self.sharing_setting.value

        signee_details: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.signee_details, Unset):
            signee_details = []
            for signee_details_item_data in self.signee_details:
                signee_details_item = signee_details_item_data.to_dict()
                signee_details.append(signee_details_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if template_id is not UNSET:
            field_dict["templateId"] = template_id
        if name is not UNSET:
            field_dict["name"] = name
        if created_at is not UNSET:
            field_dict["createdAt"] = created_at
        if user_id is not UNSET:
            field_dict["userId"] = user_id
        if sharing_setting is not UNSET:
            field_dict["sharingSetting"] = sharing_setting
        if signee_details is not UNSET:
            field_dict["signeeDetails"] = signee_details

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        template_id = d.pop("templateId", UNSET)

        name = d.pop("name", UNSET)

        _created_at = d.pop("createdAt", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)

        user_id = d.pop("userId", UNSET)

        _sharing_setting = d.pop("sharingSetting", UNSET)
        sharing_setting = (
            UNSET if _sharing_setting is None else SharingSetting._parse(_sharing_setting)
        )

        _signee_details = d.pop("signeeDetails", UNSET)
        signee_details: list[TemplateSignee] | Unset = UNSET
        if _signee_details is not UNSET:
            signee_details = []
            for signee_details_item_data in _signee_details:
                signee_details_item = TemplateSignee.from_dict(signee_details_item_data)

                signee_details.append(signee_details_item)

        template = cls(
            template_id=template_id,
            name=name,
            created_at=created_at,
            user_id=user_id,
            sharing_setting=sharing_setting,
            signee_details=signee_details,
        )

        template.additional_properties = d
        return template

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


from ..models.template_signee import TemplateSignee  # noqa: E402
