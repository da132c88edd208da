from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.signature_placement import SignaturePlacement
from ..models.signature_status import SignatureStatus
from ..models.signature_type import SignatureType
from ..types import UNSET, Unset

T = TypeVar("T", bound="Signee")


@_attrs_define
class Signee:
    """A signee of a document and the state of their signature.

    Attributes:
        signee_id (str | Unset): Unique identifier of the signee.
        full_name (str | Unset): Full name.
        email_address (str | Unset): Email address.
        phone_number (str | Unset): Phone number used for text messages.
        signature_type (SignatureType | Unset): How a signee signs: `digital_ink` (drawn, SES), `bankid_identification`
            (Swedish BankID, AES), `digital_ink_id_scan` (ID scan then drawn signature; needs `existing` placement with both
            boxes), `face_liveness` (ID scan with a video selfie liveness check). `not_set` is reported in responses when no
            type has been chosen.
        signature_placement (SignaturePlacement | Unset): Where the signature field goes: `existing` (coordinates on an
            existing page, via `signatureBox`) or `new_page` (an A4 portrait page appended at the end; not supported for
            `digital_ink_id_scan`).
        signing_order (int | Unset): Position in the signing sequence; relevant only when signing order is enabled.
        signature_status (SignatureStatus | Unset): Whether a signee has signed.
        signed_at (datetime.datetime | None | Unset): Not in the published reference: null for "if applicable" (the
            prose does not say whether the member is null or left out; both parse). When the signee signed, if they have.
        reminders (SigneeReminders | Unset): Reminders sent to a signee.
        updates (SigneeUpdates | Unset): Updates of a signee's contact details.
    """

    signee_id: str | Unset = UNSET
    full_name: str | Unset = UNSET
    email_address: str | Unset = UNSET
    phone_number: str | Unset = UNSET
    signature_type: SignatureType | Unset = UNSET
    signature_placement: SignaturePlacement | Unset = UNSET
    signing_order: int | Unset = UNSET
    signature_status: SignatureStatus | Unset = UNSET
    signed_at: datetime.datetime | None | Unset = UNSET
    reminders: SigneeReminders | Unset = UNSET
    updates: SigneeUpdates | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        signee_id = self.signee_id

        full_name = self.full_name

        email_address = self.email_address

        phone_number = self.phone_number

        signature_type: str | Unset = UNSET
        if not isinstance(self.signature_type, Unset):
            signature_type = self.signature_type.value

        signature_placement: str | Unset = UNSET
        if not isinstance(self.signature_placement, Unset):
            signature_placement = self.signature_placement.value

        signing_order = self.signing_order

        signature_status: str | Unset = UNSET
        if not isinstance(self.signature_status, Unset):
            signature_status = self.signature_status.value

        signed_at: None | str | Unset
        if isinstance(self.signed_at, Unset):
            signed_at = UNSET
        elif isinstance(self.signed_at, datetime.datetime):
            signed_at = self.signed_at.isoformat()
        else:
            signed_at = self.signed_at

        reminders: dict[str, Any] | Unset = UNSET
        if not isinstance(self.reminders, Unset):
            reminders = self.reminders.to_dict()

        updates: dict[str, Any] | Unset = UNSET
        if not isinstance(self.updates, Unset):
            updates = self.updates.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if signee_id is not UNSET:
            field_dict["signeeId"] = signee_id
        if full_name is not UNSET:
            field_dict["fullName"] = full_name
        if email_address is not UNSET:
            field_dict["emailAddress"] = email_address
        if phone_number is not UNSET:
            field_dict["phoneNumber"] = phone_number
        if signature_type is not UNSET:
            field_dict["signatureType"] = signature_type
        if signature_placement is not UNSET:
            field_dict["signaturePlacement"] = signature_placement
        if signing_order is not UNSET:
            field_dict["signingOrder"] = signing_order
        if signature_status is not UNSET:
            field_dict["signatureStatus"] = signature_status
        if signed_at is not UNSET:
            field_dict["signedAt"] = signed_at
        if reminders is not UNSET:
            field_dict["reminders"] = reminders
        if updates is not UNSET:
            field_dict["updates"] = updates

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        signee_id = d.pop("signeeId", UNSET)

        full_name = d.pop("fullName", UNSET)

        email_address = d.pop("emailAddress", UNSET)

        phone_number = d.pop("phoneNumber", UNSET)

        _signature_type = d.pop("signatureType", UNSET)
        signature_type = UNSET if _signature_type is None else SignatureType._parse(_signature_type)

        _signature_placement = d.pop("signaturePlacement", UNSET)
        signature_placement = (
            UNSET
            if _signature_placement is None
            else SignaturePlacement._parse(_signature_placement)
        )

        signing_order = d.pop("signingOrder", UNSET)

        _signature_status = d.pop("signatureStatus", UNSET)
        signature_status = (
            UNSET if _signature_status is None else SignatureStatus._parse(_signature_status)
        )

        def _parse_signed_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                signed_at_type_0 = datetime.datetime.fromisoformat(data)

                return signed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        signed_at = _parse_signed_at(d.pop("signedAt", UNSET))

        _reminders = d.pop("reminders", UNSET)
        reminders: SigneeReminders | Unset
        if isinstance(_reminders, Unset):
            reminders = UNSET
        else:
            reminders = SigneeReminders.from_dict(_reminders)

        _updates = d.pop("updates", UNSET)
        updates: SigneeUpdates | Unset
        if isinstance(_updates, Unset):
            updates = UNSET
        else:
            updates = SigneeUpdates.from_dict(_updates)

        signee = cls(
            signee_id=signee_id,
            full_name=full_name,
            email_address=email_address,
            phone_number=phone_number,
            signature_type=signature_type,
            signature_placement=signature_placement,
            signing_order=signing_order,
            signature_status=signature_status,
            signed_at=signed_at,
            reminders=reminders,
            updates=updates,
        )

        signee.additional_properties = d
        return signee

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


from ..models.signee_reminders import SigneeReminders  # noqa: E402
from ..models.signee_updates import SigneeUpdates  # noqa: E402
